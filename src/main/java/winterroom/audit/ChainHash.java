package winterroom.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import winterroom.Json;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The hash that chains the audit trail: SHA-256 over the canonical JSON of every field of a record but its own
 * hash, the previous record's hash included. Canonical means object keys sorted, no white space, so the same
 * content always gives the same hash whatever key order or spacing it was stored with.
 */
public final class ChainHash {
    /** The "previous hash" of the first record. */
    public static final String GENESIS = "0".repeat(64);

    private ChainHash() {}

    public static String of(AuditRecord r) { return sha256(content(r)); }

    /** The canonical text a record's hash is taken over (plain or keyed). */
    static String content(AuditRecord r) {
        var content = Json.mapper().createObjectNode();
        content.put("seq", r.seq());
        content.put("id", r.id());
        content.put("kind", r.kind().name());
        content.put("subject", r.subject());
        content.put("recordedAt", r.recordedAt().toString());
        content.put("actor", r.actor());
        content.put("rulesetVersion", r.rulesetVersion());
        content.put("asOf", r.asOf() == null ? null : r.asOf().toString());
        var tags = content.putArray("tags");
        r.tags().forEach(tags::add);
        content.set("input", readTree(r.input()));
        content.set("result", readTree(r.result()));
        content.put("prevHash", r.prevHash());
        return canonical(content);
    }

    /** Compact JSON with every object's keys in sorted order. */
    public static String canonical(JsonNode node) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = Json.mapper().getFactory().createGenerator(out)) {
            write(node, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void write(JsonNode node, JsonGenerator g) throws IOException {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            g.writeStartObject();
            for (String name : names) {
                g.writeFieldName(name);
                write(node.get(name), g);
            }
            g.writeEndObject();
        } else if (node.isArray()) {
            g.writeStartArray();
            for (JsonNode item : node) write(item, g);
            g.writeEndArray();
        } else {
            g.writeTree(node);
        }
    }

    private static JsonNode readTree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            // stored text that is no longer JSON cannot match any hash: hash it as a plain string instead
            return Json.mapper().getNodeFactory().textNode(json);
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
