package winterroom.situation;

import com.fasterxml.jackson.databind.JsonNode;
import winterroom.facts.Action;
import winterroom.facts.ActionType;
import winterroom.facts.Event;
import winterroom.facts.EventType;
import winterroom.facts.Measure;
import winterroom.facts.OrgType;
import winterroom.facts.Organisation;
import winterroom.policy.Catalogues;
import winterroom.policy.MetricDefinition;
import winterroom.policy.OrganisationProfile;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a situation from JSON and checks it. Its shape (types, required fields, enums, ranges, lengths, unknown
 * fields, nulls) is checked against the Situation schema of openapi.json ({@link SituationSchema}); what a schema
 * cannot say is checked here: codes against the catalogues, references to the situation's own organisations, a
 * metric's range, dates, duplicates and the order of the handover bands. It collects every problem rather than
 * stopping at the first, so a user fixes a request in one go, and names each field once; nothing is evaluated
 * unless the whole situation is valid.
 */
public final class SituationParser {
    /** Years a plan can describe; outside them dates are mistakes, and calendars cannot be computed. */
    private static final int FIRST_YEAR = 1900, LAST_YEAR = 2200;
    /** Handover bands are cumulative: more patients wait over 15 minutes than over 30, and over 30 than over 60. */
    private static final List<String> HANDOVER_BANDS = List.of("ambulance_handover_over_15_min",
            "ambulance_handover_over_30_min", "ambulance_handover_over_60_min");

    /** Problems in the order of the situation's fields and items, whichever check found them. */
    private static final List<String> SECTIONS = List.of("", "system", "asOf", "bankHoliday", "name", "description", "expect",
            "organisations", "measures", "events", "actions");
    private static final Pattern FIRST_INDEX = Pattern.compile("[A-Za-z]+\\[(\\d{1,9})]");
    private static final Comparator<FieldError> IN_DOCUMENT_ORDER = Comparator
            .comparingInt((FieldError f) -> {
                int rank = SECTIONS.indexOf(f.field().split("[.\\[]", 2)[0]);
                return rank < 0 ? SECTIONS.size() : rank;
            })
            .thenComparingInt(f -> {
                Matcher m = FIRST_INDEX.matcher(f.field());
                return m.lookingAt() ? Integer.parseInt(m.group(1)) : -1;
            });

    private final Catalogues catalogues;
    private final List<FieldError> errors = new ArrayList<>();
    /** Fields already refused, by the schema or here: each is named once, by its first problem. */
    private final Set<String> refused = new HashSet<>();

    private SituationParser(Catalogues catalogues) { this.catalogues = catalogues; }

    /** Reads a situation whose shape is the bundled API document's. */
    public static Situation parse(JsonNode json, Catalogues catalogues) {
        return parse(json, catalogues, SituationSchema.bundled());
    }

    /** Reads a situation whose shape is the given schema's. */
    public static Situation parse(JsonNode json, Catalogues catalogues, SituationSchema schema) {
        return new SituationParser(catalogues).read(json, schema);
    }

    private Situation read(JsonNode json, SituationSchema schema) {
        if (json == null || !json.isObject()) {
            throw new InvalidSituationException("a situation must be a JSON object", List.of(new FieldError("", "expected a JSON object")));
        }
        for (FieldError f : schema.situationProblems(json)) problem(f.field(), f.message());
        String system = text(json.get("system"));
        Instant asOf = readAsOf(json.get("asOf"));
        JsonNode bh = json.get("bankHoliday");
        Boolean bankHoliday = bh != null && bh.isBoolean() ? bh.booleanValue() : null;
        List<Organisation> orgs = readOrganisations(json.get("organisations"));
        Map<String, Organisation> byCode = orgs.stream().filter(o -> o.getCode() != null)
                .collect(Collectors.toMap(Organisation::getCode, o -> o, (a, b) -> a));
        List<Measure> measures = readMeasures(json.get("measures"), byCode.keySet());
        List<Event> events = readEvents(json.get("events"), byCode.keySet());
        List<Action> actions = readActions(json.get("actions"), byCode.keySet());
        if (!errors.isEmpty()) {
            errors.sort(IN_DOCUMENT_ORDER);
            throw new InvalidSituationException("the situation is not valid (" + errors.size() + " problem" + (errors.size() == 1 ? "" : "s") + ")", errors);
        }
        return new Situation(system == null ? "Leeds" : system, asOf, bankHoliday, orgs, measures, events, actions);
    }

    private void problem(String field, String message) {
        if (refused.add(field)) errors.add(new FieldError(field, message));
    }

    private Instant readAsOf(JsonNode node) {
        if (node == null || !node.isTextual()) return null;   // the schema has said what is missing or wrong
        try {
            return moment(node.textValue());
        } catch (IllegalArgumentException e) {
            problem("asOf", e.getMessage());
            return null;
        }
    }

    /**
     * A date-time with an offset, within the years a plan can describe (outside them a date is a mistake,
     * and calendars cannot be computed); IllegalArgumentException with a readable message otherwise.
     */
    public static Instant moment(String text) {
        OffsetDateTime at;
        try {
            at = OffsetDateTime.parse(text);
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("not a date-time with an offset: '" + text + "' (e.g. \"2019-01-12T07:30:00Z\")");
        }
        if (at.getYear() < FIRST_YEAR || at.getYear() > LAST_YEAR) {
            throw new IllegalArgumentException("year " + at.getYear() + " is outside " + FIRST_YEAR + " to " + LAST_YEAR);
        }
        return at.toInstant();
    }

    private List<Organisation> readOrganisations(JsonNode node) {
        List<Organisation> orgs = new ArrayList<>();
        if (node == null || !node.isArray() || refused.contains("organisations")) return orgs;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "organisations[" + i + "]";
            JsonNode o = node.get(i);
            if (!o.isObject()) continue;
            String code = refused.contains(path + ".code") ? null : text(o.get("code"));
            if (code != null && !seen.add(code)) problem(path + ".code", "duplicate organisation '" + code + "'");
            OrgType type = organisationType(o.get("type"), code, path + ".type");
            JsonNode lv = o.get("reportedOpel");
            Integer opel = lv != null && lv.isNumber() && !refused.contains(path + ".reportedOpel") ? lv.intValue() : null;
            orgs.add(new Organisation(code, type, opel));
        }
        return orgs;
    }

    /**
     * An organisation's type: as given, or else the organisations catalogue's for its code. An organisation the
     * catalogue does not know (another trust in a national sitrep, say) must give its type.
     */
    private OrgType organisationType(JsonNode given, String code, String path) {
        if (given != null && !given.isNull()) return enumValue(given, OrgType.class);
        OrganisationProfile known = code == null ? null : catalogues.organisations().get(code);
        if (known != null) return known.type();
        if (code != null) {
            problem(path, "required: organisation '" + code + "' is not in " + Catalogues.ORGANISATIONS
                    + " (known: " + String.join(", ", catalogues.organisations().keySet()) + "), so give its type: one of "
                    + Arrays.stream(OrgType.values()).map(Enum::name).collect(Collectors.joining(", ")));
        }
        return null;
    }

    private List<Measure> readMeasures(JsonNode node, Set<String> orgs) {
        List<Measure> measures = new ArrayList<>();
        if (!items(node, "measures")) return measures;
        Map<String, Integer> seen = new HashMap<>();
        Map<String, Map<String, double[]>> bands = new HashMap<>();   // org -> band -> {value, index}
        for (int i = 0; i < node.size(); i++) {
            String path = "measures[" + i + "]";
            JsonNode m = node.get(i);
            if (!m.isObject()) continue;
            String org = orgReference(m, "org", path + ".org", orgs);
            String metric = refused.contains(path + ".metric") ? null : trimmed(m.get("metric"));
            MetricDefinition def = null;
            if (metric != null) {
                def = catalogues.metrics().get(metric);
                if (def == null) problem(path + ".metric", "unknown metric '" + metric + "'" + suggestion(metric));
            }
            Double value = number(m.get("value"), path + ".value", def);
            Double previous = number(m.get("previousDay"), path + ".previousDay", def);
            if (org != null && metric != null) {
                Integer first = seen.putIfAbsent(org + "\u0000" + metric, i);
                if (first != null) problem(path, "duplicate measure: " + metric + " for " + org + " is already given at measures[" + first + "]");
            }
            if (org != null && value != null && def != null && HANDOVER_BANDS.contains(metric)) {
                bands.computeIfAbsent(org, k -> new HashMap<>()).put(metric, new double[]{value, i});
            }
            if (org != null && metric != null && value != null) measures.add(new Measure(org, metric, value, previous));
        }
        for (Map.Entry<String, Map<String, double[]>> e : bands.entrySet()) {
            for (int wide = 0; wide < HANDOVER_BANDS.size(); wide++) {
                for (int narrow = wide + 1; narrow < HANDOVER_BANDS.size(); narrow++) {
                    double[] w = e.getValue().get(HANDOVER_BANDS.get(wide));
                    double[] n = e.getValue().get(HANDOVER_BANDS.get(narrow));
                    if (w != null && n != null && n[0] > w[0]) {
                        problem("measures[" + (int) n[1] + "].value", "handover bands out of order for " + e.getKey() + ": "
                                + HANDOVER_BANDS.get(narrow) + " (" + fmt(n[0]) + ") exceeds " + HANDOVER_BANDS.get(wide) + " (" + fmt(w[0]) + "); the bands are cumulative");
                    }
                }
            }
        }
        return measures;
    }

    private List<Event> readEvents(JsonNode node, Set<String> orgs) {
        List<Event> events = new ArrayList<>();
        if (!items(node, "events")) return events;
        for (int i = 0; i < node.size(); i++) {
            String path = "events[" + i + "]";
            JsonNode e = node.get(i);
            if (!e.isObject()) continue;
            EventType type = enumValue(e.get("type"), EventType.class);
            String org = orgReference(e, "org", path + ".org", orgs);
            events.add(new Event(type, org, text(e.get("description")), text(e.get("severity"))));
        }
        return events;
    }

    private List<Action> readActions(JsonNode node, Set<String> orgs) {
        List<Action> actions = new ArrayList<>();
        if (!items(node, "actions")) return actions;
        for (int i = 0; i < node.size(); i++) {
            String path = "actions[" + i + "]";
            JsonNode a = node.get(i);
            if (!a.isObject()) continue;
            Action action = new Action();
            action.setOrg(orgReference(a, "org", path + ".org", orgs));
            action.setType(enumValue(a.get("type"), ActionType.class));
            action.setDescription(text(a.get("description")));
            if (action.getType() != null) readActionFields(a, action, path, orgs);
            actions.add(action);
        }
        return actions;
    }

    /** The fields of each type of action; which are required for which type is the schema's to say. */
    private void readActionFields(JsonNode a, Action action, String path, Set<String> orgs) {
        switch (action.getType()) {
            case CANCEL_ELECTIVE -> {
                action.setCount(whole(a.get("count"), path + ".count"));
                action.setHoursBeforeSurgery(number(a.get("hoursBeforeSurgery"), path + ".hoursBeforeSurgery", null));
            }
            case SUSPEND_SERVICE -> {
                action.setService(trimmed(a.get("service")));
                action.setRecoveryPlanned(bool(a.get("recoveryPlanned")));
            }
            case RECOVER_SERVICE -> action.setService(trimmed(a.get("service")));
            case DE_ESCALATE -> {
                Integer from = whole(a.get("fromLevel"), path + ".fromLevel");
                Integer to = whole(a.get("toLevel"), path + ".toLevel");
                if (from != null && to != null && to >= from) problem(path + ".toLevel", "a de-escalation must go to a lower level than fromLevel (" + from + ")");
                action.setFromLevel(from);
                action.setToLevel(to);
                JsonNode agreed = a.get("agreedBy");
                List<String> codes = new ArrayList<>();
                if (agreed != null && agreed.isArray() && !refused.contains(path + ".agreedBy")) {
                    for (int j = 0; j < agreed.size(); j++) {
                        JsonNode c = agreed.get(j);
                        if (!c.isTextual() || refused.contains(path + ".agreedBy[" + j + "]")) continue;
                        if (!orgs.contains(c.textValue())) problem(path + ".agreedBy[" + j + "]", "organisation '" + c.textValue() + "' is not in the situation");
                        else codes.add(c.textValue());
                    }
                }
                action.setAgreedBy(codes);
            }
            case CROSS_ORG_ACTION -> {
                action.setAffects(orgReference(a, "affects", path + ".affects", orgs));
                action.setPriorDiscussion(bool(a.get("priorDiscussion")));
            }
            case UNINTENDED_CONSEQUENCE -> action.setAffects(orgReference(a, "affects", path + ".affects", orgs));
        }
    }

    // --- small readers: the schema has refused values of the wrong shape, so these take what is there -------

    private boolean items(JsonNode node, String field) {
        return node != null && node.isArray() && !refused.contains(field);
    }

    private static String text(JsonNode v) { return v != null && v.isTextual() ? v.textValue() : null; }

    private static String trimmed(JsonNode v) {
        String text = text(v);
        return text == null || text.isBlank() ? null : text.trim();
    }

    private static Boolean bool(JsonNode v) { return v != null && v.isBoolean() ? v.booleanValue() : null; }

    /** A reference to one of the situation's organisations (by code), or null when none is given. */
    private String orgReference(JsonNode node, String field, String path, Set<String> orgs) {
        String code = refused.contains(path) ? null : trimmed(node.get(field));
        if (code != null && !orgs.contains(code)) {
            problem(path, "organisation '" + code + "' is not in the situation's organisations");
            return null;
        }
        return code;
    }

    private static <E extends Enum<E>> E enumValue(JsonNode v, Class<E> type) {
        if (v != null && v.isTextual()) {
            for (E e : type.getEnumConstants()) if (e.name().equals(v.textValue())) return e;
        }
        return null;
    }

    /** A number the schema let through, checked against the metric's range when there is one. */
    private Double number(JsonNode v, String path, MetricDefinition def) {
        if (v == null || !v.isNumber() || refused.contains(path)) return null;
        double d = v.doubleValue();
        if (!Double.isFinite(d)) { problem(path, "must be a finite number"); return null; }
        if (def != null) {
            if (def.isCount() && d < 0) { problem(path, "a count cannot be negative (" + fmt(d) + ")"); return null; }
            if (def.isCount() && d != Math.rint(d)) { problem(path, "a count must be a whole number (" + fmt(d) + ")"); return null; }
            if (d < def.min() || d > def.max()) {
                problem(path, fmt(d) + " is outside the valid range for " + def.id() + " (" + fmt(def.min()) + " to " + fmt(def.max()) + " " + def.unit() + ")");
                return null;
            }
        }
        return d;
    }

    /** A whole number the schema let through (within its range, 12.0 included). */
    private Integer whole(JsonNode v, String path) {
        return v != null && v.isNumber() && !refused.contains(path) ? v.intValue() : null;
    }

    /** Offers the closest catalogue metric for a near-miss name. */
    private String suggestion(String metric) {
        Set<String> close = new LinkedHashSet<>();
        String stem = metric.length() > 4 ? metric.substring(0, 4) : metric;
        for (String id : catalogues.metrics().keySet()) if (id.startsWith(stem)) close.add(id);
        return close.isEmpty() || close.size() > 4 ? "" : " (did you mean " + String.join(" or ", close) + "?)";
    }

    private static String fmt(double d) { return winterroom.facts.Fmt.num(d); }
}
