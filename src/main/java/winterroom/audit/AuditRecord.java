package winterroom.audit;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import winterroom.Json;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * One record of the audit trail as kept. Input and result are held as the exact JSON text that was stored (for a
 * {@link ChainHash#STORED_BYTES} record, the text its stored bytes inflate to), so what is read back is byte for
 * byte what was hashed.
 *
 * @param hashFormat  how its hash was taken: {@link ChainHash#CANONICAL_JSON} or {@link ChainHash#STORED_BYTES}
 * @param contentHash for a {@link ChainHash#STORED_BYTES} record, the hash of its content as stored (recomputed
 *                    from the stored bytes whenever it is read); null for the older format
 */
@JsonPropertyOrder({"seq", "id", "kind", "subject", "recordedAt", "actor", "rulesetVersion", "asOf", "tags",
        "input", "result", "prevHash", "hash", "hashFormat", "contentHash"})
public record AuditRecord(long seq, String id, RecordKind kind, String subject, Instant recordedAt, String actor,
                          String rulesetVersion, Instant asOf, List<String> tags,
                          @JsonRawValue String input, @JsonRawValue String result,
                          String prevHash, String hash, int hashFormat, String contentHash) {

    /** A record in the format kept before schema V19 (canonical JSON hashed). */
    public AuditRecord(long seq, String id, RecordKind kind, String subject, Instant recordedAt, String actor,
                       String rulesetVersion, Instant asOf, List<String> tags, String input, String result,
                       String prevHash, String hash) {
        this(seq, id, kind, subject, recordedAt, actor, rulesetVersion, asOf, tags, input, result, prevHash, hash,
                ChainHash.CANONICAL_JSON, null);
    }

    /** The same record with another hash (and otherwise unchanged). */
    AuditRecord withHash(String h) {
        return new AuditRecord(seq, id, kind, subject, recordedAt, actor, rulesetVersion, asOf, tags, input, result,
                prevHash, h, hashFormat, contentHash);
    }

    @JsonIgnore
    public JsonNode inputNode() { return parse(input); }

    @JsonIgnore
    public JsonNode resultNode() { return parse(result); }

    /** The hash this record's content implies, given the hash of the record before it. */
    public String expectedHash() { return ChainHash.of(this); }

    private static JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
