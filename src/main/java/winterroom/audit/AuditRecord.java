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
 * One record of the audit trail as kept. Input and result are held as the exact JSON text that was stored, so
 * what is read back is byte for byte what was hashed.
 */
@JsonPropertyOrder({"seq", "id", "kind", "subject", "recordedAt", "actor", "rulesetVersion", "asOf", "tags",
        "input", "result", "prevHash", "hash"})
public record AuditRecord(long seq, String id, RecordKind kind, String subject, Instant recordedAt, String actor,
                          String rulesetVersion, Instant asOf, List<String> tags,
                          @JsonRawValue String input, @JsonRawValue String result,
                          String prevHash, String hash) {

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
