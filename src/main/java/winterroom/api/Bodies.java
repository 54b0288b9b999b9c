package winterroom.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import winterroom.Json;
import winterroom.situation.FieldError;

import java.util.List;

/** Reads request bodies as JSON, turning every way a body can be unreadable into a 400 that says where. */
final class Bodies {
    static final long MAX_BYTES = 1024 * 1024;

    private Bodies() {}

    static JsonNode json(Context ctx) {
        String body = ctx.body();
        // a body sent without a length (chunked) is only measured once read
        if (body.length() > MAX_BYTES) throw new ApiException(413, "request body is over the limit of " + MAX_BYTES + " bytes (1 MiB)");
        return json(ctx, body);
    }

    /** Parses a body already read (routes with their own size limit). */
    static JsonNode json(Context ctx, String body) {
        if (body.isBlank()) throw new ApiException(400, "the request body is empty: send a JSON document");
        try {
            return Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ApiException(400, "malformed JSON" + where,
                    List.of(new FieldError("", e.getOriginalMessage())));
        }
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
