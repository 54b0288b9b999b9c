package winterroom.api;

import io.javalin.http.Context;
import winterroom.situation.FieldError;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Reads query parameters, collecting every problem, and rejects names the route does not know. */
final class QueryParams {
    static final int MAX_LIMIT = 1000;
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    private final Context ctx;
    private final List<FieldError> problems = new ArrayList<>();

    QueryParams(Context ctx, Set<String> known) {
        this.ctx = ctx;
        for (String name : new TreeSet<>(ctx.queryParamMap().keySet())) {
            if (!known.contains(name)) problems.add(new FieldError(name, "unknown query parameter; known: " + String.join(", ", new TreeSet<>(known))));
            else if (ctx.queryParams(name).size() > 1) problems.add(new FieldError(name, "given more than once"));
        }
    }

    String text(String name) {
        String v = ctx.queryParam(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** An ISO date-time with an offset, or a date (the start of that day in Europe/London). */
    Instant instant(String name) {
        String v = text(name);
        if (v == null) return null;
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException notDateTime) {
            try {
                return LocalDate.parse(v).atStartOfDay(LONDON).toInstant();
            } catch (DateTimeParseException notDate) {
                problems.add(new FieldError(name, "'" + v + "' is not a date-time with an offset (2019-01-12T07:30:00Z) or a date (2019-01-12)"));
                return null;
            }
        }
    }

    int limit(int dflt) {
        String v = text("limit");
        if (v == null) return dflt;
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= MAX_LIMIT) return n;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        problems.add(new FieldError("limit", "'" + v + "' is not a whole number from 1 to " + MAX_LIMIT));
        return dflt;
    }

    Long cursor() {
        String v = text("cursor");
        if (v == null) return null;
        try {
            long n = Long.parseLong(v);
            if (n >= 0) return n;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        problems.add(new FieldError("cursor", "'" + v + "' is not a cursor from a previous page's nextCursor"));
        return null;
    }

    /** A code made of letters, digits, '_' and '-' (organisation, trigger and principle codes). */
    String code(String name) {
        String v = text(name);
        if (v != null && !v.matches("[A-Za-z0-9_-]{1,40}")) {
            problems.add(new FieldError(name, "'" + v + "' is not a code (letters, digits, '_' or '-')"));
            return null;
        }
        return v;
    }

    <E extends Enum<E>> E oneOf(String name, Class<E> type) {
        String v = text(name);
        if (v == null) return null;
        try {
            return Enum.valueOf(type, v.toUpperCase());
        } catch (IllegalArgumentException e) {
            List<String> names = new ArrayList<>();
            for (E c : type.getEnumConstants()) names.add(c.name());
            problems.add(new FieldError(name, "'" + v + "' is not one of " + String.join(", ", names)));
            return null;
        }
    }

    void require(boolean condition, String field, String message) {
        if (!condition) problems.add(new FieldError(field, message));
    }

    /** A page as JSON: {"items": [...], "nextCursor": "..." or null on the last page}. */
    static java.util.Map<String, Object> page(winterroom.audit.Page<?> page) {
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("items", page.items());
        body.put("nextCursor", page.nextCursor());
        return body;
    }

    /** Throws a 400 naming every problem found. */
    void check() {
        if (!problems.isEmpty()) {
            throw new ApiException(400, "the query is not valid (" + problems.size() + (problems.size() == 1 ? " problem)" : " problems)"), problems);
        }
    }
}
