package winterroom.audit;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Which records to read, oldest first. Every condition given must hold; null means "any".
 *
 * @param from       recorded at or after
 * @param to         recorded before
 * @param asOfFrom   input describes a moment at or after
 * @param asOfTo     input describes a moment before
 * @param tags       every one of these tags is present
 * @param afterSeq   keyset cursor: only records after this position
 * @param limit      at most this many (0: no limit, for streaming)
 */
public record RecordQuery(Set<RecordKind> kinds, String subject, Instant from, Instant to, Instant asOfFrom,
                          Instant asOfTo, List<String> tags, Long afterSeq, int limit) {
    public RecordQuery {
        kinds = kinds == null ? Set.of() : Set.copyOf(kinds);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public static RecordQuery of(RecordKind kind) {
        return new RecordQuery(Set.of(kind), null, null, null, null, null, List.of(), null, 0);
    }

    public RecordQuery withLimit(int n) {
        return new RecordQuery(kinds, subject, from, to, asOfFrom, asOfTo, tags, afterSeq, n);
    }

    public RecordQuery after(Long seq) {
        return new RecordQuery(kinds, subject, from, to, asOfFrom, asOfTo, tags, seq, limit);
    }

    public RecordQuery withSubject(String s) {
        return new RecordQuery(kinds, s, from, to, asOfFrom, asOfTo, tags, afterSeq, limit);
    }
}
