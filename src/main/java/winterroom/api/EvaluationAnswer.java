package winterroom.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import winterroom.Json;
import winterroom.store.ResultJson;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * An evaluation's answer as sent: the result with who asked for it (after its ruleset version). The action plan
 * carries what to do, so the full recommendations (categories, sources, every rule's reason) come only with
 * ?include=recommendations; the audit trail, several times the rest's size, is named by {@code auditUrl} unless
 * ?include=audit. The record keeps both either way.
 *
 * <p>Made two ways, to the same bytes: from a kept result's tree (GET), and from the top-level fields of a new
 * result's JSON as the record was compressed from it (POST), which needs no tree of the result at all.
 * {@code EvaluationApiTest} checks a POST's answer is byte for byte its GET's.
 */
public final class EvaluationAnswer {
    private EvaluationAnswer() {}

    /** The answer from a result's tree. */
    public static JsonNode of(JsonNode result, String actor, Set<String> include) {
        ObjectNode out = Json.mapper().createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = result.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            out.set(f.getKey(), f.getValue());
            if (f.getKey().equals("rulesetVersion")) out.put("requestedBy", actor);
        }
        if (!include.contains("recommendations") && out.has("actionPlan")) out.remove("recommendations");
        if (!include.contains("audit") && out.has("audit")) {
            out.remove("audit");
            out.put("auditUrl", "/api/v1/evaluations/" + out.path("id").asText() + "/audit");
        }
        return out;
    }

    /** The same answer as JSON bytes, cut from a result as it was written: its fields copied as they are, in order. */
    public static byte[] of(ResultJson result, String actor, Set<String> include) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(result.length());
        write(result, actor, include, out);
        return out.toByteArray();
    }

    /**
     * Writes the answer to {@code out} straight from the result's bytes, with no copy of its own: a whole-system day's
     * 28 KB answer was made as a byte array first, then copied by Javalin through a 32 KB buffer of its own.
     */
    public static void write(ResultJson result, String actor, Set<String> include, OutputStream out) {
        boolean dropRecommendations = !include.contains("recommendations") && result.has("actionPlan");
        boolean auditByReference = !include.contains("audit") && result.has("audit");
        try {
            out.write('{');
            boolean first = true;
            for (int i = 0; i < result.names().size(); i++) {
                String name = result.names().get(i);
                if (dropRecommendations && name.equals("recommendations") || auditByReference && name.equals("audit")) continue;
                if (!first) out.write(',');
                first = false;
                result.writeField(i, out);
                if (name.equals("rulesetVersion")) {
                    out.write(',');
                    out.write(field("requestedBy", actor));
                }
            }
            if (auditByReference) {
                if (!first) out.write(',');
                out.write(field("auditUrl", "/api/v1/evaluations/" + (result.result().id() == null ? "" : result.result().id()) + "/audit"));
            }
            out.write('}');
        } catch (IOException e) {
            throw new UncheckedIOException("the answer could not be written", e);
        }
    }

    /** {@code "name":value} as the generator writes it (escaped as it escapes). */
    private static byte[] field(String name, String value) {
        try {
            byte[] n = Json.mapper().writeValueAsBytes(name), v = Json.mapper().writeValueAsBytes(value);
            byte[] f = new byte[n.length + 1 + v.length];
            System.arraycopy(n, 0, f, 0, n.length);
            f[n.length] = ':';
            System.arraycopy(v, 0, f, n.length + 1, v.length);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
