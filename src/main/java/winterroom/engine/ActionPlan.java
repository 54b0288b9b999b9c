package winterroom.engine;

import winterroom.facts.Action;
import winterroom.facts.ActionType;
import winterroom.facts.OrgType;
import winterroom.facts.Organisation;
import winterroom.policy.OrganisationProfile;
import winterroom.situation.Situation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the recommendations into the plan an on-call manager acts on: the exception return first when one is
 * owed, then the most urgent (priority, then decide-by time). Owners and recipients are named from the
 * organisations catalogue, with the role that acts on the day (weekday, or weekend and bank holiday).
 */
final class ActionPlan {
    static final String EXCEPTION_RETURN = "EXCEPTION_RETURN";
    /** Where a return goes: the plan's "assurance reporting to NHSE" (000:L7282). */
    private static final String RETURN_RECIPIENT = "NHS England";
    /** Actions whose affected party is the one named in the situation's own action (P10, P11). */
    private static final Map<ActionType, String> AFFECTING = Map.of(ActionType.CROSS_ORG_ACTION, "AGREE_WITH_AFFECTED",
            ActionType.UNINTENDED_CONSEQUENCE, "RECTIFY_CONSEQUENCE");

    private final Situation situation;
    private final Map<String, OrganisationProfile> catalogue;
    /**
     * The situation's organisations by code, built once per plan: looking each party up by scanning the situation's
     * list cost (organisations x plan items x parties), quadratic in a region's size.
     */
    private final Map<String, Organisation> byCode;
    private final boolean outOfHours;

    private ActionPlan(Situation situation, Map<String, OrganisationProfile> catalogue, EvaluationResult.Calendar calendar) {
        this.situation = situation;
        this.catalogue = catalogue;
        this.byCode = new HashMap<>();
        for (Organisation o : situation.organisations()) byCode.putIfAbsent(o.getCode(), o);   // the first of a code, as a scan found
        this.outOfHours = calendar.weekend() || calendar.bankHoliday();
    }

    static List<PlanItem> of(Situation situation, Map<String, OrganisationProfile> catalogue, EvaluationResult.Calendar calendar,
                             EvaluationResult.ExceptionReport report, List<EvaluationResult.RecommendedAction> recommendations) {
        return new ActionPlan(situation, catalogue, calendar).build(report, recommendations);
    }

    private List<PlanItem> build(EvaluationResult.ExceptionReport report, List<EvaluationResult.RecommendedAction> recommendations) {
        List<PlanItem> items = new ArrayList<>();
        for (EvaluationResult.RecommendedAction r : recommendations) items.add(item(r, report));
        // Stable: items of equal priority and time keep the recommendations' order.
        items.sort(Comparator.comparing((PlanItem i) -> !(report.required() && i.action().equals(EXCEPTION_RETURN)))
                .thenComparingInt(PlanItem::priority)
                .thenComparing(PlanItem::decideBy, Comparator.nullsLast(Comparator.naturalOrder())));
        return items;
    }

    private PlanItem item(EvaluationResult.RecommendedAction r, EvaluationResult.ExceptionReport report) {
        boolean isReturn = r.action().equals(EXCEPTION_RETURN);
        List<String> owners = isReturn ? List.of(submitter(r)) : parties(r.provider());
        List<String> recipients = parties(r.recipient());
        String forWhom = isReturn ? RETURN_RECIPIENT : joined(recipients.stream().map(this::name).toList(), "; ");
        String acuteInput = isReturn ? joined(acuteLeads(report).stream().map(this::actor).toList(), "; ") : null;
        return new PlanItem(r.action(), r.title(), r.priority(),
                owners.isEmpty() ? null : String.join("; ", owners.stream().map(this::actor).toList()),
                joined(owners.stream().filter(this::isOrganisation).toList(), ", "),
                forWhom, acuteInput, decideBy(r), isReturn ? returnReason(report) : Sentences.merge(r.reasons()),
                r.requiresPriorDiscussion() ? discussWith(r, owners, recipients) : List.of(),
                riskAccepted(r), impact(r));
    }

    /**
     * The parts with the separator between them, or null when there are none. Joined once: adding one part at a time
     * copied the growing text for every part, quadratic in an item naming every trust of a region.
     */
    private static String joined(List<String> parts, String separator) {
        return parts.isEmpty() ? null : String.join(separator, parts);
    }

    /** "T1, T3 and T5 hold at LTHT inside the reporting window: four-hour performance 78.5% ... (T1); ... (T5)." */
    private static String returnReason(EvaluationResult.ExceptionReport report) {
        List<String> codes = report.triggers().stream().map(EvaluationResult.Trigger::code).distinct().sorted().toList();
        if (codes.isEmpty()) return "An exception trigger holds inside the reporting window.";
        List<String> orgs = report.triggers().stream().map(t -> t.org() == null ? "system" : t.org()).distinct().toList();
        boolean oneOrg = orgs.size() == 1;
        List<String> facts = report.triggers().stream()
                .map(t -> (oneOrg || t.org() == null ? "" : t.org() + ": ") + t.detail() + " (" + t.code() + ")").toList();
        String which = (codes.size() == 1 ? codes.get(0) + " holds" : Sentences.joined(codes) + " hold")
                + (oneOrg && !orgs.get(0).equals("system") ? " at " + orgs.get(0) : "");
        return Sentences.merge(List.of(which + " inside the reporting window: " + String.join("; ", facts)));
    }

    // The decide-by time (P16), the risk accepted at OPEL 3-4 (P14) and the impact on provider and recipient come
    // with the recommendation, from the action catalogue and the decision-times table.
    private static Instant decideBy(EvaluationResult.RecommendedAction r) { return r.decideBy(); }

    private static String riskAccepted(EvaluationResult.RecommendedAction r) { return r.riskAccepted(); }

    private static EvaluationResult.Impact impact(EvaluationResult.RecommendedAction r) { return r.impact(); }

    /** The organisations an action touches, other than its owners, that must agree to it first (P10). */
    private List<String> discussWith(EvaluationResult.RecommendedAction r, List<String> owners, List<String> recipients) {
        Set<String> affected = new LinkedHashSet<>(recipients);
        Set<String> forOrgs = situation.actions().isEmpty() ? Set.of() : new HashSet<>(r.orgs());
        for (Action a : situation.actions()) {
            if (a.getAffects() != null && r.action().equals(AFFECTING.get(a.getType())) && forOrgs.contains(a.getOrg())) {
                affected.add(a.getAffects());
            }
        }
        affected.removeAll(owners);
        return affected.stream().filter(this::isOrganisation).map(this::name).toList();
    }

    /** Compiled once: String.split compiles a pattern this long on every call, 5% of an evaluation here. */
    private static final java.util.regex.Pattern LIST_SEPARATOR = java.util.regex.Pattern.compile("\\s*,\\s*");

    /** "LTHT, CCG" (an organisation's own tool resolved to the organisations) or "CCG" as codes; "system" stays a word. */
    private static List<String> parties(String party) {
        if (party == null || party.isBlank() || party.equals("own organisation")) return List.of();
        return List.of(LIST_SEPARATOR.split(party));
    }

    /** The commissioner collates and submits the return (000:L7284-7287). */
    private String submitter(EvaluationResult.RecommendedAction r) {
        if (!r.orgs().isEmpty()) return r.orgs().get(0);
        return firstOfType(OrgType.COMMISSIONER, r.provider());
    }

    /** The acute trusts where a trigger holds give the acute input; else the acute trust of the catalogue. */
    private List<String> acuteLeads(EvaluationResult.ExceptionReport report) {
        Set<String> leads = new LinkedHashSet<>();
        for (EvaluationResult.Trigger t : report.triggers()) {
            if (typeOf(t.org()) == OrgType.ACUTE) leads.add(t.org());
        }
        if (leads.isEmpty()) leads.add(firstOfType(OrgType.ACUTE, null));
        leads.remove(null);
        return List.copyOf(leads);
    }

    private String firstOfType(OrgType type, String otherwise) {
        for (Organisation o : situation.organisations()) if (o.getType() == type) return o.getCode();
        return catalogue.values().stream().filter(o -> o.type() == type).map(OrganisationProfile::code).findFirst().orElse(otherwise);
    }

    private OrgType typeOf(String code) {
        Organisation o = byCode.get(code);
        if (o != null) return o.getType();
        OrganisationProfile p = catalogue.get(code);
        return p == null ? null : p.type();
    }

    private boolean isOrganisation(String code) {
        return catalogue.containsKey(code) || byCode.containsKey(code);
    }

    /** "NHS Leeds CCG, on-call manager": the full name and the role that acts today; a code the catalogue lacks as it is. */
    private String actor(String code) {
        OrganisationProfile p = catalogue.get(code);
        if (p == null) return name(code);
        String role = p.roleOn(outOfHours);
        return role == null || role.isBlank() ? p.name() : p.name() + ", " + role;
    }

    private String name(String code) {
        OrganisationProfile p = catalogue.get(code);
        if (p != null) return p.name();
        return switch (code) {
            case "system" -> "the whole " + situation.system() + " system";
            case "practices" -> "GP practices";
            case "public" -> "the public";
            default -> code;
        };
    }
}
