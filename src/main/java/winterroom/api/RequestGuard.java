package winterroom.api;

import io.javalin.http.Context;

import java.util.Locale;
import java.util.Set;

/**
 * Keeps other web pages out. A page on another origin can make a browser send a "simple" POST
 * (text/plain, a form) without asking first, and a rebinding DNS name can point at loopback; so
 * state-changing requests must come from this service's own origin, POST bodies must be of a type
 * the routes read (never one a form can send), and without a tokens file or an OIDC issuer (local use) only loopback host names are answered.
 */
final class RequestGuard {
    private RequestGuard() {}

    /**
     * What POST routes read: JSON, NDJSON batches and NHS England's sitrep CSV (the file routes take files by PUT).
     * None of them is a type a cross-site page can POST without a CORS preflight (text/plain, a form).
     */
    private static final Set<String> POST_TYPES = Set.of("application/json", "application/x-ndjson", "text/csv");
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");
    private static final Set<String> CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");

    static void check(Context ctx, boolean localMode) {
        String host = ctx.header("Host");
        if (localMode && !LOOPBACK.contains(hostName(host))) {
            throw new ApiException(403, "this service runs without a tokens file or an OIDC issuer and answers only loopback names "
                    + "(localhost, 127.0.0.1, [::1]), not '" + host + "'");
        }
        String method = ctx.method().name();
        if (!CHANGING.contains(method)) return;
        String origin = ctx.header("Origin");
        // Behind a proxy that terminates TLS (deploy/nginx-winter-room.conf) the Host has no port and the
        // scheme the browser used is in X-Forwarded-Proto: the service's own origin is then on 443 (or 80).
        String proto = ctx.header("X-Forwarded-Proto");
        int defaultPort = proto == null ? ctx.port() : proto.strip().equalsIgnoreCase("https") ? 443 : 80;
        if (origin != null && !sameOrigin(origin, host, defaultPort)) {
            throw new ApiException(403, "cross-site request refused: Origin '" + origin + "' is not this service's own");
        }
        String type = ctx.header("Content-Type");   // the raw header: the servlet API throws on an unknown charset
        if (type != null) {
            String charset = charset(type);
            if (charset != null && !charset.equals("utf-8") && !charset.equals("utf8")) {
                throw new ApiException(415, "request bodies are read as UTF-8; charset '" + charset + "' is not accepted");
            }
        }
        if ("POST".equals(method) && type != null) {
            String bare = type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            if (!POST_TYPES.contains(bare)) {
                throw new ApiException(415, "a POST body of type '" + bare + "' is not accepted: send 'Content-Type: application/json' "
                        + "(or the route's file type, such as text/csv)");
            }
        }
    }

    /** The charset parameter of a Content-Type, lower-cased and unquoted, or null. */
    static String charset(String contentType) {
        for (String part : contentType.split(";")) {
            String p = part.strip();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).strip().equalsIgnoreCase("charset")) {
                return p.substring(eq + 1).strip().replace("\"", "").toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    /** Headers on every answer: no framing, no type sniffing, no referrer leaking ids. */
    static void secure(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Content-Security-Policy", "frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'");
    }

    /** Whether an Origin names this service: the same host name (any two loopback names agree) and port. */
    static boolean sameOrigin(String origin, String host, int localPort) {
        java.net.URI o;
        try {
            o = java.net.URI.create(origin.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (o.getHost() == null || o.getScheme() == null) return false;   // "null" from a sandboxed or file page
        int originPort = o.getPort() >= 0 ? o.getPort() : "https".equalsIgnoreCase(o.getScheme()) ? 443 : 80;
        String originName = o.getHost().toLowerCase(Locale.ROOT);
        if (originName.contains(":") && !originName.startsWith("[")) originName = "[" + originName + "]";
        String hostName = hostName(host);
        int hostPort = hostPort(host, localPort);
        boolean names = originName.equals(hostName) || (LOOPBACK.contains(originName) && LOOPBACK.contains(hostName));
        return names && originPort == hostPort;
    }

    /** The port a Host header names, or defaultPort when it names none. */
    private static int hostPort(String host, int localPort) {
        if (host == null) return localPort;
        String h = host.strip();
        int colon = h.lastIndexOf(':');
        if (colon < 0 || colon < h.lastIndexOf(']')) return localPort;
        try {
            return Integer.parseInt(h.substring(colon + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The host name of a Host header, without its port ("[::1]:8080" is "[::1]"). */
    static String hostName(String host) {
        if (host == null) return "";
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(0, end + 1);
        }
        int colon = h.lastIndexOf(':');
        return colon < 0 || h.indexOf(':') != colon ? h : h.substring(0, colon);
    }
}
