package winterroom;

import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Liveness, readiness, metrics, and a shutdown that lets requests in flight finish. */
class LifecycleTest {
    @Test
    void healthReadyAndMetrics() {
        WinterRoom room = WinterRoom.create(new ServiceConfig(0, Path.of("rules"), 20000));
        JavalinTest.test(room.newWebApp(), (server, client) -> {
            assertEquals(200, Http.get(client, "/health").status());
            Http.Answer ready = Http.get(client, "/ready");
            assertEquals(200, ready.status());
            assertTrue(ready.body().get("ready").asBoolean());
            assertEquals(room.evaluations().ruleset().version(), ready.body().get("rulesetVersion").asText());
            assertEquals(201, Http.post(client, "/api/v1/evaluations", RunawayRulesTest.ORDINARY_SITUATION).status());
            assertEquals(400, Http.post(client, "/api/v1/evaluations", "{}").status());
            String metrics = Http.get(client, "/metrics").text();
            assertTrue(metrics.contains("winterroom_evaluations_seconds_count{kind=\"single\",outcome=\"ok\"}"), metrics);
            assertTrue(metrics.contains("outcome=\"invalid\""));
            assertTrue(metrics.contains("winterroom_ruleset_info{version=\"" + room.evaluations().ruleset().version() + "\"} 1"), metrics);
            // per-route latency, by the route's template rather than its raw path
            assertTrue(metrics.contains("winterroom_http_requests_seconds_count{method=\"POST\",route=\"/api/v1/evaluations\",status=\"2xx\"}"), metrics);
            assertTrue(metrics.contains("winterroom_http_requests_seconds_bucket{method=\"POST\",route=\"/api/v1/evaluations\",status=\"4xx\""), metrics);
            // Micrometer's own binders: JVM, process, Jetty, the audit database pool
            for (String family : new String[] {"jvm_memory_used_bytes", "jvm_gc_", "jvm_threads_live_threads", "jvm_classes_loaded_classes",
                    "process_cpu_usage", "process_uptime_seconds", "jetty_threads_current", "hikaricp_connections"}) {
                assertTrue(metrics.contains(family), family + " missing from /metrics");
            }
        });
    }

    /** A slow evaluation (a looping rule held by the time limit) still gets its answer when the server is stopped meanwhile. */
    @Test
    void stoppingTheServerCompletesRequestsInFlight(@TempDir Path dir) throws Exception {
        WinterRoom room = WinterRoom.create(new ServiceConfig(0, RunawayRulesTest.rulesWithLoop(dir), Integer.MAX_VALUE, Duration.ofMillis(1500)));
        Javalin app = room.newWebApp().start(0);
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest slow = HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + "/api/v1/evaluations"))
                .POST(HttpRequest.BodyPublishers.ofString(RunawayRulesTest.LOOPING_SITUATION)).build();
        CompletableFuture<HttpResponse<String>> answer = client.sendAsync(slow, HttpResponse.BodyHandlers.ofString());
        // wait until the server holds the request (not a fixed sleep: on a loaded machine the
        // connection alone can take longer than any guess)
        org.eclipse.jetty.server.handler.GracefulHandler graceful = app.jettyServer().server()
                .getDescendant(org.eclipse.jetty.server.handler.GracefulHandler.class);
        long waitUntil = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (graceful.getCurrentRequestCount() == 0 && System.nanoTime() < waitUntil) Thread.sleep(20);
        assertEquals(1, graceful.getCurrentRequestCount(), "the slow request never reached the server");
        app.stop();
        HttpResponse<String> r = answer.get();
        assertEquals(422, r.statusCode(), r.body());
        assertTrue(r.body().contains("time limit"));
    }
}
