package winterroom.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import winterroom.Json;
import winterroom.audit.AuditRecord;
import winterroom.engine.EvaluationResult;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An evaluation as kept: its record in the audit trail (who asked, when, on which ruleset, the situation, the result). */
public record StoredEvaluation(AuditRecord record) {
    private static final ObjectReader READER = Json.mapper().readerFor(EvaluationResult.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final TypeReference<List<Map<String, Object>>> FINDINGS = new TypeReference<>() {};

    public String id() { return record.id(); }

    public String actor() { return record.actor(); }

    public JsonNode input() { return record.inputNode(); }

    public JsonNode result() { return record.resultNode(); }

    /** The result read back into the engine's form (for comparing with a new one), rule packs' findings included. */
    public EvaluationResult evaluationResult() {
        try {
            return readResult(Json.mapper().readTree(record.result()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("stored result of " + record.id() + " cannot be read", e);
        }
    }

    /**
     * A result from its JSON form. Comparing a kept result with a new one goes through this for both, so numbers
     * read back the same way on either side.
     */
    public static EvaluationResult readResult(JsonNode tree) {
        try {
            EvaluationResult r = READER.readValue(tree);
            Map<String, List<Map<String, Object>>> findings = new LinkedHashMap<>();
            for (Iterator<String> names = tree.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (name.endsWith("Findings") && tree.get(name).isArray()) {
                    findings.put(name.substring(0, name.length() - "Findings".length()), Json.mapper().convertValue(tree.get(name), FINDINGS));
                }
            }
            return new EvaluationResult(r.id(), r.rulesetVersion(), r.evaluatedAt(), r.asOf(), r.system(), r.calendar(), r.opel(),
                    r.exceptionReport(), r.principleBreaches(), r.recommendations(), r.actionPlan(), findings, r.audit());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("a result cannot be read back", e);
        }
    }

    /** The result exactly as it was written (inflated from the stored bytes for a record kept since V19). */
    public String resultJson() { return record.result(); }
}
