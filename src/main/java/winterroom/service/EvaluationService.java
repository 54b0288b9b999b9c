package winterroom.service;

import com.fasterxml.jackson.databind.JsonNode;
import winterroom.Json;
import winterroom.audit.AuditLog;
import winterroom.audit.AuditRecord;
import winterroom.audit.NewRecord;
import winterroom.audit.Page;
import winterroom.audit.RecordKind;
import winterroom.audit.StoreUnavailableException;
import winterroom.engine.EvaluationResult;
import winterroom.engine.Evaluator;
import winterroom.engine.RunawayRulesException;
import winterroom.metrics.ServiceMetrics;
import winterroom.policy.ActiveRuleset;
import winterroom.policy.Ruleset;
import winterroom.situation.InvalidSituationException;
import winterroom.situation.Situation;
import winterroom.situation.SituationParser;
import winterroom.store.AuditEvaluationStore;
import winterroom.store.EvaluationQuery;
import winterroom.store.EvaluationStore;
import winterroom.store.ResultJson;
import winterroom.store.StoredEvaluation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Evaluates submitted situations on the active ruleset and keeps the results. The situation is
 * checked whole before anything runs, and a result is acknowledged only once it is kept in the audit trail.
 */
public final class EvaluationService {
    private final ActiveRuleset rules;
    private final Evaluator evaluator;
    private final EvaluationStore store;
    private final AuditLog audit;
    private final ServiceMetrics metrics;

    public EvaluationService(ActiveRuleset rules, Evaluator evaluator, AuditLog audit, ServiceMetrics metrics) {
        this.rules = rules;
        this.evaluator = evaluator;
        this.audit = audit;
        this.store = new AuditEvaluationStore(audit);
        this.metrics = metrics;
    }

    /**
     * Parses, evaluates and stores; throws InvalidSituationException for a bad situation. The result is written as JSON
     * once and, once the record is durable, {@code answer} makes or sends the caller's answer from those bytes (valid
     * only while it runs).
     */
    public <T> T evaluate(JsonNode input, String actor, Function<ResultJson, T> answer) {
        long start = System.nanoTime();
        String outcome = "error";
        try {
            Ruleset ruleset = rules.get();   // one ruleset for the whole request, even if another is activated meanwhile
            Situation situation = SituationParser.parse(input, ruleset.catalogues());
            EvaluationResult result = evaluator.evaluate(ruleset, situation, UUID.randomUUID().toString(), Instant.now());
            T answered = store.save(actor, input, result, answer);
            outcome = "ok";
            return answered;
        } catch (InvalidSituationException e) {
            outcome = "invalid";
            throw e;
        } catch (RunawayRulesException e) {
            outcome = "runaway";
            throw e;
        } catch (StoreUnavailableException e) {
            outcome = "unavailable";
            throw e;
        } finally {
            metrics.evaluation("single", outcome, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** Evaluates without keeping the result (scenario checks, previews). */
    public EvaluationResult evaluateOnly(JsonNode input, Ruleset ruleset) {
        Situation situation = SituationParser.parse(input, ruleset.catalogues());
        return evaluator.evaluate(ruleset, situation, UUID.randomUUID().toString(), Instant.now());
    }

    /**
     * Evaluates many situations on one ruleset, each checked on its own: an invalid one is reported
     * by its index and the rest still run. The items are not kept as evaluations (a batch is analysis, often of
     * thousands of published figures); the whole batch is kept as one BATCH record ({@link #recordBatch}).
     * The rules' audit trail is captured only when asked for. The items
     * run in parallel over the shared knowledge base, each in its own session.
     */
    public List<BatchItem> evaluateBatch(List<JsonNode> inputs, boolean withAudit) {
        return evaluateBatch(rules.get(), inputs, withAudit);
    }

    public List<BatchItem> evaluateBatch(Ruleset ruleset, List<JsonNode> inputs, boolean withAudit) {
        Instant now = Instant.now();
        return IntStream.range(0, inputs.size()).parallel().mapToObj(i -> {
            long start = System.nanoTime();
            return BatchItem.evaluate(i, inputs.get(i), ruleset, evaluator, now, withAudit,
                    outcome -> metrics.evaluation("batch", outcome, Duration.ofNanos(System.nanoTime() - start)));
        }).toList();
    }

    /**
     * Keeps a batch as one BATCH record: the items as received in, the compact results out. The batch is
     * acknowledged only once this returns.
     */
    public AuditRecord recordBatch(String batchId, String actor, String rulesetVersion, JsonNode items, Object results) {
        return audit.append(new NewRecord(batchId, RecordKind.BATCH, null, actor, rulesetVersion, null, List.of(), items, results));
    }

    public Optional<StoredEvaluation> find(String id) { return store.find(id); }

    public Page<StoredEvaluation> list(EvaluationQuery query) { return store.list(query); }

    public void forEach(EvaluationQuery query, Consumer<StoredEvaluation> sink) { store.forEach(query, sink); }

    /** Keeps a re-run of a kept evaluation as an EVALUATION_RERUN record whose subject is the original. */
    public AuditRecord recordRerun(StoredEvaluation original, EvaluationResult again, String actor) {
        return audit.append(new NewRecord(again.id(), RecordKind.EVALUATION_RERUN, original.id(), actor, again.rulesetVersion(),
                again.asOf(), AuditEvaluationStore.tags(again), original.input(), Json.mapper().valueToTree(again)));
    }

    public Ruleset ruleset() { return rules.get(); }

    public boolean storeReachable() { return store.reachable(); }
}
