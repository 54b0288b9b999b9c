package winterroom.store;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import winterroom.Json;
import winterroom.engine.EvaluationResult;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An evaluation's result written as JSON once, for both of its uses in a request: the audit record is compressed from
 * these bytes, and the answer is cut from their top-level fields. Before, the result was turned into a Jackson tree
 * twice a request (once for the record, once for the answer): for a whole-system day, its audit trail included, each
 * tree cost about as much CPU as the evaluation itself and 0.75 MB of allocation.
 *
 * <p>The bytes are those {@code Json.mapper().valueToTree(result)} would have written, which is how results have
 * been kept and answered: a tree holds every decimal as a BigDecimal without trailing zeros (2.0 is written {@code 2},
 * 100.0 as {@code 1E+2}), so decimals are written that way here too ({@link TreeNumbers}). {@code ResultJsonTest}
 * checks the two are the same bytes for every shipped scenario.
 *
 * <p>The bytes are valid only inside {@link #write}'s callback: the buffer is then reused by another request.
 */
public final class ResultJson {
    /** Buffers kept for reuse: a whole-system result is 150 KB, which each request would otherwise allocate afresh. */
    private static final ConcurrentLinkedQueue<Buffer> BUFFERS = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger KEPT = new AtomicInteger();
    private static final int MAX_KEPT = 32;
    /** A buffer grown beyond this (a 2,000-organisation situation's 34 MB) is not kept. */
    private static final int MAX_KEPT_BYTES = 1 << 20;

    private final EvaluationResult result;
    private final Buffer buffer;
    private final List<String> names = new ArrayList<>();
    private int[] starts = new int[24];
    private int end;

    private ResultJson(EvaluationResult result, Buffer buffer) {
        this.result = result;
        this.buffer = buffer;
    }

    /**
     * Writes the result and gives it to {@code use}, which must take what it needs of the bytes (compress them, cut an
     * answer) before it returns; returns what {@code use} returned.
     */
    public static <T> T write(EvaluationResult result, Function<ResultJson, T> use) {
        Buffer buffer = BUFFERS.poll();
        if (buffer == null) buffer = new Buffer();
        else KEPT.decrementAndGet();
        buffer.count = 0;
        try {
            ResultJson json = new ResultJson(result, buffer);
            try (JsonGenerator g = json.new TopLevelFields(Json.mapper().getFactory().createGenerator(buffer, JsonEncoding.UTF8))) {
                Repeats.MAPPER.writeValue(g, result);
            } catch (IOException e) {
                throw new UncheckedIOException("a result could not be written as JSON", e);
            }
            return use.apply(json);
        } finally {
            // about MAX_KEPT at most (two requests may both see room): enough for the requests in flight at once
            if (buffer.bytes.length <= MAX_KEPT_BYTES && KEPT.get() < MAX_KEPT) {
                KEPT.incrementAndGet();
                BUFFERS.offer(buffer);
            }
        }
    }

    public EvaluationResult result() { return result; }

    /** The whole result's bytes are {@code bytes()[0 .. length())}. */
    public byte[] bytes() { return buffer.bytes; }

    public int length() { return buffer.count; }

    /** The result's top-level field names, in the order written. */
    public List<String> names() { return names; }

    public boolean has(String name) { return names.contains(name); }

    /** Writes the {@code i}th top-level field ({@code "name":value}) to {@code out}. */
    public void writeField(int i, OutputStream out) throws IOException {
        int from = fieldStart(i);
        out.write(buffer.bytes, from, fieldEnd(i) - from);
    }

    private int fieldStart(int i) {
        int from = starts[i];
        return buffer.bytes[from] == ',' ? from + 1 : from;   // the generator writes a field's comma before its name
    }

    private int fieldEnd(int i) { return i + 1 < names.size() ? starts[i + 1] : end; }

    /** A copy of the whole result's bytes (for tests). */
    byte[] copy() { return Arrays.copyOf(buffer.bytes, buffer.count); }

    /** Any value written as its JSON tree would be (for tests of {@link TreeNumbers}). */
    static byte[] treeLike(Object value) throws IOException {
        Buffer b = new Buffer();
        try (JsonGenerator g = new TreeNumbers(Json.mapper().getFactory().createGenerator(b, JsonEncoding.UTF8), b)) {
            Repeats.MAPPER.writeValue(g, value);
        }
        return Arrays.copyOf(b.bytes, b.count);
    }

    /**
     * Notes where each top-level field begins (the generator flushed first, so the buffer's length is the position),
     * and writes decimals as a JSON tree of them would.
     */
    private final class TopLevelFields extends TreeNumbers {
        TopLevelFields(JsonGenerator g) { super(g, buffer); }

        private boolean topLevel() {
            JsonStreamContext c = delegate.getOutputContext();
            return c.inObject() && c.getParent() != null && c.getParent().inRoot();
        }

        private void mark(String name) throws IOException {
            delegate.flush();
            if (names.size() == starts.length) starts = Arrays.copyOf(starts, starts.length * 2);
            starts[names.size()] = buffer.count;
            names.add(name);
        }

        @Override
        public void writeFieldName(String name) throws IOException {
            if (topLevel()) mark(name);
            super.writeFieldName(name);
        }

        @Override
        public void writeFieldName(SerializableString name) throws IOException {
            if (topLevel()) mark(name.getValue());
            super.writeFieldName(name);
        }

        @Override
        public void writeEndObject() throws IOException {
            if (topLevel()) {
                delegate.flush();
                end = buffer.count;
            }
            super.writeEndObject();
        }
    }

    /**
     * Writes decimals as {@code valueToTree} then writing the tree does: a double or float becomes
     * {@code BigDecimal.valueOf} of it without trailing zeros, a BigDecimal loses its trailing zeros, and NaN and the
     * infinities stay doubles (written as strings, as the tree writes them). A double's digits are laid out here as
     * {@code BigDecimal.toString} would lay them out ({@link #treeDigits}), without making the two BigDecimals and
     * the strings that took: they were two thirds of what writing a result allocated.
     */
    static class TreeNumbers extends JsonGeneratorDelegate {
        private final char[] digits = new char[32], coefficient = new char[24];
        private final Buffer out;
        /** Where in this result values written more than once were first written: {start, end} by identity. */
        private Map<Object, int[]> spans;

        TreeNumbers(JsonGenerator g, Buffer out) {
            super(g, false);
            this.out = out;
        }

        /** Appends JSON already written as this generator writes it, as it stands (see {@link Repeats}). */
        void append(byte[] written) throws IOException {
            delegate.flush();
            out.write(written, 0, written.length);
        }

        /** Where the next byte written will go (what the generator holds is flushed first). */
        int position() throws IOException {
            delegate.flush();
            return out.count;
        }

        /** What was written from {@code from} on, as a value stands alone: without the comma or colon written before it. */
        byte[] since(int from) throws IOException {
            int start = valueStart(from);
            return Arrays.copyOfRange(out.bytes, start, out.count);
        }

        /** Notes that {@code value} was written from {@code from} to here, to copy where it is written again. */
        void wrote(Object value, int from) throws IOException {
            int start = valueStart(from);
            if (spans == null) spans = new IdentityHashMap<>();
            spans.put(value, new int[]{start, out.count});
        }

        boolean hasWritten(Object value) { return spans != null && spans.containsKey(value); }

        /** Appends again the bytes {@code value} was written as ({@link #wrote}). */
        void copyWritten(Object value) throws IOException {
            int[] span = spans.get(value);
            delegate.flush();
            out.write(out.bytes, span[0], span[1] - span[0]);
        }

        private int valueStart(int from) throws IOException {
            delegate.flush();
            return from < out.count && (out.bytes[from] == ',' || out.bytes[from] == ':') ? from + 1 : from;
        }

        @Override
        public void writeNumber(double v) throws IOException {
            if (Double.isFinite(v)) delegate.writeNumber(digits, 0, treeDigits(v, coefficient, digits));
            else super.writeNumber(v);
        }

        @Override
        public void writeNumber(float v) throws IOException {
            if (Float.isFinite(v)) writeNumber((double) v);   // as the tree does: BigDecimal.valueOf((double) v)
            else super.writeNumber(v);
        }

        @Override
        public void writeNumber(BigDecimal v) throws IOException {
            BigDecimal stripped = v;
            try {
                stripped = v.stripTrailingZeros();
            } catch (ArithmeticException tooLarge) {
                // a scale beyond an int's range: the tree keeps such a value as it is too
            }
            super.writeNumber(stripped);
        }
    }

    /** {@link #treeDigits(String, char[], char[])} for a finite double, as its JSON tree writes it. */
    static int treeDigits(double v, char[] coefficient, char[] out) {
        if (v != Math.rint(v) || Math.abs(v) >= WHOLE_DIGITS_UP_TO) return treeDigits(Double.toString(v), coefficient, out);
        // A whole number (counts, levels, scores: many of a result's numbers) from its digits, not through
        // Double.toString, which makes a String and its bytes for every number written.
        long whole = Math.abs((long) v);
        if (whole == 0) {
            out[0] = '0';
            return 1;
        }
        int n = 0;
        for (long rest = whole; rest > 0; rest /= 10) coefficient[n++] = (char) ('0' + rest % 10);
        for (int a = 0, b = n - 1; a < b; a++, b--) {
            char t = coefficient[a];
            coefficient[a] = coefficient[b];
            coefficient[b] = t;
        }
        int scale = 0;
        while (coefficient[n - 1] == '0') {   // 1500 is 15 with a scale of -2, as BigDecimal strips it
            n--;
            scale--;
        }
        return layOut(v < 0, coefficient, n, scale, out);
    }

    /** From 2^53 on, Double.toString may give fewer digits than the long has (the next double is 2 away): its text is used. */
    private static final double WHOLE_DIGITS_UP_TO = 9007199254740992.0;

    /**
     * {@code new BigDecimal(text).stripTrailingZeros().toString()} for the text {@code Double.toString} gives a finite
     * double ("12.5", "1.0E-5", "-0.0"), written into {@code out} (32 chars; {@code coefficient}, 24, is scratch);
     * returns its length. ResultJsonTest checks it against BigDecimal over a million doubles.
     */
    static int treeDigits(String text, char[] coefficient, char[] out) {
        boolean negative = text.charAt(0) == '-';
        int i = negative ? 1 : 0, e = text.indexOf('E');
        int end = e < 0 ? text.length() : e;
        int exponent = e < 0 ? 0 : Integer.parseInt(text, e + 1, text.length(), 10);
        // the coefficient's digits without the point, and the scale they have: value = coefficient * 10^-scale
        int n = 0, scale = 0;
        boolean point = false;
        for (; i < end; i++) {
            char c = text.charAt(i);
            if (c == '.') {
                point = true;
                continue;
            }
            if (point) scale++;
            if (n == 0 && c == '0') continue;   // leading zeros are not digits of the coefficient
            coefficient[n++] = c;
        }
        scale -= exponent;
        if (n == 0) {
            out[0] = '0';   // zero (or minus zero) strips to plain 0
            return 1;
        }
        while (coefficient[n - 1] == '0') {   // strip trailing zeros (n stays at least 1: the first digit is not 0)
            n--;
            scale--;
        }
        return layOut(negative, coefficient, n, scale, out);
    }

    /** The value {@code coefficient[0..n) * 10^-scale} laid out as BigDecimal.toString lays it out, into {@code out}. */
    private static int layOut(boolean negative, char[] coefficient, int n, int scale, char[] out) {
        int at = 0;
        if (negative) out[at++] = '-';
        if (scale == 0) {
            System.arraycopy(coefficient, 0, out, at, n);
            return at + n;
        }
        int adjusted = -scale + (n - 1);
        if (scale > 0 && adjusted >= -6) {   // plain notation
            int zeros = scale - n;
            if (zeros >= 0) {
                out[at++] = '0';
                out[at++] = '.';
                for (int z = 0; z < zeros; z++) out[at++] = '0';
                System.arraycopy(coefficient, 0, out, at, n);
                return at + n;
            }
            int whole = n - scale;
            System.arraycopy(coefficient, 0, out, at, whole);
            at += whole;
            out[at++] = '.';
            System.arraycopy(coefficient, whole, out, at, scale);
            return at + scale;
        }
        out[at++] = coefficient[0];   // scientific notation: d.dddE+n
        if (n > 1) {
            out[at++] = '.';
            System.arraycopy(coefficient, 1, out, at, n - 1);
            at += n - 1;
        }
        out[at++] = 'E';
        out[at++] = adjusted > 0 ? '+' : '-';
        int magnitude = Math.abs(adjusted), from = at;   // at most 3 digits: a double's exponent is within 10^±324
        do {
            out[at++] = (char) ('0' + magnitude % 10);
            magnitude /= 10;
        } while (magnitude > 0);
        for (int a = from, b = at - 1; a < b; a++, b--) {
            char t = out[a];
            out[a] = out[b];
            out[b] = t;
        }
        return at;
    }

    /** A growable byte array the generator writes into. */
    static final class Buffer extends OutputStream {
        byte[] bytes;
        int count;

        Buffer() { this(64 * 1024); }

        Buffer(int size) { bytes = new byte[size]; }

        private void room(int more) {
            if (count + more > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(count + more, bytes.length * 2));
        }

        @Override
        public void write(int b) {
            room(1);
            bytes[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            room(len);
            System.arraycopy(b, off, bytes, count, len);
            count += len;
        }
    }
}
