package winterroom.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import winterroom.Json;
import winterroom.audit.AuditLog;
import winterroom.audit.NewRecord;
import winterroom.audit.Page;
import winterroom.audit.PreparedRecord;
import winterroom.audit.RecordKind;
import winterroom.audit.RecordQuery;
import winterroom.engine.EvaluationResult;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/** Evaluations kept as EVALUATION records of the audit trail, tagged so they can be found by org, trigger and breach. */
public final class AuditEvaluationStore implements EvaluationStore {
    private final AuditLog log;

    public AuditEvaluationStore(AuditLog log) { this.log = log; }

    @Override
    public <T> T save(String actor, JsonNode input, EvaluationResult result, Function<ResultJson, T> answer) {
        byte[] in = json(input);
        return ResultJson.write(result, json -> {
            log.appendPrepared(List.of(prepared(actor, input, in, result, json)));
            return answer.apply(json);   // durable now; the bytes the record was made from are still this request's
        });
    }

    /**
     * The record of an evaluation from its result's JSON as written once ({@link ResultJson}), compressed and hashed,
     * and its input's ({@code inputJson}, written from {@code input} on one line, as an export's lines need). The bytes
     * kept are those {@link #record} would keep.
     */
    public static PreparedRecord prepared(String actor, JsonNode input, byte[] inputJson, EvaluationResult result, ResultJson json) {
        NewRecord r = new NewRecord(result.id(), RecordKind.EVALUATION, null, actor, result.rulesetVersion(), result.asOf(),
                tags(result), input, result);
        return PreparedRecord.written(r, inputJson, json.bytes(), json.length());
    }

    public static byte[] json(JsonNode input) {
        try {
            return Json.mapper().writeValueAsBytes(input);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a situation not writable as JSON", e);
        }
    }

    @Override
    public List<StoredEvaluation> saveAll(String actor, String subject, List<Item> items) {
        return log.appendAll(items.stream().map(i -> record(actor, subject, i.input(), i.result())).toList())
                .stream().map(StoredEvaluation::new).toList();
    }

    @Override
    public Optional<StoredEvaluation> find(String id) {
        return log.find(id).filter(r -> r.kind() == RecordKind.EVALUATION).map(StoredEvaluation::new);
    }

    @Override
    public Page<StoredEvaluation> list(EvaluationQuery q) {
        return log.query(toRecordQuery(q)).map(StoredEvaluation::new);
    }

    @Override
    public void forEach(EvaluationQuery q, Consumer<StoredEvaluation> sink) {
        log.forEach(toRecordQuery(q), r -> sink.accept(new StoredEvaluation(r)));
    }

    @Override
    public boolean reachable() { return log.reachable(); }

    /** The tags an evaluation is found by: every organisation, trigger and breached principle. */
    public static List<String> tags(EvaluationResult result) {
        Set<String> tags = new LinkedHashSet<>();
        result.opel().organisations().forEach(o -> tags.add("org:" + o.org()));
        result.triggerCodes().forEach(t -> tags.add("trigger:" + t));
        result.breachCodes().forEach(b -> tags.add("breach:" + b));
        return new ArrayList<>(tags);
    }

    static NewRecord record(String actor, String subject, JsonNode input, EvaluationResult result) {
        return new NewRecord(result.id(), RecordKind.EVALUATION, subject, actor, result.rulesetVersion(), result.asOf(),
                tags(result), input, Json.mapper().valueToTree(result));   // the tree the API answers with
    }

    static RecordQuery toRecordQuery(EvaluationQuery q) {
        List<String> tags = new ArrayList<>();
        if (q.org() != null) tags.add("org:" + q.org());
        if (q.trigger() != null) tags.add("trigger:" + q.trigger());
        if (q.breach() != null) tags.add("breach:" + q.breach());
        return new RecordQuery(Set.of(RecordKind.EVALUATION), null, q.from(), q.to(), q.asOfFrom(), q.asOfTo(), tags,
                q.cursor(), q.limit());
    }
}
