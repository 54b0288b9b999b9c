package winterroom.exercise;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import winterroom.engine.EvaluationResult;

import java.time.Instant;
import java.util.List;

/**
 * One step of a replayed or live exercise: when it happened, what the facilitator said, the full
 * evaluation at that moment, how the recommendations changed from the step before, and (when the
 * step carries an expect block) which expectations it broke.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"index", "asOf", "label", "narrative", "inject", "scriptedStep", "changes", "expectationsBroken", "result"})
public record ReplayStep(int index, Instant asOf, String label, String narrative, boolean inject, Integer scriptedStep,
                         EvaluationResult result, Changes changes, List<String> expectationsBroken,
                         @JsonIgnore JsonNode expect) {

    /** Recommendations (catalogue action ids) that appeared, held, or were stood down since the previous step. */
    public record Changes(@JsonProperty("new") List<String> newRecommendations, List<String> continuing, List<String> stoodDown) {}

    /** The same step without its audit trail (for compact answers). */
    public ReplayStep withoutAudit() {
        EvaluationResult r = result;
        EvaluationResult slim = new EvaluationResult(r.id(), r.rulesetVersion(), r.evaluatedAt(), r.asOf(), r.system(), r.calendar(),
                r.opel(), r.exceptionReport(), r.principleBreaches(), r.recommendations(), r.actionPlan(), r.findings(), List.of());
        return new ReplayStep(index, asOf, label, narrative, inject, scriptedStep, slim, changes, expectationsBroken, expect);
    }
}
