package winterroom.service;

import com.fasterxml.jackson.databind.JsonNode;
import winterroom.engine.EvaluationResult;
import winterroom.engine.Evaluator;
import winterroom.engine.RunawayRulesException;
import winterroom.policy.Ruleset;
import winterroom.situation.FieldError;
import winterroom.situation.InvalidSituationException;
import winterroom.situation.SituationParser;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One situation of a batch: its position in the batch and either its result or why it could not
 * be evaluated. A bad item never stops the others.
 */
public record BatchItem(int index, EvaluationResult result, String error, List<FieldError> details) {
    public static BatchItem evaluated(int index, EvaluationResult result) { return new BatchItem(index, result, null, null); }

    public static BatchItem rejected(int index, String error, List<FieldError> details) { return new BatchItem(index, null, error, details); }

    public boolean ok() { return result != null; }

    /**
     * Parses and evaluates item {@code index} of a batch; a bad situation or a runaway is the item's own error.
     * outcome hears "ok", "invalid" or "runaway".
     */
    public static BatchItem evaluate(int index, JsonNode input, Ruleset ruleset, Evaluator evaluator, Instant at, boolean withAudit,
                                     java.util.function.Consumer<String> outcome) {
        try {
            var situation = SituationParser.parse(input, ruleset.catalogues());
            BatchItem item = evaluated(index, evaluator.evaluate(ruleset, situation, UUID.randomUUID().toString(), at, withAudit));
            outcome.accept("ok");
            return item;
        } catch (InvalidSituationException e) {
            outcome.accept("invalid");
            return rejected(index, e.getMessage(), e.details());
        } catch (RunawayRulesException e) {
            outcome.accept("runaway");
            return rejected(index, e.getMessage(), List.of());
        }
    }
}
