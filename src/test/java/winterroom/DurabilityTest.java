package winterroom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import winterroom.Http.Answer;
import winterroom.audit.StorageConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nothing acknowledged is lost: the service is killed with SIGKILL while evaluations stream in, restarted, and
 * every acknowledged id is there. With the database away, writes answer 503, and the service recovers by itself.
 * Two instances on one PostgreSQL serve each other's evaluations and keep one chain.
 */
class DurabilityTest {
    @TempDir
    Path temp;

    static String situation() throws Exception {
        ObjectNode s = (ObjectNode) Json.mapper().readTree(Files.readString(Path.of("scenarios/example-saturday-handover-delays.json")));
        s.remove("expect");
        return s.toString();
    }

    /** A new data folder: SQLite, whose commit syncs its write-ahead log. */
    @Test
    void sigkillLosesNothingAcknowledgedOnTheEmbeddedDatabase() throws Exception {
        Path data = temp.resolve("data");
        killAndRestart(Map.of("DATA_DIR", data.toString()));
        assertTrue(Files.exists(data.resolve(StorageConfig.SQLITE_FILE)), "a new data folder is kept in SQLite");
        assertFalse(Files.exists(data.resolve(StorageConfig.H2_FILE)));
    }

    /** A data folder from before SQLite was the default keeps its H2 file, which the writer syncs itself. */
    @Test
    void sigkillLosesNothingAcknowledgedOnAnH2FileFromBefore() throws Exception {
        Path data = temp.resolve("data-h2");
        winterroom.audit.Database.open(StorageConfig.h2File(data)).close();
        killAndRestart(Map.of("DATA_DIR", data.toString()));
        assertFalse(Files.exists(data.resolve(StorageConfig.SQLITE_FILE)), "the H2 file stays the store");
    }

    @Test
    void sigkillLosesNothingAcknowledgedOnPostgres() throws Exception {
        StorageConfig pg = TestDatabases.newPostgresSchema();
        try {
            killAndRestart(Map.of("JDBC_URL", pg.jdbcUrl(), "JDBC_USER", pg.user(), "DATA_DIR", temp.resolve("history").toString()));
        } finally {
            TestDatabases.dropSchema(pg);
        }
    }

    private void killAndRestart(Map<String, String> env) throws Exception {
        Path log = temp.resolve("service.log");
        String body = situation();
        Set<String> acknowledged = ConcurrentHashSet();
        ServiceProcess first = ServiceProcess.start(env, log);
        ExecutorService posters = Executors.newFixedThreadPool(3);
        CountDownLatch enough = new CountDownLatch(30);
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            running.add(posters.submit(() -> {
                for (int i = 0; i < 500; i++) {   // bounded: the kill ends it long before
                    try {
                        var r = first.post("/api/v1/evaluations", body);
                        if (r.status() == 201) {
                            acknowledged.add(r.body().get("id").asText());
                            enough.countDown();
                        }
                    } catch (Exception connectionGone) {
                        return;
                    }
                }
            }));
        }
        assertTrue(enough.await(120, TimeUnit.SECONDS), "30 evaluations acknowledged:\n" + first.logTail());
        first.kill();   // mid-stream: requests are still in flight
        for (Future<?> f : running) f.get(60, TimeUnit.SECONDS);
        posters.shutdown();
        Set<String> acked = new HashSet<>(acknowledged);
        assertTrue(acked.size() >= 30);

        try (ServiceProcess second = ServiceProcess.start(env, log)) {
            for (String id : acked) {
                var r = second.get("/api/v1/evaluations/" + id);
                assertEquals(200, r.status(), "acknowledged evaluation " + id + " after SIGKILL");
                assertEquals(id, r.body().get("id").asText());
            }
            JsonNode check = second.get("/api/v1/audit/verify").body();
            assertTrue(check.get("ok").asBoolean(), check.toString());
            assertTrue(check.get("records").asInt() >= acked.size() + 1, check.toString());
            // and it goes on recording on the same chain
            assertEquals(201, second.post("/api/v1/evaluations", body).status());
            assertTrue(second.get("/api/v1/audit/verify").body().get("ok").asBoolean());
        }
    }

    /**
     * The embedded database closed under the service (as H2 does after running out of memory): /ready says so
     * rather than "reachable", writes get a JSON 503, nothing acknowledged is lost, and once H2 can be opened
     * again the service goes back to recording by itself.
     */
    @Test
    void anEmbeddedDatabaseClosedUnderTheServiceIsNoticedByReady(@TempDir Path data) throws Exception {
        StorageConfig h2 = StorageConfig.h2File(data);
        WinterRoom room = WinterRoom.create(new ServiceConfig(0, Path.of("rules"), 20000).withStorage(h2));
        String body = situation();
        JavalinTest.test(room.newWebApp(), (server, client) -> {
            Answer kept = Http.post(client, "/api/v1/evaluations", body);
            assertEquals(201, kept.status(), kept.text());
            assertEquals(200, Http.get(client, "/ready").status());
            try (var c = java.sql.DriverManager.getConnection(h2.jdbcUrl(), h2.user(), h2.password());
                 var st = c.createStatement()) {
                st.execute("SHUTDOWN");
            }
            Path file = data.resolve("winter-room.mv.db");
            Path aside = data.resolve("aside.mv.db");
            Files.move(file, aside);
            Files.createDirectory(file);   // a directory where the file was: H2 cannot open it
            Answer ready = Http.get(client, "/ready");
            assertEquals(503, ready.status(), ready.text());
            assertFalse(ready.body().get("storeReachable").asBoolean(), ready.text());
            Answer write = Http.post(client, "/api/v1/evaluations", body);
            assertEquals(503, write.status(), write.text());
            assertTrue(write.body().get("error").asText().contains("unavailable"), write.text());
            assertFalse(write.text().contains("mv.db"), "no database internals leak: " + write.text());
            assertEquals(200, Http.get(client, "/health").status(), "alive all the same");

            Files.delete(file);
            Files.move(aside, file);
            Answer back = retryWhileUnavailable(() -> Http.post(client, "/api/v1/evaluations", body));
            assertEquals(201, back.status(), back.text());
            assertEquals(200, Http.get(client, "/ready").status());
            assertEquals(200, Http.get(client, "/api/v1/evaluations/" + kept.body().get("id").asText()).status(), "the first answer was kept");
            JsonNode check = Http.get(client, "/api/v1/audit/verify").body();
            assertTrue(check.get("ok").asBoolean(), check.toString());
        });
    }

    private static Set<String> ConcurrentHashSet() { return java.util.concurrent.ConcurrentHashMap.newKeySet(); }

    @Test
    void withTheDatabaseAwayWritesAnswer503AndTheServiceRecoversByItself() throws Exception {
        StorageConfig pg = TestDatabases.newPostgresSchema();
        String schema = pg.jdbcUrl().substring(pg.jdbcUrl().indexOf('?'));
        try (TcpProxy proxy = new TcpProxy(ServiceProcess.freePort(), 5432)) {
            StorageConfig viaProxy = new StorageConfig("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test" + schema, pg.user(), "");
            // the database is away from the start: the service starts anyway
            WinterRoom room = WinterRoom.create(new ServiceConfig(0, Path.of("rules"), 20000).withStorage(viaProxy));
            String body = situation();
            JavalinTest.test(room.newWebApp(), (server, client) -> {
                List<String> acked = new ArrayList<>();
                Answer away = Http.post(client, "/api/v1/evaluations", body);
                assertEquals(503, away.status(), away.text());
                assertTrue(away.body().get("error").asText().contains("unavailable"), away.text());
                assertEquals("5", away.header("Retry-After"));
                Answer ready = Http.get(client, "/ready");
                assertEquals(503, ready.status());
                assertFalse(ready.body().get("storeReachable").asBoolean());
                assertEquals(200, Http.get(client, "/health").status(), "alive all the same");
                assertEquals(503, Http.get(client, "/api/v1/audit/verify").status());

                proxy.up();
                Answer back = retryWhileUnavailable(() -> Http.post(client, "/api/v1/evaluations", body));
                assertEquals(201, back.status(), back.text());
                acked.add(back.body().get("id").asText());
                assertEquals(200, Http.get(client, "/ready").status());

                proxy.down();   // every pooled connection is cut
                Answer cut = Http.post(client, "/api/v1/evaluations", body);
                assertEquals(503, cut.status(), cut.text());
                assertEquals(503, Http.get(client, "/api/v1/evaluations/" + acked.get(0)).status());

                proxy.up();
                Answer again = retryWhileUnavailable(() -> Http.post(client, "/api/v1/evaluations", body));
                assertEquals(201, again.status(), again.text());
                acked.add(again.body().get("id").asText());
                for (String id : acked) assertEquals(200, Http.get(client, "/api/v1/evaluations/" + id).status());
                JsonNode check = Http.get(client, "/api/v1/audit/verify").body();
                assertTrue(check.get("ok").asBoolean(), check.toString());
                assertEquals(2, check.get("records").asInt(), "the two acknowledged evaluations, nothing of the refused ones");
                // the start-up activation that could not be recorded, and at least the four 503s above, were counted
                assertTrue(storeErrors(Http.get(client, "/metrics").text()) >= 5, Http.get(client, "/metrics").text());
            });
            room.stop();
        } finally {
            TestDatabases.dropSchema(pg);
        }
    }

    static List<String> fieldOfEach(JsonNode array, String pointer) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.at(pointer).asText()));
        return out;
    }

    /** The audit store error counter as /metrics gives it. */
    static double storeErrors(String metrics) {
        return metrics.lines().filter(l -> l.startsWith("winterroom_audit_store_errors_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError("no winterroom_audit_store_errors_total in /metrics"));
    }

    /** What a client told "503, Retry-After" does: tries again, here every half second for at most 30 seconds. */
    static Answer retryWhileUnavailable(java.util.function.Supplier<Answer> request) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Answer a = request.get();
        while (a.status() == 503 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            a = request.get();
        }
        return a;
    }

    @Test
    void twoInstancesOnOnePostgresCarryOneLiveExercise() throws Exception {
        StorageConfig pg = TestDatabases.newPostgresSchema();
        Map<String, String> env = Map.of("JDBC_URL", pg.jdbcUrl(), "JDBC_USER", pg.user(), "DATA_DIR", temp.resolve("history").toString());
        try (ServiceProcess a = ServiceProcess.start(env, temp.resolve("a.log"));
             ServiceProcess b = ServiceProcess.start(env, temp.resolve("b.log"))) {
            var started = a.post("/api/v1/exercises", Files.readString(Path.of("scenarios/exercises/easter-bank-holiday-weekend.json")));
            assertEquals(201, started.status(), String.valueOf(started.body()));
            String id = started.body().get("id").asText();
            String steps = "/api/v1/exercises/" + id + "/steps?audit=false";

            var onB = b.post(steps, "");
            assertEquals(201, onB.status(), "the exercise started on A is stepped on B: " + onB.body() + "\n" + b.logTail());
            assertEquals("Maundy Thursday", onB.body().get("label").asText());
            var inject = b.post(steps, "{\"label\": \"Power cut at the LGI\", \"events\": [{\"type\": \"SIGNIFICANT_EVENT\", \"org\": \"LTHT\", \"description\": \"power cut\"}]}");
            assertEquals(201, inject.status(), String.valueOf(inject.body()));
            var onA = a.post(steps, "");
            assertEquals(201, onA.status(), String.valueOf(onA.body()));
            assertEquals(2, onA.body().get("index").asInt(), "A carries on from B's inject");
            assertEquals("Good Friday (bank holiday)", onA.body().get("label").asText());

            JsonNode timeline = b.get("/api/v1/exercises/" + id + "?audit=false").body();
            assertEquals(List.of("Maundy Thursday", "Power cut at the LGI", "Good Friday (bank holiday)"), fieldOfEach(timeline.get("steps"), "/label"));
            assertEquals(timeline.get("summary"), a.get("/api/v1/exercises/" + id + "?audit=false").body().get("summary"));
            // the same step results whichever instance rebuilds the exercise
            assertEquals(onA.body().at("/result/recommendations"), timeline.at("/steps/2/result/recommendations"));

            JsonNode history = a.get("/api/v1/audit/records?kind=EXERCISE_STEP&subject=" + id).body().get("items");
            assertEquals(3, history.size());
            assertEquals(List.of("Maundy Thursday", "Power cut at the LGI", "Good Friday (bank holiday)"), fieldOfEach(history, "/result/label"));
            for (ServiceProcess s : List.of(a, b)) {
                JsonNode check = s.get("/api/v1/audit/verify").body();
                assertTrue(check.get("ok").asBoolean(), check.toString());
            }
        } finally {
            TestDatabases.dropSchema(pg);
        }
    }

    @Test
    void twoInstancesOnOnePostgresServeEachOthersEvaluationsAndKeepOneChain() throws Exception {
        StorageConfig pg = TestDatabases.newPostgresSchema();
        Map<String, String> env = Map.of("JDBC_URL", pg.jdbcUrl(), "JDBC_USER", pg.user(), "DATA_DIR", temp.resolve("history").toString());
        try (ServiceProcess a = ServiceProcess.start(env, temp.resolve("a.log"));
             ServiceProcess b = ServiceProcess.start(env, temp.resolve("b.log"))) {
            String body = situation();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            ConcurrentLinkedQueue<String[]> made = new ConcurrentLinkedQueue<>();   // {id, instance}
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                ServiceProcess target = i % 2 == 0 ? a : b;
                String name = i % 2 == 0 ? "a" : "b";
                futures.add(pool.submit(() -> {
                    var r = target.post("/api/v1/evaluations", body);
                    assertEquals(201, r.status());
                    made.add(new String[]{r.body().get("id").asText(), name});
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get(120, TimeUnit.SECONDS);
            pool.shutdown();
            for (String[] m : made) {
                ServiceProcess other = m[1].equals("a") ? b : a;
                var r = other.get("/api/v1/evaluations/" + m[0]);
                assertEquals(200, r.status(), "evaluation made on " + m[1] + " read from the other instance");
            }
            int listed = 0;
            String cursor = null;
            do {
                JsonNode page = a.get("/api/v1/evaluations?limit=15" + (cursor == null ? "" : "&cursor=" + cursor)).body();
                listed += page.get("items").size();
                cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
            } while (cursor != null);
            assertEquals(40, listed);
            for (ServiceProcess s : List.of(a, b)) {
                JsonNode check = s.get("/api/v1/audit/verify").body();
                assertTrue(check.get("ok").asBoolean(), check.toString());
                assertTrue(check.get("records").asInt() >= 41, "40 evaluations and the ruleset activation: " + check);
            }
        } finally {
            TestDatabases.dropSchema(pg);
        }
    }
}
