package winterroom.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import winterroom.Json;
import winterroom.scenarios.ScenarioLibrary;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Rehearses the bundled scenarios before the service says it is ready, each given to {@code rehearse} as the text of
 * a request body, from several threads, until the JIT has settled. Cold, the first answer after a start took about
 * 0.8 s, and the first minute of load cost several times a warm request's CPU while the JIT compiled a path of some
 * 20,000 methods: the engine's, but also Jetty's, Javalin's and the store's, which is why the rehearsal runs whole
 * requests and not only the engine. The on-call manager's first question after a restart should not pay for that.
 */
public final class Warmup {
    /**
     * A JIT that spent less than this compiling over the last {@link #SETTLE_WINDOW_NANOS} has compiled the path: an
     * illustrative setting, measured on two shared cores.
     */
    static final long SETTLED_COMPILE_MS = 100;
    static final long SETTLE_WINDOW_NANOS = 2_000_000_000L;
    /** Before this many the JIT has not yet been asked to compile much: a quiet JIT does not yet mean a settled one. */
    static final int MIN_BEFORE_SETTLED = 500;

    private Warmup() {}

    /**
     * Rehearses until {@code evaluations} are done, {@code budget} has passed, or the JIT has settled (after at least
     * {@link #MIN_BEFORE_SETTLED}); says how many ran. A body that {@code rehearse} refuses only warms less.
     */
    public static int run(ScenarioLibrary scenarios, Consumer<String> rehearse, int evaluations, Duration budget) {
        if (evaluations <= 0) return 0;
        List<String> bodies = scenarios.list().stream().map(s -> scenarios.read(s.file())).flatMap(Optional::stream)
                .map(Warmup::text).flatMap(Optional::stream).toList();
        if (bodies.isEmpty()) return 0;
        long deadline = System.nanoTime() + budget.toNanos();
        AtomicInteger next = new AtomicInteger(), done = new AtomicInteger();
        AtomicBoolean settled = new AtomicBoolean();
        Runnable rehearsals = () -> {
            int i;
            while (!settled.get() && (i = next.getAndIncrement()) < evaluations && System.nanoTime() < deadline) {
                try {
                    rehearse.accept(bodies.get(i % bodies.size()));
                } catch (RuntimeException refused) {
                    // a scenario the current rules refuse only warms less; it is reported where scenarios are checked
                }
                done.incrementAndGet();
            }
        };
        int threads = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(rehearsals, "warm-up-" + t);
            thread.start();
            running.add(thread);
        }
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean watchJit = jit != null && jit.isCompilationTimeMonitoringSupported();
        ArrayDeque<long[]> compiled = new ArrayDeque<>();   // (when, total compile ms), over the last window
        try {
            while (running.stream().anyMatch(Thread::isAlive)) {
                Thread.sleep(200);
                if (!watchJit) continue;
                long now = System.nanoTime(), total = jit.getTotalCompilationTime();
                compiled.addLast(new long[]{now, total});
                while (now - compiled.peekFirst()[0] > SETTLE_WINDOW_NANOS) compiled.removeFirst();
                boolean wholeWindow = now - compiled.peekFirst()[0] >= SETTLE_WINDOW_NANOS * 9 / 10;
                if (wholeWindow && done.get() >= MIN_BEFORE_SETTLED && total - compiled.peekFirst()[1] < SETTLED_COMPILE_MS) {
                    settled.set(true);
                }
            }
        } catch (InterruptedException e) {
            settled.set(true);
            Thread.currentThread().interrupt();
        }
        return done.get();
    }

    private static Optional<String> text(com.fasterxml.jackson.databind.JsonNode scenario) {
        try {
            return Optional.of(Json.mapper().writeValueAsString(scenario));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
