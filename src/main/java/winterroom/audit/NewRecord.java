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
        id = wellFormed(id);
        subject = wellFormed(subject);
        actor = wellFormed(actor);
        rulesetVersion = wellFormed(rulesetVersion);
        tags = tags == null ? List.of() : tags.stream().map(NewRecord::wellFormed).toList();
        for (String t : tags) {
            if (t.isBlank() || t.contains(",")) throw new IllegalArgumentException("a tag is not blank and has no comma: '" + t + "'");
        }
    }

    /**
     * The text with each unpaired surrogate (half a character, which a JSON string escape can carry) replaced by U+FFFD, so
     * that what is hashed is what every database keeps: SQLite and PostgreSQL keep text as UTF-8, which has no
     * place for half a character, and would otherwise read back a different string than the one hashed.
     */
    static String wellFormed(String s) {
        if (s == null) return null;
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean paired = Character.isHighSurrogate(c) ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                    : !Character.isLowSurrogate(c) || i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
            if (!paired && out == null) out = new StringBuilder(s.length()).append(s, 0, i);
            if (out != null) out.append(paired ? c : '\uFFFD');
        }
        return out == null ? s : out.toString();
    }
}
