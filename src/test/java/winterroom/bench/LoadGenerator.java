package winterroom.bench;

import org.HdrHistogram.Histogram;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-model load generator for one running service on this machine: it sends the Leeds
 * situation at a fixed rate, step by step at rising rates, and measures latency from each
 * request's intended start (so a stalled server cannot hide its queueing). It stops at the first
 * rate whose p99 passes the target, or at the last rate, and never runs longer than the steps.
 *
 * <pre>java -cp ... winterroom.bench.LoadGenerator http://127.0.0.1:8080 [seconds per step] [rates...]</pre>
 */
public final class LoadGenerator {
    public static void main(String[] args) throws Exception {
        URI target = URI.create((args.length > 0 ? args[0] : "http://127.0.0.1:8080") + "/api/v1/evaluations");
        if (!"127.0.0.1".equals(target.getHost()) && !"localhost".equals(target.getHost())) {
            throw new IllegalArgumentException("load is only ever sent to this machine (127.0.0.1 or localhost)");
        }
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int[] rates = args.length > 2 ? java.util.Arrays.stream(args, 2, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[]{25, 50, 100, 150, 200, 300, 400, 600, 800};
        String body = Files.readString(Path.of("scenarios/leeds-whole-system-winter-day.json"));
        HttpClient client = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(8)).connectTimeout(Duration.ofSeconds(2)).build();

        // warm the service's JIT before measuring
        run(client, target, body, 50, 5, false);
        System.out.printf("%8s %8s %8s %8s %8s %8s %8s%n", "rate/s", "sent", "ok", "p50 ms", "p90 ms", "p99 ms", "max ms");
        int sustained = 0;
        for (int rate : rates) {
            Step s = run(client, target, body, rate, seconds, true);
            System.out.printf("%8d %8d %8d %8.1f %8.1f %8.1f %8.1f%n", rate, s.sent, s.ok, s.ms(50), s.ms(90), s.ms(99), s.histogram.getMaxValue() / 1000.0);
            if (s.ms(99) > 50 || s.ok < s.sent) break;
            sustained = rate;
        }
        System.out.println("sustained rate with p99 <= 50 ms and no errors: " + sustained + " requests/s");
        System.exit(0);
    }

    record Step(int sent, int ok, Histogram histogram) {
        double ms(double percentile) { return histogram.getValueAtPercentile(percentile) / 1000.0; }
    }

    static Step run(HttpClient client, URI target, String body, int rate, int seconds, boolean record) throws Exception {
        Histogram histogram = new Histogram(60_000_000L, 3);   // microseconds, up to a minute
        AtomicInteger ok = new AtomicInteger();
        ConcurrentLinkedQueue<CompletableFuture<?>> pending = new ConcurrentLinkedQueue<>();
        long intervalNanos = 1_000_000_000L / rate;
        int total = rate * seconds;
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long intended = start + i * intervalNanos;
            long wait = intended - System.nanoTime();
            if (wait > 0) LockSupport.parkNanos(wait);
            HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
            pending.add(client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((r, e) -> {
                long micros = (System.nanoTime() - intended) / 1000;
                if (record) synchronized (histogram) { histogram.recordValue(Math.min(micros, 60_000_000L)); }
                if (e == null && r.statusCode() == 201) ok.incrementAndGet();
                return null;
            }));
        }
        for (CompletableFuture<?> f : pending) f.join();
        return new Step(total, ok.get(), histogram);
    }
}
