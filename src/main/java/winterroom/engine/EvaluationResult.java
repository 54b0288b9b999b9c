package winterroom.engine;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** What the plan requires of each organisation in a situation, and why: the body of an evaluation. */
@JsonPropertyOrder({"id", "rulesetVersion", "evaluatedAt", "asOf", "system", "calendar", "opel", "exceptionReport",
        "principleBreaches", "recommendations", "actionPlan"})
public record EvaluationResult(@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String id, String rulesetVersion, Instant evaluatedAt, Instant asOf, String system,
                               Calendar calendar, Opel opel, ExceptionReport exceptionReport,
                               List<Breach> principleBreaches, List<RecommendedAction> recommendations,
                               List<PlanItem> actionPlan,
                               @JsonIgnore Map<String, List<Map<String, Object>>> findings,
                               List<AuditEntry> audit) {

    /** Rule packs' findings appear as "&lt;kind&gt;Findings" arrays beside the fixed fields. */
    @JsonAnyGetter
    public Map<String, List<Map<String, Object>>> findingsByKind() {
        Map<String, List<Map<String, Object>>> out = new java.util.LinkedHashMap<>();
        findings.forEach((kind, list) -> out.put(kind + "Findings", list));
        return out;
    }

    public record Calendar(LocalDate localDate, String dayOfWeek, boolean weekend, boolean bankHoliday, boolean reportingWindow) {}

    /** The system level (and how it was reached), each pillar's (provider type's) level, and each organisation's. */
    public record Opel(Integer system, String systemBasis, Double systemScore, Map<String, Integer> pillars,
                       List<OrganisationLevel> organisations) {}

    /**
     * An organisation's reported, derived and used level, where the used one came from, its weighted
     * average band score and every scored parameter; drivers are the parameters above band 1.
     */
    public record OrganisationLevel(String org, Integer reported, Integer derived, Integer level, String levelSource,
                                    Double score, List<Parameter> parameters, List<Driver> drivers,
                                    winterroom.facts.OrgOpel.NextLevel nextLevel) {}

    /** One OPEL parameter: the measure's value, the band it reaches (1 to 4) and the weight it carries. */
    public record Parameter(String metric, double value, int score, double weight) {}

    public record Driver(String metric, double value, int level) {}

    public record ExceptionReport(boolean required, List<Trigger> triggers, List<Skipped> skippedChecks,
                                  String submitter, String acuteLead) {}

    public record Trigger(String code, String org, String detail) {}

    public record Skipped(String code, String org, String reason) {}

    public record Breach(String code, String org, String title, String detail) {}

    /**
     * One recommended catalogue action. {@code decideBy} (P16) is the situation's time plus the time the
     * decision-times table allows the action; {@code atOpel} the highest level among the system and the
     * organisations it is recommended for; {@code riskAccepted} (P14) the risk the system accepts by taking
     * it, given when {@code atOpel} is at the policy level (3 by default); {@code impact} what it costs
     * the provider and brings the recipient; {@code infectionControl} (P8) is true for a transfer between
     * settings while an outbreak is declared.
     */
    public record RecommendedAction(String action, String title, String category, String provider, String recipient,
                                    boolean requiresPriorDiscussion, String recoveryAction, String recoveryTitle,
                                    int priority, String relieves, String source, List<String> orgs,
                                    List<String> reasons, List<String> rules, Instant decideBy, Double decideWithinHours,
                                    Integer atOpel, String riskAccepted, Impact impact, boolean infectionControl) {}

    /** What a recommended action costs the organisation that provides it and brings the one that receives it. */
    public record Impact(String provider, String recipient) {}

    /** The trigger codes that hold, once each, in order. */
    public List<String> triggerCodes() {
        return exceptionReport.triggers().stream().map(Trigger::code).distinct().sorted().toList();
    }

    public List<String> breachCodes() {
        return principleBreaches.stream().map(Breach::code).distinct().toList();
    }

    public List<String> recommendationCodes() {
        return recommendations.stream().map(RecommendedAction::action).toList();
    }

    /** The plan's action codes, most urgent first (an evaluation kept before plans existed has none). */
    public List<String> planCodes() {
        return actionPlan == null ? List.of() : actionPlan.stream().map(PlanItem::action).toList();
    }
}
