package winterroom.store;

import com.fasterxml.jackson.databind.JsonNode;
import winterroom.audit.Page;
import winterroom.engine.EvaluationResult;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/** Where evaluations are kept, with the situation that produced them: a view of the audit trail. */
public interface EvaluationStore {
    /**
     * Keeps one evaluation. Its result is written as JSON once; once the record is durable, {@code answer} is given
     * those bytes (valid only while it runs) to make or send the caller's answer from; returns what it made.
     */
    <T> T save(String actor, JsonNode input, EvaluationResult result, Function<ResultJson, T> answer);

    /** Keeps many evaluations (a batch's items) in one transaction, all or none; subject names what groups them. */
    List<StoredEvaluation> saveAll(String actor, String subject, List<Item> items);

    Optional<StoredEvaluation> find(String id);

    Page<StoredEvaluation> list(EvaluationQuery query);

    /** Every matching evaluation, oldest first, one at a time. */
    void forEach(EvaluationQuery query, Consumer<StoredEvaluation> sink);

    /** Whether the store can be written now (for /ready). */
    default boolean reachable() { return true; }

    record Item(JsonNode input, EvaluationResult result) {}
}
