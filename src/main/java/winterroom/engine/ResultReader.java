package winterroom.engine;

import org.kie.api.runtime.KieSession;
import winterroom.facts.Day;
import winterroom.facts.ExceptionReportDuty;
import winterroom.facts.ExceptionTrigger;
import winterroom.facts.Finding;
import winterroom.facts.InfectionControlFlag;
import winterroom.facts.PolicyValue;
import winterroom.facts.OpelDriver;
import winterroom.facts.OrgOpel;
import winterroom.facts.Organisation;
import winterroom.facts.PrincipleBreach;
import winterroom.facts.Recommendation;
import winterroom.facts.ReportRouting;
import winterroom.facts.ReportingWindow;
import winterroom.facts.SkippedCheck;
import winterroom.facts.SystemOpel;
import winterroom.policy.Principle;
import winterroom.policy.Ruleset;
import winterroom.situation.Situation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads the rules' conclusions back out of a session's working memory into an {@link EvaluationResult}. */
public final class ResultReader {
    private ResultReader() {}

    /** The policy value naming the OPEL level from which recommendations carry the risk accepted (P14). */
    static final String RISK_ACCEPTED_AT = "P14.risk_accepted_at_opel_or_above";
    static final int DEFAULT_RISK_ACCEPTED_AT = 3;

    public static EvaluationResult read(KieSession session, Ruleset ruleset, Situation situation, Day day,
                                  List<AuditEntry> audit, String id, Instant evaluatedAt) {
        return read(Conclusions.of(session), ruleset, situation, day, audit, id, evaluatedAt);
    }

    static EvaluationResult read(Conclusions session, Ruleset ruleset, Situation situation, Day day,
                                 List<AuditEntry> audit, String id, Instant evaluatedAt) {
        boolean window = !facts(session, ReportingWindow.class).isEmpty();
        EvaluationResult.Calendar calendar = new EvaluationResult.Calendar(day.getLocalDate(),
                day.getDayOfWeek().name(), day.isWeekend(), day.isBankHoliday(), window);

        Map<String, OrgOpel> levels = new LinkedHashMap<>();
        facts(session, OrgOpel.class).forEach(o -> levels.put(o.getOrg(), o));
        List<EvaluationResult.OrganisationLevel> orgLevels = new ArrayList<>();
        Map<String, Integer> pillars = new TreeMap<>();
        for (Organisation o : situation.organisations()) {
            OrgOpel l = levels.get(o.getCode());
            List<OpelDriver> scored = l == null ? List.of() : l.getParameters();
            List<EvaluationResult.Parameter> parameters = scored.stream()
                    .map(d -> new EvaluationResult.Parameter(d.getMetric(), d.getValue(), d.getLevel(), d.getWeight())).toList();
            List<EvaluationResult.Driver> mine = scored.stream().filter(d -> d.getLevel() >= 2)
                    .map(d -> new EvaluationResult.Driver(d.getMetric(), d.getValue(), d.getLevel())).toList();
            orgLevels.add(new EvaluationResult.OrganisationLevel(o.getCode(), o.getReportedOpel(),
                    l == null ? null : l.getDerived(), l == null ? null : l.getLevel(), l == null ? null : l.getLevelSource(),
                    l == null ? null : l.getScore(), parameters, mine, l == null ? null : l.getNextLevel()));
            // a pillar (provider type) is at the level of its most pressed organisation
            if (l != null && l.getLevel() != null && o.getType() != null) pillars.merge(o.getType().name(), l.getLevel(), Math::max);
        }
        SystemOpel system = facts(session, SystemOpel.class).stream().max(Comparator.comparingInt(SystemOpel::getLevel)).orElse(null);
        Integer systemLevel = system == null ? null : system.getLevel();

        List<EvaluationResult.Trigger> triggers = facts(session, ExceptionTrigger.class).stream()
                .map(t -> new EvaluationResult.Trigger(t.getCode(), t.getOrg(), t.getDetail()))
                .sorted(Comparator.comparing(EvaluationResult.Trigger::code).thenComparing(EvaluationResult.Trigger::org)
                        .thenComparing(EvaluationResult.Trigger::detail)).toList();
        List<EvaluationResult.Skipped> skipped = facts(session, SkippedCheck.class).stream()
                .map(s -> new EvaluationResult.Skipped(s.getCode(), s.getOrg(), s.getReason()))
                .sorted(Comparator.comparing(EvaluationResult.Skipped::code).thenComparing(EvaluationResult.Skipped::org)).toList();
        ReportRouting routing = facts(session, ReportRouting.class).stream().findFirst().orElse(null);
        boolean required = !facts(session, ExceptionReportDuty.class).isEmpty();
        EvaluationResult.ExceptionReport report = new EvaluationResult.ExceptionReport(required, triggers, skipped,
                routing == null ? null : routing.getSubmitter(), routing == null ? null : routing.getAcuteLead());

        Map<String, Principle> principles = ruleset.catalogues().principles();
        // a code's number read once per code: a regular expression in every comparison cost more than the rest of the sort
        Map<String, Integer> codeNumbers = new java.util.HashMap<>();
        List<EvaluationResult.Breach> breaches = facts(session, PrincipleBreach.class).stream()
                .map(b -> new EvaluationResult.Breach(b.getCode(), b.getOrg(),
                        principles.containsKey(b.getCode()) ? principles.get(b.getCode()).title() : null, b.getDetail()))
                .sorted(Comparator.comparing((EvaluationResult.Breach b) -> codeNumbers.computeIfAbsent(b.code(), ResultReader::codeNumber))
                        .thenComparing(EvaluationResult.Breach::code)
                        .thenComparing(b -> String.valueOf(b.org())).thenComparing(b -> String.valueOf(b.detail()))).toList();

        Map<String, Integer> usedLevels = new LinkedHashMap<>();
        orgLevels.forEach(o -> { if (o.level() != null) usedLevels.put(o.org(), o.level()); });
        int riskAt = facts(session, PolicyValue.class).stream().filter(v -> RISK_ACCEPTED_AT.equals(v.getName()))
                .map(v -> (int) Math.round(v.getValue())).findFirst().orElse(DEFAULT_RISK_ACCEPTED_AT);
        java.util.Set<String> flagged = new java.util.TreeSet<>();
        facts(session, InfectionControlFlag.class).forEach(f -> flagged.add(f.getAction()));
        Recommendations.Context context = new Recommendations.Context(situation.asOf(), ruleset.catalogues().decisionTimes(),
                systemLevel, usedLevels, riskAt, flagged);
        List<EvaluationResult.RecommendedAction> recommendations = Recommendations.merge(
                facts(session, Recommendation.class), ruleset.catalogues().actions(), audit, context);

        Map<String, List<Map<String, Object>>> findings = new TreeMap<>();
        for (Finding f : facts(session, Finding.class)) {
            List<Map<String, Object>> ofKind = findings.computeIfAbsent(f.getKind(), k -> new ArrayList<>());
            if (!f.isKindOnly()) ofKind.add(new LinkedHashMap<>(f.getFields()));
        }
        findings.values().forEach(list -> list.sort(Comparator.comparing(Object::toString)));

        return new EvaluationResult(id, ruleset.version(), evaluatedAt, situation.asOf(), situation.system(), calendar,
                new EvaluationResult.Opel(systemLevel, system == null ? null : system.getBasis(), system == null ? null : system.getScore(), pillars, orgLevels), report, breaches, recommendations,
                ActionPlan.of(situation, ruleset.catalogues().organisations(), calendar, report, recommendations), findings, audit);
    }

    private static <T> List<T> facts(Conclusions session, Class<T> type) {
        return session.all(type);
    }

    /** Working memory read once and grouped by class: reading it once per kind of conclusion cost more than the rules. */
    public static final class Conclusions {
        private final Map<Class<?>, List<Object>> byClass = new java.util.HashMap<>();

        public static Conclusions of(KieSession session) {
            Conclusions c = new Conclusions();
            for (Object o : session.getObjects()) c.byClass.computeIfAbsent(o.getClass(), k -> new ArrayList<>()).add(o);
            return c;
        }

        public <T> List<T> all(Class<T> type) {
            List<T> out = new ArrayList<>();
            for (Map.Entry<Class<?>, List<Object>> e : byClass.entrySet()) {
                if (type.isAssignableFrom(e.getKey())) for (Object o : e.getValue()) out.add(type.cast(o));
            }
            return out;
        }
    }

    /** "P17" sorts after "P2". */
    private static int codeNumber(String code) {
        String digits = code.replaceAll("\\D", "");
        return digits.isEmpty() ? Integer.MAX_VALUE : Integer.parseInt(digits.length() > 6 ? digits.substring(0, 6) : digits);
    }
}
