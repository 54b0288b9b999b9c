package winterroom.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import winterroom.Json;
import winterroom.engine.Evaluator;
import winterroom.policy.ActiveRuleset;
import winterroom.policy.Ruleset;
import winterroom.situation.Situation;
import winterroom.situation.SituationParser;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the service's HTTP path is measured against (BENCHMARKS.md, "HTTP latency under load"), each in its own JVM
 * started as the service is:
 *
 * <ul>
 * <li>{@code serve PORT DATA_DIR}: a bare Javalin app on 127.0.0.1 with two routes. {@code POST /echo} answers 201
 * with the request's own bytes. {@code POST /echo-insert} does the same once the body is durably in an embedded H2
 * file with the service's own settings: one writer thread takes every insert waiting, commits them in one
 * transaction and runs {@code CHECKPOINT SYNC} (an fsync) once per group before any of them is answered, as the
 * service's group commit does. It inserts the request body as it came (6.5 KB of JSON), about half the bytes the
 * service keeps for a Leeds evaluation (its zstd input and result, about 13 KB), and no hash or index beyond the key.</li>
 * <li>{@code engine THREADS SECONDS [WARM_SECONDS [parse]]}: the engine alone, in-process, with THREADS threads
 * evaluating the parsed Leeds situation back to back (with {@code parse}: reading it from JSON and checking it too),
 * after WARM_SECONDS (60) of the same on as many threads, reporting evaluations per second and the CPU and
 * allocation of one evaluation.</li>
 * </ul>
 */
public final class Ceilings {
    /** The service's embedded H2 settings (StorageConfig.H2_SETTINGS). */
    private static final String H2_SETTINGS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;LOCK_TIMEOUT=10000";
    private static final int MAX_GROUP = 128;

    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "" : args[0]) {
            case "serve" -> serve(Integer.parseInt(args[1]), Path.of(args[2]));
            case "engine" -> engine(Integer.parseInt(args[1]), Integer.parseInt(args[2]), args.length > 3 ? Integer.parseInt(args[3]) : 60,
                    args.length > 4 && args[4].equals("parse"));
            default -> System.err.println("usage: Ceilings serve PORT DATA_DIR | engine THREADS SECONDS [WARM_SECONDS [parse]]");
        }
    }

    private record Insert(byte[] body, CompletableFuture<Void> done) {}

    static void serve(int port, Path dataDir) throws Exception {
        Files.createDirectories(dataDir);
        Connection c = DriverManager.getConnection("jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("ceiling") + H2_SETTINGS, "sa", "");
        try (Statement s = c.createStatement()) {
            s.execute("create table if not exists echo (seq bigint primary key, id varchar(64) not null, recorded_at timestamp with time zone not null, body bytea not null)");
        }
        c.setAutoCommit(false);
        BlockingQueue<Insert> queue = new LinkedBlockingQueue<>();
        AtomicLong seq = new AtomicLong();
        Thread writer = new Thread(() -> {
            while (true) {
                List<Insert> group = new ArrayList<>();
                try {
                    group.add(queue.take());
                } catch (InterruptedException e) {
                    return;
                }
                queue.drainTo(group, MAX_GROUP - 1);
                try (PreparedStatement ps = c.prepareStatement("insert into echo values (?, ?, ?, ?)")) {
                    for (Insert i : group) {
                        ps.setLong(1, seq.incrementAndGet());
                        ps.setString(2, UUID.randomUUID().toString());
                        ps.setObject(3, java.time.OffsetDateTime.now());
                        ps.setBytes(4, i.body());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                    c.commit();
                    try (Statement s = c.createStatement()) {
                        s.execute("CHECKPOINT SYNC");   // durable before any of the group is answered
                    }
                    group.forEach(i -> i.done().complete(null));
                } catch (Exception e) {
                    group.forEach(i -> i.done().completeExceptionally(e));
                }
            }
        }, "echo-group-commit");
        writer.setDaemon(true);
        writer.start();

        Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = 1024 * 1024;
            config.routes.post("/echo", ctx -> ctx.status(201).contentType("application/json").result(ctx.bodyAsBytes()));
            config.routes.post("/echo-insert", ctx -> {
                byte[] body = ctx.bodyAsBytes();
                Insert i = new Insert(body, new CompletableFuture<>());
                queue.add(i);
                i.done().get();
                ctx.status(201).contentType("application/json").result(body);
            });
        }).start("127.0.0.1", port);
        System.out.println("ceilings listening on 127.0.0.1:" + port + " (pid " + ProcessHandle.current().pid() + ")");
    }

    static void engine(int threads, int seconds, int warmSeconds, boolean parse) throws Exception {
        Ruleset ruleset = ActiveRuleset.load(Path.of("rules")).get();
        Evaluator evaluator = new Evaluator(Json.mapper(), 20000);
        JsonNode json = Json.mapper().readTree(Path.of("scenarios/leeds-whole-system-winter-day.json").toFile());
        Situation leeds = SituationParser.parse(json, ruleset.catalogues());
        // warm the JIT as the service is warmed before it is measured (on two shared cores C2 takes a minute or more)
        long warmEnd = System.nanoTime() + warmSeconds * 1_000_000_000L;
        List<Thread> warmers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                while (System.nanoTime() < warmEnd) evaluator.evaluate(ruleset, parse ? SituationParser.parse(json, ruleset.catalogues()) : leeds, "warm", Instant.EPOCH);
            });
            w.start();
            warmers.add(w);
        }
        for (Thread w : warmers) w.join();

        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        AtomicLong done = new AtomicLong(), cpu = new AtomicLong(), allocated = new AtomicLong();
        long start = System.nanoTime(), end = start + seconds * 1_000_000_000L;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                long cpu0 = mx.getCurrentThreadCpuTime(), alloc0 = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
                long n = 0;
                while (System.nanoTime() < end) {
                    Situation s = parse ? SituationParser.parse(json, ruleset.catalogues()) : leeds;
                    evaluator.evaluate(ruleset, s, UUID.randomUUID().toString(), Instant.now());
                    n++;
                }
                done.addAndGet(n);
                cpu.addAndGet(mx.getCurrentThreadCpuTime() - cpu0);
                allocated.addAndGet(mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - alloc0);
            });
            w.start();
            workers.add(w);
        }
        for (Thread w : workers) w.join();
        double wall = (System.nanoTime() - start) / 1e9;
        System.out.printf("engine%s, %d threads, %d s: %d evaluations, %.0f/s, %.3f ms CPU and %.0f KB allocated per evaluation (evaluating threads), load %s%n",
                parse ? " with parse" : "", threads, seconds, done.get(), done.get() / wall, cpu.get() / 1e6 / done.get(),
                allocated.get() / 1024.0 / done.get(), LoadGenerator.loadAverage());
    }
}
