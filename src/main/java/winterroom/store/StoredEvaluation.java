package winterroom.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import winterroom.Json;
import winterroom.audit.AuditRecord;
import winterroom.engine.EvaluationResult;

/** An evaluation as kept: its record in the audit trail (who asked, when, on which ruleset, the situation, the result). */
public record StoredEvaluation(AuditRecord record) {
    private static final ObjectReader READER = Json.mapper().readerFor(EvaluationResult.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public String id() { return record.id(); }

    public String actor() { return record.actor(); }

    public JsonNode input() { return record.inputNode(); }

    public JsonNode result() { return record.resultNode(); }

    /** The result read back into the engine's form (for comparing with a new one). */
    public EvaluationResult evaluationResult() {
        try {
            return READER.readValue(record.result());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("stored result of " + record.id() + " cannot be read", e);
        }
    }

    /** The result exactly as it was stored and hashed. */
    public String resultJson() { return record.result(); }
}
