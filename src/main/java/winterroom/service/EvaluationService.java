package winterroom.service;

import com.fasterxml.jackson.databind.JsonNode;
import winterroom.engine.EvaluationResult;
import winterroom.engine.Evaluator;
import winterroom.policy.ActiveRuleset;
import winterroom.policy.Ruleset;
import winterroom.situation.Situation;
import winterroom.situation.SituationParser;
import winterroom.store.EvaluationStore;
import winterroom.store.StoredEvaluation;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Evaluates submitted situations on the active ruleset and keeps the results. The situation is
 * checked whole before anything runs, and a result is kept only once it is complete.
 */
public final class EvaluationService {
    private final ActiveRuleset rules;
    private final Evaluator evaluator;
    private final EvaluationStore store;

    public EvaluationService(ActiveRuleset rules, Evaluator evaluator, EvaluationStore store) {
        this.rules = rules;
        this.evaluator = evaluator;
        this.store = store;
    }

    /** Parses, evaluates and stores; throws InvalidSituationException for a bad situation. */
    public EvaluationResult evaluate(JsonNode input, String actor) {
        Ruleset ruleset = rules.get();   // one ruleset for the whole request, even if another is activated meanwhile
        Situation situation = SituationParser.parse(input, ruleset.catalogues());
        EvaluationResult result = evaluator.evaluate(ruleset, situation, UUID.randomUUID().toString(), Instant.now());
        store.save(new StoredEvaluation(result.id(), actor, input, result));
        return result;
    }

    /** Evaluates without keeping the result (scenario checks, previews). */
    public EvaluationResult evaluateOnly(JsonNode input, Ruleset ruleset) {
        Situation situation = SituationParser.parse(input, ruleset.catalogues());
        return evaluator.evaluate(ruleset, situation, UUID.randomUUID().toString(), Instant.now());
    }

    public Optional<StoredEvaluation> find(String id) { return store.find(id); }

    public Ruleset ruleset() { return rules.get(); }
}
