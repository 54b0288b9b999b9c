package winterroom.audit;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdDictCompress;
import com.github.luben.zstd.ZstdDictDecompress;
import com.github.luben.zstd.ZstdException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The bytes a record's input and result JSON are kept as. New records are zstd frames compressed against a
 * dictionary trained on the shipped scenarios' own records ({@link #DICTIONARIES}): the strings every record
 * repeats (rule codes, titles, sources, fact shapes) are in the dictionary rather than in each record, so a
 * whole-system Leeds day keeps in about 11 KB rather than 22 KB deflated, at a tenth of deflate's CPU.
 *
 * <p>Stored bytes describe themselves: a zstd frame starts with its magic number and names its dictionary's id;
 * anything else is a zlib stream, as records were kept from schema V19 until the dictionary. Both read back to
 * the same JSON text, and the chain hashes the stored bytes whichever they are, so no record is re-hashed.
 *
 * <p>A shipped dictionary must never change once records use it: they could no longer be read. A better one is
 * added beside it under a new id ({@code StoredJsonTest} pins each one's digest).
 */
final class StoredJson {
    /** Every dictionary ever shipped, oldest first; the last is used to compress. */
    static final List<String> DICTIONARIES = List.of("audit/records-1.zdict");
    /** zstd level 3 (its default): level 6 would save about a fifth more at three times the CPU. */
    private static final int LEVEL = 3;
    /** No stored JSON inflates beyond this: a frame claiming more was not written by us. */
    private static final long MAX_TEXT = 256L << 20;

    private static final ZstdDictCompress COMPRESS;
    private static final Map<Long, ZstdDictDecompress> DECOMPRESS = new HashMap<>();
    /** Native contexts are not thread-safe: each caller borrows one (with its output buffer) and gives it back; at most 16 wait idle. */
    private static final ArrayBlockingQueue<Compressor> CONTEXTS = new ArrayBlockingQueue<>(16);
    /** An output buffer grown beyond this (for a result of megabytes) is not kept with its context. */
    private static final int MAX_KEPT_BUFFER = 1 << 20;

    /**
     * A context and the buffer it compresses into: zstd needs room for the worst case (about the input's size), and
     * allocating that afresh for every record (150 KB for a whole-system result) to keep the 11 KB frame was most of
     * what compressing allocated.
     */
    private static final class Compressor {
        final ZstdCompressCtx ctx = new ZstdCompressCtx().setLevel(LEVEL).setContentSize(true).setDictID(true).setChecksum(false).loadDict(COMPRESS);
        byte[] out = new byte[0];
    }

    static {
        byte[] last = null;
        for (String name : DICTIONARIES) {
            last = resource(name);
            DECOMPRESS.put(Zstd.getDictIdFromDict(last), new ZstdDictDecompress(last));
        }
        COMPRESS = new ZstdDictCompress(last, LEVEL);
    }

    private StoredJson() {}

    /** The id of the dictionary new records are compressed with. */
    static long dictionaryId() { return Zstd.getDictIdFromDict(resource(DICTIONARIES.get(DICTIONARIES.size() - 1))); }

    static byte[] compress(byte[] json) { return compress(json, json.length); }

    /** The first {@code length} bytes of {@code json}, compressed: the same frame as {@code ZstdCompressCtx.compress} makes. */
    static byte[] compress(byte[] json, int length) {
        Compressor c = CONTEXTS.poll();
        if (c == null) c = new Compressor();
        try {
            int bound = (int) Zstd.compressBound(length);
            byte[] out = c.out.length >= bound ? c.out : new byte[bound];
            if (bound <= MAX_KEPT_BUFFER) c.out = out;
            int size = c.ctx.compressByteArray(out, 0, out.length, json, 0, length);
            return java.util.Arrays.copyOf(out, size);
        } finally {
            if (!CONTEXTS.offer(c)) c.ctx.close();
        }
    }

    /** The JSON text stored bytes read back to, whichever way they were kept. */
    static String text(byte[] stored) throws DataFormatException {
        return isZstd(stored) ? unzstd(stored) : inflate(stored);
    }

    static boolean isZstd(byte[] b) {
        return b.length >= 4 && (b[0] & 0xff) == 0x28 && (b[1] & 0xff) == 0xb5 && (b[2] & 0xff) == 0x2f && (b[3] & 0xff) == 0xfd;
    }

    private static String unzstd(byte[] stored) throws DataFormatException {
        long id = Zstd.getDictIdFromFrame(stored);
        ZstdDictDecompress dict = DECOMPRESS.get(id);
        if (dict == null) throw new DataFormatException("the stored bytes name dictionary " + id + ", which this version does not ship");
        long size = Zstd.getFrameContentSize(stored);
        if (size < 0 || size > MAX_TEXT) throw new DataFormatException("the stored bytes do not say a length that can be read (" + size + ")");
        try (ZstdDecompressCtx ctx = new ZstdDecompressCtx()) {
            ctx.loadDict(dict);
            return new String(ctx.decompress(stored, (int) size), StandardCharsets.UTF_8);
        } catch (ZstdException e) {
            throw new DataFormatException("the stored bytes are not a whole zstd frame: " + e.getMessage());
        }
    }

    /** Deflate as records were kept before the dictionary (zlib, level 6); still written by tests of old records. */
    static byte[] deflate(byte[] bytes) {
        java.util.zip.Deflater d = new java.util.zip.Deflater(6);
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

    private static String inflate(byte[] stored) throws DataFormatException {
        Inflater i = new Inflater();
        try {
            i.setInput(stored);
            ByteArrayOutputStream out = new ByteArrayOutputStream(stored.length * 8);
            byte[] buf = new byte[32768];
            while (!i.finished()) {
                int n = i.inflate(buf);
                if (n == 0 && (i.needsInput() || i.needsDictionary())) throw new DataFormatException("the stored bytes end before their data does");
                out.write(buf, 0, n);
                if (out.size() > MAX_TEXT) throw new DataFormatException("the stored bytes inflate beyond " + MAX_TEXT + " bytes");
            }
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            i.end();
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = StoredJson.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("the audit dictionary " + name + " is missing from the build");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
