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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The hash that chains the audit trail. Each record says which of two formats it was hashed in:
 *
 * <ul>
 * <li>{@link #CANONICAL_JSON} (records kept before schema V19): SHA-256 over the canonical JSON of every field of a
 * record but its own hash, the previous record's hash included. Canonical means object keys sorted, no white
 * space, so the same content always gives the same hash whatever key order or spacing it was stored with.</li>
 * <li>{@link #STORED_BYTES}: the record's content hash is SHA-256 over its fields known when it is asked for (id,
 * kind, subject, actor, ruleset version, asOf, tags) and the exact bytes stored for its input and result
 * (deflated JSON); it is computed by the caller before the record is queued. The chain hash is then taken over
 * only the record's position, the time it was recorded, the previous record's hash and that content hash, which
 * is all the single writer has to do.</li>
 * </ul>
 */
public final class ChainHash {
    /** The "previous hash" of the first record. */
    public static final String GENESIS = "0".repeat(64);

    private ChainHash() {}

    /** Input and result kept as JSON text, hashed as canonical JSON of every field (before V19). */
    public static final int CANONICAL_JSON = 1;
    /** Input and result kept as deflated bytes, hashed as stored: the chain links a content hash. */
    public static final int STORED_BYTES = 2;

    private static final byte[] CONTENT_TAG = "winter-room audit content 2\n".getBytes(StandardCharsets.UTF_8);

    public static String of(AuditRecord r) { return sha256(hashed(r)); }

    /** The text a record's hash (plain or keyed) is taken over, in the record's own format. */
    static String hashed(AuditRecord r) {
        return switch (r.hashFormat()) {
            case CANONICAL_JSON -> content(r);
            case STORED_BYTES -> link(r);
            default -> throw new IllegalArgumentException("unknown hash format " + r.hashFormat() + " of record " + r.seq());
        };
    }

    /** What the writer chains for a {@link #STORED_BYTES} record: its place, its time, the hash before it and its content hash. */
    static String link(AuditRecord r) {
        return "winter-room audit link 2\n" + r.seq() + "\n" + r.recordedAt() + "\n" + r.prevHash() + "\n" + r.contentHash();
    }

    /**
     * The content hash of a {@link #STORED_BYTES} record: SHA-256 over a JSON array of its fields (id, kind, subject,
     * actor, rulesetVersion, asOf, tags) and the SHA-256 of each of the stored input and result bytes.
     */
    public static String contentHash(String id, RecordKind kind, String subject, String actor, String rulesetVersion,
                                     Instant asOf, List<String> tags, byte[] storedInput, byte[] storedResult) {
        var fields = Json.mapper().createArrayNode().add(id).add(kind.name()).add(subject).add(actor).add(rulesetVersion)
                .add(asOf == null ? null : asOf.toString());
        var t = fields.addArray();
        tags.forEach(t::add);
        try {
            MessageDigest inner = SHA256.get(), d = OUTER.get();
            d.update(CONTENT_TAG);
            d.update(Json.mapper().writeValueAsBytes(fields));
            d.update((byte) '\n');
            d.update(inner.digest(storedInput));   // digest() resets it for the next use
            d.update(inner.digest(storedResult));
            return HexFormat.of().formatHex(d.digest());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The canonical text a {@link #CANONICAL_JSON} record's hash is taken over (plain or keyed). */
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

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(ChainHash::newSha256);
    private static final ThreadLocal<MessageDigest> OUTER = ThreadLocal.withInitial(ChainHash::newSha256);

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
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
