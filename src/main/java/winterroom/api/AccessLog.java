package winterroom.api;

import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import winterroom.metrics.ServiceMetrics;

import java.time.Duration;

/**
 * One line per request in the access log (logger winterroom.access, so it can be routed or
 * silenced on its own), and the request's time in the per-route histogram. The route is the
 * matched template ("/api/v1/evaluations/{id}"), never the raw path; static files count as one.
 */
final class AccessLog {
    private static final Logger LOG = LoggerFactory.getLogger("winterroom.access");

    private AccessLog() {}

    static void record(Context ctx, float ms, ServiceMetrics metrics) {
        String route = ctx.endpoint() == null ? "static" : ctx.endpoint().path;
        if (route == null || route.isEmpty()) route = "static";
        int status = ctx.statusCode();
        metrics.request(ctx.method().name(), route, status, Duration.ofNanos((long) (ms * 1_000_000)));
        if (LOG.isInfoEnabled()) {
            Object who = ctx.attribute(Actor.ATTRIBUTE);
            LOG.info("{} {} {} {} {}ms {}", ctx.ip(), ctx.method().name(), ctx.path(), status, String.format("%.1f", ms), who == null ? "-" : who);
        }
    }
}
