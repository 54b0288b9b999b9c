package winterroom.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import winterroom.Json;
import winterroom.situation.FieldError;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads request bodies as JSON, turning every way a body can be unreadable into a 4xx that says why: 400 for one
 * that is empty, malformed or cut short (saying where), 408 for one that stopped arriving, 413 for one too large.
 */
final class Bodies {
    static final long MAX_BYTES = 1024 * 1024;

    private Bodies() {}

    /** The body read once (see {@link #bytes}) and parsed; kept on the request, so a second call reads nothing again. */
    static JsonNode json(Context ctx) {
        JsonNode kept = ctx.attribute(PARSED);
        if (kept != null) return kept;
        JsonNode tree = parse(bytes(ctx));
        ctx.attribute(PARSED, tree);
        return tree;
    }

    private static final String PARSED = "winterroom.body";

    /** True when the request has no body, or one of white space only; a body read is kept for {@link #json(Context)}. */
    static boolean isEmpty(Context ctx) {
        if (ctx.attribute(PARSED) != null) return false;
        byte[] bytes = bytes(ctx);
        if (new String(bytes, StandardCharsets.UTF_8).isBlank()) return true;
        ctx.attribute(PARSED, parse(bytes));
        return false;
    }

    /**
     * The body's bytes, read straight into an array of the length the request declares (a body of up to 64 KB, in
     * one): Javalin's reader grew a buffer from 32 bytes and copied it, then the text was copied again as a String,
     * about 130 KB of allocation for a 10 KB body. A body of unknown length (chunked) is read up to one byte past
     * the limit. Bodies are UTF-8 (RequestGuard refuses any other charset), which the parser reads from the bytes.
     */
    private static byte[] bytes(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > MAX_BYTES) throw tooLarge();
        try {
            var in = ctx.req().getInputStream();
            if (declared >= 0) {
                // grown as the bytes arrive (to the length declared at most), so a client that declares a megabyte
                // and sends nothing holds no megabyte of this thread's
                int length = (int) declared, read = 0;
                byte[] bytes = new byte[Math.min(length, FIRST_READ)];
                while (true) {
                    read += in.readNBytes(bytes, read, bytes.length - read);
                    if (read < bytes.length || read == length) break;
                    bytes = java.util.Arrays.copyOf(bytes, (int) Math.min(length, 4L * bytes.length));
                }
                if (read < length) throw new ApiException(400, "the request body ended after " + read + " of the " + declared + " bytes its Content-Length declares");
                return bytes;
            }
            byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) throw tooLarge();
            return bytes;
        } catch (IOException e) {
            // Jetty gives up on a body that stops arriving at its idle timeout
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof java.util.concurrent.TimeoutException) {
                    throw new ApiException(408, "the request body stopped arriving and was cut off; nothing was done");
                }
            }
            throw new ApiException(400, "the request body could not be read whole; nothing was done");
        }
    }

    /** What is read into before more is allocated: a whole-system situation, 10 KB, fits. */
    private static final int FIRST_READ = 64 * 1024;

    private static ApiException tooLarge() {
        return new ApiException(413, "request body is over the limit of " + MAX_BYTES + " bytes (1 MiB)");
    }

    /** Parses a body already read (routes with their own size limit). */
    static JsonNode json(Context ctx, String body) {
        if (body.isBlank()) throw emptyBody();
        try {
            return Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw malformed(e);
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode tree = Json.mapper().readTree(body);
            if (tree == null || tree.isMissingNode()) throw emptyBody();   // nothing but white space
            return tree;
        } catch (IOException e) {
            throw e instanceof JsonProcessingException p ? malformed(p) : new ApiException(400, "the request body could not be read");
        }
    }

    private static ApiException emptyBody() { return new ApiException(400, "the request body is empty: send a JSON document"); }

    private static ApiException malformed(JsonProcessingException e) {
        var at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return new ApiException(400, "malformed JSON" + where, List.of(new FieldError("", e.getOriginalMessage())));
    }

    /** Longest note or author name kept with a change: a paragraph, not a document. */
    static final int MAX_TEXT = 2000;

    /**
     * An optional text field of a JSON body: null when absent or null, a 400 naming the field when it is
     * anything but text (a number is not quietly turned into a note) or longer than {@link #MAX_TEXT}.
     */
    static String optionalText(JsonNode body, String field) {
        JsonNode v = body == null ? null : body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw new ApiException(400, field + " must be text", List.of(new FieldError(field, "got " + v.getNodeType().name().toLowerCase())));
        if (v.asText().length() > MAX_TEXT) {
            throw new ApiException(400, field + " is too long", List.of(new FieldError(field, "at most " + MAX_TEXT + " characters")));
        }
        return v.asText();
    }
}
