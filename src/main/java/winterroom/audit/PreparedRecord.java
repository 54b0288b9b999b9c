package winterroom.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import winterroom.Json;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A record made ready to keep, in the thread that asks for it: its input and result written as JSON once, compressed
 * to the bytes that are stored ({@link StoredJson}), and its content hash taken over those bytes ({@link ChainHash#STORED_BYTES}). The
 * single writer then only numbers it, chains it and inserts it.
 */
public final class PreparedRecord {
    final NewRecord record;
    /** asOf as it is kept (milliseconds). */
    final Instant asOf;
    final String input;
    final String result;
    final byte[] storedInput;
    final byte[] storedResult;
    final String contentHash;

    private PreparedRecord(NewRecord r, byte[] in, int inLength, byte[] out, int outLength, boolean keepText) {
        this.record = r;
        this.asOf = r.asOf() == null ? null : r.asOf().truncatedTo(ChronoUnit.MILLIS);
        this.input = keepText ? new String(in, 0, inLength, StandardCharsets.UTF_8) : null;
        this.result = keepText ? new String(out, 0, outLength, StandardCharsets.UTF_8) : null;
        this.storedInput = StoredJson.compress(in, inLength);
        this.storedResult = StoredJson.compress(out, outLength);
        this.contentHash = ChainHash.contentHash(r.id(), r.kind(), r.subject(), r.actor(), r.rulesetVersion(), asOf, r.tags(),
                storedInput, storedResult);
    }

    public static PreparedRecord of(NewRecord r) {
        byte[] in = json(r.input()), out = json(r.result());
        return new PreparedRecord(r, in, in.length, out, out.length, true);
    }

    /**
     * A record whose input and result its caller has already written as JSON ({@code inputJson}, and the first
     * {@code resultLength} bytes of {@code resultJson}, which may be reused once this returns). The log gives such a
     * record back without its text (input and result null): the caller has it, and a whole-system result copied into a
     * String only to be dropped was 150 KB of each request's allocation.
     */
    public static PreparedRecord written(NewRecord r, byte[] inputJson, byte[] resultJson, int resultLength) {
        return new PreparedRecord(r, inputJson, inputJson.length, resultJson, resultLength, false);
    }

    public static List<PreparedRecord> all(List<NewRecord> records) { return records.stream().map(PreparedRecord::of).toList(); }

    public NewRecord record() { return record; }

    /** The record as kept at position {@code seq}, recorded at {@code now}, after {@code prevHash}; not yet hashed. */
    AuditRecord at(long seq, Instant now, String prevHash) {
        NewRecord n = record;
        return new AuditRecord(seq, n.id(), n.kind(), n.subject(), now, n.actor(), n.rulesetVersion(), asOf, n.tags(),
                input, result, prevHash, null, ChainHash.STORED_BYTES, contentHash);
    }

    private static byte[] json(Object node) {
        try {
            return Json.mapper().writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not writable as JSON", e);
        }
    }
}
