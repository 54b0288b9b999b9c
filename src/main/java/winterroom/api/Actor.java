package winterroom.api;

import io.javalin.http.Context;
import winterroom.auth.Caller;

/** Who is asking, as recorded with what they asked for. */
final class Actor {
    static final String ATTRIBUTE = "winterroom.actor";
    static final String CALLER = "winterroom.caller";

    private Actor() {}

    static String of(Context ctx) {
        Object a = ctx.attribute(ATTRIBUTE);
        return a == null ? "anonymous" : a.toString();
    }

    /** Who the request's token belongs to and what it may do; tokensRequired says whether the service checks tokens at all (a tokens file or an OIDC issuer). */
    static java.util.Map<String, Object> caller(Context ctx, boolean tokensRequired) {
        Caller c = ctx.attribute(CALLER);
        if (c == null) c = Caller.LOCAL;
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("name", c.name());
        m.put("role", c.role());
        m.put("allows", c.role().allowsAll());
        m.put("tokensRequired", tokensRequired);
        return m;
    }
}
