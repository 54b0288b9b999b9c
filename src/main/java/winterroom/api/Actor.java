package winterroom.api;

import io.javalin.http.Context;

/** Who is asking, as recorded with what they asked for. */
final class Actor {
    static final String ATTRIBUTE = "winterroom.actor";

    private Actor() {}

    static String of(Context ctx) {
        Object a = ctx.attribute(ATTRIBUTE);
        return a == null ? "anonymous" : a.toString();
    }
}
