package winterroom.changes;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import winterroom.Json;
import winterroom.policy.CompileProblem;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Tries candidate rulesets out of the service's process. Rule text is code: even after the static
 * check, a candidate is compiled and run only in a worker JVM of its own (one per job), with a heap
 * limit, one processor, lowered priority, a CPU-time limit and no right to write files (prlimit, where
 * the machine has it), an empty environment (no database or sign-in settings), and a time limit after
 * which it is killed. Whatever the candidate does there (loop, allocate, stop its JVM) comes back as
 * a failed candidate, and the service's own memory and threads are never touched. One job runs at a time.
 */
public final class CandidateSandbox {
    private static final Logger LOG = LoggerFactory.getLogger(CandidateSandbox.class);
    /** A worker's answer is a report, not a bulk transfer: more than this and it is stopped. */
    private static final int MAX_ANSWER_BYTES = 64 * 1024 * 1024;
    /** How long after the worker's own time limit the service stops waiting and kills it. */
    private static final Duration GRACE = Duration.ofSeconds(5);

    /** time: how long one job may take; heapMegabytes: the worker's heap. */
    public record Limits(Duration time, int heapMegabytes) {
        public static final Limits DEFAULT = new Limits(Duration.ofSeconds(180), 512);
    }

    private final Path scenariosDir;
    private final int maxFirings;
    private final Duration evaluationTimeout;
    private final Limits limits;
    private final String mainClass;
    private final Semaphore running = new Semaphore(1, true);

    public CandidateSandbox(Path scenariosDir, int maxFirings, Duration evaluationTimeout, Limits limits) {
        this(scenariosDir, maxFirings, evaluationTimeout, limits, CandidateWorker.class.getName());
    }

    /** mainClass: the worker to start (tests start misbehaving ones to check the limits hold). */
    CandidateSandbox(Path scenariosDir, int maxFirings, Duration evaluationTimeout, Limits limits, String mainClass) {
        this.scenariosDir = scenariosDir.toAbsolutePath().normalize();
        this.maxFirings = maxFirings;
        this.evaluationTimeout = evaluationTimeout;
        this.limits = limits;
        this.mainClass = mainClass;
    }

    public Limits limits() { return limits; }

    /**
     * A fingerprint of the cases a candidate is tried on (the scenario and exercise files' names, sizes and
     * times), so a report is reused only while they are unchanged.
     */
    public String casesVersion() {
        if (!Files.isDirectory(scenariosDir)) return "none";
        try (var files = Files.walk(scenariosDir)) {
            StringBuilder all = new StringBuilder();
            files.filter(Files::isRegularFile).sorted().forEach(f -> {
                try {
                    all.append(scenariosDir.relativize(f)).append(' ').append(Files.size(f)).append(' ')
                            .append(Files.getLastModifiedTime(f).toMillis()).append('\n');
                } catch (IOException e) {
                    all.append(f).append(" unreadable\n");
                }
            });
            return winterroom.policy.RulesFolder.version(new java.util.TreeMap<>(java.util.Map.of("cases", all.toString().getBytes(StandardCharsets.UTF_8))));
        } catch (IOException | java.io.UncheckedIOException e) {
            return "unreadable-" + System.nanoTime();
        }
    }

    /** Runs one job in a new worker and returns its report; a worker that misbehaves gives a failed report. */
    public CandidateReport run(CandidateJob job) {
        try {
            if (!running.tryAcquire(limits.time().toMillis(), TimeUnit.MILLISECONDS)) throw new CandidateWorkerBusyException(limits.time());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CandidateWorkerBusyException(limits.time());
        }
        try {
            return runNow(job.within(scenariosDir.toString(), maxFirings, evaluationTimeout.toMillis(), limits.time().toMillis()));
        } finally {
            running.release();
        }
    }

    private CandidateReport runNow(CandidateJob job) {
        long started = System.nanoTime();
        byte[] request;
        try {
            request = Json.mapper().writeValueAsBytes(job);
        } catch (IOException e) {
            throw new IllegalStateException("a candidate job could not be written", e);
        }
        Process process;
        try {
            ProcessBuilder pb = new ProcessBuilder(command()).directory(new File(System.getProperty("java.io.tmpdir")));
            pb.environment().clear();
            pb.environment().put("PATH", "/usr/bin:/bin");
            pb.environment().put("LOG_LEVEL", "WARN");
            process = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("a worker process for the candidate could not be started: " + e.getMessage(), e);
        }
        Bounded answer = new Bounded(MAX_ANSWER_BYTES, false);
        Bounded log = new Bounded(16 * 1024, true);
        Thread reader = pump(process.getInputStream(), answer, process, "candidate-worker-out");
        Thread logger = pump(process.getErrorStream(), log, null, "candidate-worker-log");
        Thread writer = new Thread(() -> {
            try (OutputStream in = process.getOutputStream()) {
                in.write(request);
            } catch (IOException ignored) {
                // the worker stopped before it read its job: its exit says why
            }
        }, "candidate-worker-in");
        writer.setDaemon(true);
        writer.start();
        try {
            boolean finished = process.waitFor(limits.time().plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                return failed("the candidate did not finish within its time limit of " + limits.time().toSeconds() + " s and its worker was stopped", log);
            }
            reader.join(5_000);
            logger.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return failed("trying the candidate was interrupted", log);
        } finally {
            if (process.isAlive()) process.destroyForcibly();
        }
        int exit = process.exitValue();
        LOG.info("candidate job '{}' ran in a worker in {} ms (exit {})", job.kind(), (System.nanoTime() - started) / 1_000_000, exit);
        if (answer.overflowed()) return failed("the candidate's worker answered with more than " + MAX_ANSWER_BYTES / (1024 * 1024) + " MB and was stopped", log);
        if (answer.size() == 0) {
            String why = switch (exit) {
                case 137, 9 -> "was killed";
                case 152, 158 -> "used up its CPU time";
                default -> "stopped (exit " + exit + ")";
            };
            return failed("the candidate's worker " + why + " before it answered: the candidate may have stopped it", log);
        }
        try {
            CandidateReport report = Json.mapper().readValue(answer.bytes(), CandidateReport.class);
            if (report.failure() != null) LOG.warn("candidate failed in its worker: {}; worker log: {}", report.failure().message(), log.text());
            return report;
        } catch (IOException e) {
            return failed("the candidate's worker answered with something that is not a report", log);
        }
    }

    private static CandidateReport failed(String message, Bounded log) {
        LOG.warn("{}; worker log: {}", message, log.text());
        return CandidateReport.failed(new CompileProblem(null, null, null, message), null);
    }

    /**
     * nice and prlimit when the machine has them (they only narrow what the worker may do), then a JVM with a
     * small heap and one processor, on this process's class path.
     */
    private List<String> command() {
        List<String> cmd = new ArrayList<>();
        if (executable("/usr/bin/nice")) cmd.addAll(List.of("/usr/bin/nice", "-n", "10"));
        long cpuSeconds = Math.max(10, limits.time().toSeconds() * 2);
        if (executable("/usr/bin/prlimit")) cmd.addAll(List.of("/usr/bin/prlimit", "--cpu=" + cpuSeconds, "--fsize=0", "--core=0", "--"));
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-Xmx" + limits.heapMegabytes() + "m", "-Xss2m", "-XX:+UseSerialGC", "-XX:ActiveProcessorCount=1",
                "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Xshare:auto", "-Dfile.encoding=UTF-8"));
        cmd.add("-cp");
        cmd.add(Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(p -> Path.of(p).toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator)));
        cmd.add(mainClass);
        return cmd;
    }

    private static boolean executable(String path) { return Files.isExecutable(Path.of(path)); }

    /** Copies a stream into a bounded buffer; past the bound it stops reading (and kills the process, when given). */
    private static Thread pump(InputStream from, Bounded into, Process killOnOverflow, String name) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            try (from) {
                int n;
                while ((n = from.read(buf)) > 0) {
                    if (!into.add(buf, n) && killOnOverflow != null) {
                        killOnOverflow.destroyForcibly();
                        return;
                    }
                }
            } catch (IOException ignored) {
                // the worker has gone; what was read is kept
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Bytes up to a bound: the answer refuses more, the log (keepTail) keeps its latest bytes. */
    private static final class Bounded {
        private final int max;
        private final boolean keepTail;
        private ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private boolean overflowed;

        Bounded(int max, boolean keepTail) {
            this.max = max;
            this.keepTail = keepTail;
        }

        synchronized boolean add(byte[] b, int n) {
            if (bytes.size() + n > max) {
                overflowed = true;
                if (!keepTail) return false;
                byte[] all = bytes.toByteArray();
                int keep = Math.max(0, Math.min(all.length, max / 2 - n));
                bytes = new ByteArrayOutputStream();
                bytes.write(all, all.length - keep, keep);
            }
            bytes.write(b, 0, Math.min(n, max));
            return true;
        }

        synchronized boolean overflowed() { return overflowed; }

        synchronized int size() { return bytes.size(); }

        synchronized byte[] bytes() { return bytes.toByteArray(); }

        synchronized String text() {
            String s = bytes.toString(StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? "(empty)" : s.length() > 2000 ? "…" + s.substring(s.length() - 2000) : s;
        }
    }
}
