package winterroom.audit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A record to append: what the caller knows. The log adds its position, the time it was recorded and the hashes.
 *
 * @param subject        what it belongs to (a batch, an exercise, a rerun's original), or null
 * @param asOf           the moment its input describes, or null
 * @param tags           short "name:value" labels the trail can be filtered by ("org:LTHT", "trigger:T3")
 * @param input          what was asked: anything Jackson writes as JSON (a JsonNode, a record); kept as that JSON text
 * @param result         what was concluded, likewise
 */
public record NewRecord(String id, RecordKind kind, String subject, String actor, String rulesetVersion,
                        Instant asOf, List<String> tags, Object input, Object result) {
    public NewRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(result, "result");
        tags = tags == null ? List.of() : List.copyOf(tags);
        for (String t : tags) {
            if (t.isBlank() || t.contains(",")) throw new IllegalArgumentException("a tag is not blank and has no comma: '" + t + "'");
        }
    }
}
