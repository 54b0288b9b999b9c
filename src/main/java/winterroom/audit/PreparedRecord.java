package winterroom.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import winterroom.Json;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A record made ready to keep, in the thread that asks for it: its input and result written as JSON once, deflated
 * to the bytes that are stored, and its content hash taken over those bytes ({@link ChainHash#STORED_BYTES}). The
 * single writer then only numbers it, chains it and inserts it.
 */
public final class PreparedRecord {
    /** Deflate level 6 (zlib's default): a Saturday example's 97.6 KB result (audit trail included) is kept in 13.9 KB; level 9 saves only 0.2 KB more. */
    private static final int LEVEL = 6;

    final NewRecord record;
    /** asOf as it is kept (milliseconds). */
    final Instant asOf;
    final String input;
    final String result;
    final byte[] storedInput;
    final byte[] storedResult;
    final String contentHash;

    private PreparedRecord(NewRecord r) {
        this.record = r;
        this.asOf = r.asOf() == null ? null : r.asOf().truncatedTo(ChronoUnit.MILLIS);
        byte[] in = json(r.input());
        byte[] out = json(r.result());
        this.input = new String(in, StandardCharsets.UTF_8);
        this.result = new String(out, StandardCharsets.UTF_8);
        this.storedInput = deflate(in);
        this.storedResult = deflate(out);
        this.contentHash = ChainHash.contentHash(r.id(), r.kind(), r.subject(), r.actor(), r.rulesetVersion(), asOf, r.tags(),
                storedInput, storedResult);
    }

    public static PreparedRecord of(NewRecord r) { return new PreparedRecord(r); }

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

    static byte[] deflate(byte[] bytes) {
        Deflater d = new Deflater(LEVEL);
        try {
            d.setInput(bytes);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, bytes.length / 6));
            byte[] buf = new byte[16384];
            while (!d.finished()) out.write(buf, 0, d.deflate(buf));
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    /** The JSON text stored bytes inflate to. */
    static String inflate(byte[] stored) throws DataFormatException {
        Inflater i = new Inflater();
        try {
            i.setInput(stored);
            ByteArrayOutputStream out = new ByteArrayOutputStream(stored.length * 8);
            byte[] buf = new byte[32768];
            while (!i.finished()) {
                int n = i.inflate(buf);
                if (n == 0 && (i.needsInput() || i.needsDictionary())) throw new DataFormatException("the stored bytes end before their data does");
                out.write(buf, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            i.end();
        }
    }
}
