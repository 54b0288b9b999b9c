package winterroom.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import winterroom.Json;
import winterroom.store.ResultJson;

import java.io.IOException;
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
        boolean dropRecommendations = !include.contains("recommendations") && result.has("actionPlan");
        boolean auditByReference = !include.contains("audit") && result.has("audit");
        byte[] requestedBy = field("requestedBy", actor);
        byte[] auditUrl = auditByReference ? field("auditUrl", "/api/v1/evaluations/" + (result.result().id() == null ? "" : result.result().id()) + "/audit") : null;
        int n = result.names().size();
        boolean[] kept = new boolean[n];
        int size = 2, fields = 0;   // the braces, then each field with a comma between
        for (int i = 0; i < n; i++) {
            String name = result.names().get(i);
            kept[i] = !(dropRecommendations && name.equals("recommendations") || auditByReference && name.equals("audit"));
            if (!kept[i]) continue;
            size += result.fieldLength(i) + (fields++ > 0 ? 1 : 0);
            if (name.equals("rulesetVersion")) size += 1 + requestedBy.length;
        }
        if (auditUrl != null) size += auditUrl.length + (fields > 0 ? 1 : 0);
        byte[] out = new byte[size];   // the exact size: no buffer grown and copied
        int at = 0;
        out[at++] = '{';
        boolean first = true;
        for (int i = 0; i < n; i++) {
            if (!kept[i]) continue;
            if (!first) out[at++] = ',';
            first = false;
            at = result.copyField(i, out, at);
            if (result.names().get(i).equals("rulesetVersion")) at = put(out, at, requestedBy);
        }
        if (auditUrl != null) {
            if (!first) out[at++] = ',';
            System.arraycopy(auditUrl, 0, out, at, auditUrl.length);
            at += auditUrl.length;
        }
        out[at] = '}';
        return out;
    }

    private static int put(byte[] out, int at, byte[] field) {
        out[at++] = ',';
        System.arraycopy(field, 0, out, at, field.length);
        return at + field.length;
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
