package winterroom.bench;

import org.HdrHistogram.Histogram;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A load generator for one running service (or ceiling, {@link Ceilings}) on this machine, sending the Leeds
 * situation. Two models:
 *
 * <ul>
 * <li>open (the default): a fixed rate, step by step at rising rates, latency measured from each request's
 * <em>intended</em> start (so a stalled server cannot hide its queueing). It stops at the first rate whose p99
 * passes 50 ms or that has an error, or at the last rate.</li>
 * <li>closed ({@code --closed}): N connections, each sending its next request as soon as its last is answered,
 * for each N given; it reports throughput.</li>
 * </ul>
 *
 * <p>Requests go over keep-alive HTTP/1.1 connections of its own lean client ({@link Connection}), at most
 * {@code --connections} (64) at once in the open model; the service lets one client address hold 32 request
 * threads, so beyond that a request waits in Jetty's queue, its wait counted.
 *
 * <p>Each step also reports the generator's own CPU (it shares the machine with the server, so a generator near a
 * core would measure itself), the server's CPU per request when given {@code --pid}, and the load average.
 *
 * <pre>
 * java -cp ... winterroom.bench.LoadGenerator [--pid P] [--warm S] [--connections C] URL [seconds per step] [rates...]
 * java -cp ... winterroom.bench.LoadGenerator [--pid P] [--warm S] --closed URL [seconds per step] [connections...]
 * </pre>
 * A URL without a path posts to {@code /api/v1/evaluations}; one with a path (a ceiling's {@code /echo}) posts there.
 */
public final class LoadGenerator {
    public static void main(String[] argv) throws Exception {
        List<String> args = new ArrayList<>(List.of(argv));
        boolean closed = args.remove("--closed");
        long pid = option(args, "--pid", -1);
        int warmSeconds = (int) option(args, "--warm", 5);
        int connections = (int) option(args, "--connections", 64);
        URI target = target(args.isEmpty() ? "http://127.0.0.1:8080" : args.get(0));
        int seconds = args.size() > 1 ? Integer.parseInt(args.get(1)) : 10;
        int[] steps = args.size() > 2 ? args.subList(2, args.size()).stream().mapToInt(Integer::parseInt).toArray()
                : closed ? new int[]{1, 4, 16} : new int[]{25, 50, 100, 150, 200, 300, 400, 600, 800, 1000, 1200};
        byte[] body = Files.readAllBytes(Path.of("scenarios/leeds-whole-system-winter-day.json"));

        // warm the server's JIT before measuring (and the generator's own)
        if (warmSeconds > 0) {
            if (closed) closed(target, body, 4, warmSeconds);
            else open(target, body, 200, warmSeconds, connections, false);
        }
        System.out.printf("%8s %8s %8s %9s %8s %8s %8s %8s %10s %9s %6s%n", closed ? "conns" : "rate/s", "sent", "ok",
                "done/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "srv cpu ms", "gen cpu %", "load");
        int sustained = 0;
        for (int step : steps) {
            long genCpu = processCpuNanos(), srvCpu = pid > 0 ? serverCpuTicks(pid) : 0, t0 = System.nanoTime();
            Step s = closed ? closed(target, body, step, seconds) : open(target, body, step, seconds, connections, true);
            double wall = (System.nanoTime() - t0) / 1e9;
            double genPercent = 100.0 * (processCpuNanos() - genCpu) / 1e9 / wall;
            // /proc counts in clock ticks of 10 ms: over thousands of requests that is fine-grained enough
            String srvPerRequest = pid > 0 ? String.format("%.2f", (serverCpuTicks(pid) - srvCpu) * 10.0 / Math.max(1, s.ok)) : "-";
            System.out.printf("%8d %8d %8d %9.0f %8.1f %8.1f %8.1f %8.1f %10s %9.0f %6s%n", step, s.sent, s.ok, s.ok / s.seconds,
                    s.ms(50), s.ms(90), s.ms(99), s.histogram.getMaxValue() / 1000.0, srvPerRequest, genPercent, loadAverage());
            if (!closed) {
                if (s.ms(99) > 50 || s.ok < s.sent) break;
                sustained = step;
            }
        }
        if (!closed) System.out.println("sustained rate with p99 <= 50 ms and no errors: " + sustained + " requests/s");
        System.exit(0);
    }

    private static URI target(String url) {
        URI uri = URI.create(url);
        if (!"127.0.0.1".equals(uri.getHost()) && !"localhost".equals(uri.getHost())) {
            throw new IllegalArgumentException("load is only ever sent to this machine (127.0.0.1 or localhost)");
        }
        return uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/") ? URI.create(url.replaceAll("/$", "") + "/api/v1/evaluations") : uri;
    }

    private static long option(List<String> args, String name, long otherwise) {
        int at = args.indexOf(name);
        if (at < 0) return otherwise;
        long v = Long.parseLong(args.get(at + 1));
        args.subList(at, at + 2).clear();
        return v;
    }

    /** @param seconds the wall time the step took (a closed step's, or an open step's until its last answer) */
    record Step(int sent, int ok, Histogram histogram, double seconds) {
        double ms(double percentile) { return histogram.getValueAtPercentile(percentile) / 1000.0; }
    }

    /**
     * One keep-alive HTTP/1.1 connection with blocking I/O, owned by one thread: a prebuilt request written in one go,
     * the answer read to its end (by length or chunks) and discarded. Java's HttpClient spent about 3 ms of CPU a
     * request here (futures, its selector thread, body subscribers), which at 1,000 requests a second would take a
     * core of the two from the server; this spends a few tens of microseconds.
     */
    static final class Connection implements AutoCloseable {
        private final URI target;
        private final byte[] request;
        private final byte[] scratch = new byte[64 * 1024];
        private java.net.Socket socket;
        private java.io.InputStream in;
        private java.io.OutputStream out;

        Connection(URI target, byte[] body) {
            this.target = target;
            byte[] head = ("POST " + target.getRawPath() + " HTTP/1.1\r\nHost: " + target.getHost() + ":" + target.getPort()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            request = java.util.Arrays.copyOf(head, head.length + body.length);
            System.arraycopy(body, 0, request, head.length, body.length);
        }

        /** Sends the request and reads the whole answer; its status, or -1 if the connection failed. */
        int post() {
            try {
                if (socket == null) {
                    socket = new java.net.Socket();
                    socket.setTcpNoDelay(true);
                    socket.connect(new java.net.InetSocketAddress(target.getHost(), target.getPort()), 2000);
                    socket.setSoTimeout(10_000);
                    in = new java.io.BufferedInputStream(socket.getInputStream(), 64 * 1024);
                    out = socket.getOutputStream();
                }
                out.write(request);
                out.flush();
                String status = line();
                int code = Integer.parseInt(status.substring(9, 12));
                long length = -1;
                boolean chunked = false, close = false;
                for (String h; !(h = line()).isEmpty(); ) {
                    String lower = h.toLowerCase(java.util.Locale.ROOT);
                    if (lower.startsWith("content-length:")) length = Long.parseLong(h.substring(15).trim());
                    else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) chunked = true;
                    else if (lower.startsWith("connection:") && lower.contains("close")) close = true;
                }
                if (chunked) {
                    for (long n; (n = Long.parseLong(line().split(";")[0].trim(), 16)) > 0; ) {
                        skip(n);
                        line();
                    }
                    while (!line().isEmpty()) { }   // trailers
                } else if (length >= 0) {
                    skip(length);
                } else {
                    close = true;   // read to the end: nothing else can follow on this connection
                    while (in.read(scratch) >= 0) { }
                }
                if (close) close();
                return code;
            } catch (java.io.IOException | RuntimeException e) {
                close();
                return -1;
            }
        }

        private String line() throws java.io.IOException {
            StringBuilder b = new StringBuilder(64);
            for (int c; (c = in.read()) != '\n'; ) {
                if (c < 0) throw new java.io.EOFException("the connection closed mid-answer");
                if (c != '\r') b.append((char) c);
            }
            return b.toString();
        }

        private void skip(long n) throws java.io.IOException {
            while (n > 0) {
                int r = in.read(scratch, 0, (int) Math.min(scratch.length, n));
                if (r < 0) throw new java.io.EOFException("the connection closed mid-body");
                n -= r;
            }
        }

        @Override
        public void close() {
            try {
                if (socket != null) socket.close();
            } catch (java.io.IOException ignored) {
                // closing a broken connection: nothing more to do
            }
            socket = null;
        }
    }

    /**
     * {@code rate} requests a second for {@code seconds}, each given an intended start on a fixed schedule and taken by
     * the first of {@code connections} free connections: when all are busy a request waits, and that wait is in its latency.
     */
    static Step open(URI target, byte[] body, int rate, int seconds, int connections, boolean record) throws Exception {
        Histogram histogram = new Histogram(60_000_000L, 3);   // microseconds, up to a minute
        AtomicInteger ok = new AtomicInteger();
        int total = rate * seconds;
        java.util.concurrent.BlockingQueue<Long> due = new java.util.concurrent.LinkedBlockingQueue<>();
        List<Thread> senders = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Thread t = new Thread(() -> {
                try (Connection conn = new Connection(target, body)) {
                    for (long intended; (intended = due.take()) >= 0; ) {
                        int status = conn.post();
                        long micros = (System.nanoTime() - intended) / 1000;
                        if (record) synchronized (histogram) { histogram.recordValue(Math.min(micros, 60_000_000L)); }
                        if (status == 201) ok.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "open-sender-" + c);
            t.start();
            senders.add(t);
        }
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long intended = start + i * intervalNanos;
            long wait = intended - System.nanoTime();
            if (wait > 0) LockSupport.parkNanos(wait);
            due.add(intended);
        }
        for (int c = 0; c < connections; c++) due.add(-1L);   // one end mark each
        for (Thread t : senders) t.join();
        return new Step(total, ok.get(), histogram, (System.nanoTime() - start) / 1e9);
    }

    /** {@code connections} clients, each with one request in flight at a time, for {@code seconds}. */
    static Step closed(URI target, byte[] body, int connections, int seconds) throws Exception {
        Histogram histogram = new Histogram(60_000_000L, 3);
        AtomicInteger sent = new AtomicInteger(), ok = new AtomicInteger();
        long start = System.nanoTime(), end = start + seconds * 1_000_000_000L;
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Thread t = new Thread(() -> {
                try (Connection conn = new Connection(target, body)) {
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        sent.incrementAndGet();
                        if (conn.post() == 201) ok.incrementAndGet();
                        long micros = (System.nanoTime() - t0) / 1000;
                        synchronized (histogram) { histogram.recordValue(Math.min(micros, 60_000_000L)); }
                    }
                }
            }, "closed-client-" + c);
            t.start();
            clients.add(t);
        }
        for (Thread t : clients) t.join();
        return new Step(sent.get(), ok.get(), histogram, (System.nanoTime() - start) / 1e9);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** utime + stime of another process, in clock ticks (fields 14 and 15 of /proc/PID/stat). */
    static long serverCpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (Exception e) {
            return 0;
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }
}
