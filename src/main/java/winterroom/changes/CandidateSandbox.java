package winterroom.changes;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import winterroom.Json;
import winterroom.policy.CompileProblem;

import winterroom.policy.RulesFolder;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Tries candidate rulesets out of the service's process. Rule text is code: even after the static
 * check, a candidate is compiled and run only in a worker JVM of its own (one per candidate), with a heap
 * limit, one processor, lowered priority, a CPU-time limit per job and no right to write files (prlimit,
 * where the machine has it), an empty environment (no database or sign-in settings), and a time limit per
 * job after which it is killed. Whatever the candidate does there (loop, allocate, stop its JVM) comes back
 * as a failed candidate, and the service's own memory and threads are never touched. One job runs at a time.
 * <p>
 * A worker that answered well stays warm for its candidate, holding it compiled, so the candidate's next job
 * (the impact run after a preview, a second impact run) pays no JVM start and no compile. It never takes a job
 * for another candidate (that job stops it and starts a new worker), nor one after a failure, a kill or a
 * report it sent unasked; it is stopped after limits.idle() without a job, and by {@link #close}. Should this
 * process end without closing, a worker sees its input end and stops by itself.
 */
public final class CandidateSandbox implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CandidateSandbox.class);
    /** A worker's answer is a report, not a bulk transfer: more than this and it is stopped. */
    private static final int MAX_ANSWER_BYTES = 64 * 1024 * 1024;
    /** How long after the worker's own time limit the service stops waiting and kills it. */
    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final String PRLIMIT = "/usr/bin/prlimit";
    /** A worker's CPU time over its whole life, in jobs' worth (see grantCpuForAJob). */
    private static final int JOBS_OF_CPU_PER_WORKER = 4;
    /**
     * Idle workers kept in this process at once, over all its sandboxes. A service has one sandbox, so one idle
     * worker; a process that makes many sandboxes and never closes them (the tests) keeps no more than this.
     */
    private static final int MAX_IDLE_IN_PROCESS = 2;
    /** The idle workers of every sandbox in this process, eldest first; it also guards each sandbox's parked. */
    private static final Set<Parked> IDLE = new LinkedHashSet<>();
    private static final ScheduledExecutorService IDLE_CLOCK = idleClock();

    /**
     * time: how long one job may take; heapMegabytes: the worker's heap; idle: how long a worker is kept warm
     * for its candidate after a job (zero keeps none).
     */
    public record Limits(Duration time, int heapMegabytes, Duration idle) {
        public static final Duration DEFAULT_IDLE = Duration.ofMinutes(10);
        public static final Limits DEFAULT = new Limits(Duration.ofSeconds(180), 512, DEFAULT_IDLE);

        public Limits(Duration time, int heapMegabytes) { this(time, heapMegabytes, DEFAULT_IDLE); }
    }

    private final Path scenariosDir;
    private final int maxFirings;
    private final Duration evaluationTimeout;
    private final Limits limits;
    private final String mainClass;
    private final Semaphore running = new Semaphore(1, true);
    private final AtomicInteger workersStarted = new AtomicInteger();
    /** This sandbox's idle worker, while it is in IDLE (guarded by IDLE). */
    private Parked parked;
    /** The worker of the job running now, for close to stop. */
    private volatile CandidateWorkerProcess busy;
    private volatile boolean closed;

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

    /**
     * Runs one job in a worker and returns its report; a worker that misbehaves gives a failed report. The job goes to
     * this sandbox's warm worker when that holds the job's candidate, else to a new worker.
     */
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
        String candidate = RulesFolder.version(job.candidate());
        CandidateWorkerProcess worker = warmWorkerFor(candidate);
        boolean warm = worker != null;
        if (!warm) worker = startWorker(candidate);
        busy = worker;
        try {
            CandidateReport report = tryOn(worker, request);
            LOG.info("candidate job '{}' ran in {} ms in {} worker {} (its job {})", job.kind(), (System.nanoTime() - started) / 1_000_000,
                    warm ? "the warm" : "a new", worker.pid(), worker.jobs());
            // only a worker that answered well for a candidate that compiles is kept; a failed one stops itself, and is stopped here too
            if (report.compiles() && worker.alive()) keepWarm(worker);
            else worker.stop();
            return report;
        } finally {
            busy = null;
        }
    }

    /** Sends the job and waits for its report within the time limit; any failure stops the worker. */
    private CandidateReport tryOn(CandidateWorkerProcess worker, byte[] request) {
        worker.send(request);
        CandidateWorkerProcess.Answer answer;
        try {
            answer = worker.answer(limits.time().plus(GRACE));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            worker.stop();
            return failed("trying the candidate was interrupted", worker);
        }
        if (answer == null) {
            worker.stop();
            return failed("the candidate did not finish within its time limit of " + limits.time().toSeconds() + " s and its worker was stopped", worker);
        }
        if (answer instanceof CandidateWorkerProcess.TooLarge) {
            worker.stop();
            return failed("the candidate's worker answered with more than " + MAX_ANSWER_BYTES / (1024 * 1024) + " MB and was stopped", worker);
        }
        if (answer instanceof CandidateWorkerProcess.Ended) {
            int exit;
            try {
                exit = worker.exitStatus();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exit = -1;
            }
            worker.stop();
            String why = switch (exit) {
                case 137, 9 -> "was killed";
                case 152, 158 -> "used up its CPU time";
                default -> "stopped (exit " + exit + ")";
            };
            return failed("the candidate's worker " + why + " before it answered: the candidate may have stopped it", worker);
        }
        try {
            CandidateReport report = Json.mapper().readValue(((CandidateWorkerProcess.Report) answer).body(), CandidateReport.class);
            if (report.failure() != null) {
                LOG.warn("candidate failed in its worker: {}; worker log: {}", report.failure().message(), worker.log());
                worker.stop();
            }
            return report;
        } catch (IOException e) {
            worker.stop();
            return failed("the candidate's worker answered with something that is not a report", worker);
        }
    }

    private static CandidateReport failed(String message, CandidateWorkerProcess worker) {
        LOG.warn("{}; worker log: {}", message, worker.log());
        return CandidateReport.failed(new CompileProblem(null, null, null, message), null);
    }

    private CandidateWorkerProcess startWorker(String candidate) {
        try {
            CandidateWorkerProcess w = CandidateWorkerProcess.start(command(), candidate, MAX_ANSWER_BYTES);
            workersStarted.incrementAndGet();
            return w;
        } catch (IOException e) {
            throw new IllegalStateException("a worker process for the candidate could not be started: " + e.getMessage(), e);
        }
    }

    /** This sandbox's idle worker when it may take a job for candidate; any other idle worker of this sandbox is stopped. */
    private CandidateWorkerProcess warmWorkerFor(String candidate) {
        CandidateWorkerProcess w;
        synchronized (IDLE) {
            Parked p = parked;
            parked = null;
            if (p == null) return null;
            p.timer.cancel(false);
            // not there: stopped meanwhile, its idle time up or its place taken by a later idle worker
            if (!IDLE.remove(p)) return null;
            w = p.worker;
        }
        String refused = !w.candidate().equals(candidate) ? "the next job is for another candidate"
                : !w.alive() ? "it has stopped"
                : w.answeredUnasked() ? "it wrote to the service between jobs"
                : !grantCpuForAJob(w) ? "it has less than a job's CPU time left (or it could not be given it)"
                : null;
        if (refused == null) return w;
        LOG.info("stopping candidate worker {}: {}", w.pid(), refused);
        w.stop();
        return null;
    }

    /**
     * Keeps a worker that answered well, idle and holding its candidate, for this sandbox's next job, until the
     * idle time is up. A process keeps at most MAX_IDLE_IN_PROCESS idle workers, the eldest stopped first.
     */
    private void keepWarm(CandidateWorkerProcess w) {
        if (closed || limits.idle().isZero() || limits.idle().isNegative()) {
            w.stop();
            return;
        }
        List<CandidateWorkerProcess> displaced = new ArrayList<>();
        synchronized (IDLE) {
            Parked p = new Parked(w);
            p.timer = IDLE_CLOCK.schedule(() -> stopIdle(p), limits.idle().toMillis(), TimeUnit.MILLISECONDS);
            IDLE.add(p);
            parked = p;
            while (IDLE.size() > MAX_IDLE_IN_PROCESS) {
                Iterator<Parked> eldest = IDLE.iterator();
                Parked e = eldest.next();
                eldest.remove();
                e.timer.cancel(false);
                displaced.add(e.worker);
            }
        }
        displaced.forEach(CandidateWorkerProcess::stop);
        if (closed) close();   // closed while it was being kept: close found nothing to stop
    }

    private static void stopIdle(Parked p) {
        synchronized (IDLE) {
            if (!IDLE.remove(p)) return;
        }
        LOG.info("stopping candidate worker {}: idle for its time", p.worker.pid());
        p.worker.stop();
    }

    /**
     * The CPU time prlimit allows counts over a process's life, so a worker that runs several jobs has it set per
     * job: each job may use cpuSecondsPerJob from its own start, as a new worker may from its start (the soft limit,
     * raised with prlimit --pid before each further job), and a worker's whole life is capped at
     * JOBS_OF_CPU_PER_WORKER jobs' worth (the hard limit, which the worker cannot raise). A worker without a whole
     * job's time left under that cap is stopped and a new one started, rather than given a shorter budget.
     */
    private boolean grantCpuForAJob(CandidateWorkerProcess w) {
        if (!executable(PRLIMIT)) return true;   // no limit was set on the machine without prlimit: nothing counts against it
        Optional<Duration> used = w.cpuUsed();
        if (used.isEmpty()) return false;
        long soft = (used.get().toMillis() + 999) / 1000 + cpuSecondsPerJob();
        if (soft > cpuSecondsPerWorker()) return false;
        try {
            Process p = new ProcessBuilder(PRLIMIT, "--pid", Long.toString(w.pid()), "--cpu=" + soft + ":" + cpuSecondsPerWorker())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private long cpuSecondsPerJob() { return Math.max(10, limits.time().toSeconds() * 2); }

    private long cpuSecondsPerWorker() { return cpuSecondsPerJob() * JOBS_OF_CPU_PER_WORKER; }

    /** Stops this sandbox's idle worker and the one running a job, if any (that job then fails). */
    @Override
    public void close() {
        closed = true;
        Parked p;
        synchronized (IDLE) {
            p = parked;
            parked = null;
            if (p != null) {
                p.timer.cancel(false);
                IDLE.remove(p);
            }
        }
        if (p != null) p.worker.stop();
        CandidateWorkerProcess running = busy;
        if (running != null) running.stop();
    }

    /** Workers this sandbox has started (for tests: a job given to a warm worker starts none). */
    int workersStarted() { return workersStarted.get(); }

    /** The process id of this sandbox's idle warm worker, if it has one (for tests). */
    OptionalLong idleWorkerPid() {
        synchronized (IDLE) {
            return parked != null && IDLE.contains(parked) ? OptionalLong.of(parked.worker.pid()) : OptionalLong.empty();
        }
    }

    /** An idle worker and the clock that stops it; compared by identity, so a clock stops only the stay it was set for. */
    private static final class Parked {
        final CandidateWorkerProcess worker;
        ScheduledFuture<?> timer;

        Parked(CandidateWorkerProcess worker) { this.worker = worker; }
    }

    /**
     * nice and prlimit when the machine has them (they only narrow what the worker may do), then a JVM with a
     * small heap and one processor, on this process's class path.
     */
    private List<String> command() {
        List<String> cmd = new ArrayList<>();
        if (executable("/usr/bin/nice")) cmd.addAll(List.of("/usr/bin/nice", "-n", "10"));
        if (executable(PRLIMIT)) {
            cmd.addAll(List.of(PRLIMIT, "--cpu=" + cpuSecondsPerJob() + ":" + cpuSecondsPerWorker(), "--fsize=0", "--core=0", "--"));
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-Xmx" + limits.heapMegabytes() + "m", "-Xss2m", "-XX:+UseSerialGC", "-XX:ActiveProcessorCount=1",
                "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Xshare:auto", "-Dfile.encoding=UTF-8",
                // the JVM's own warnings go to standard output by default, where they would be read as a report's frame
                "-Xlog:disable", "-Xlog:all=warning:stderr"));
        cmd.add("-cp");
        cmd.add(Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(p -> Path.of(p).toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator)));
        cmd.add(mainClass);
        return cmd;
    }

    private static boolean executable(String path) { return Files.isExecutable(Path.of(path)); }

    private static ScheduledExecutorService idleClock() {
        ScheduledThreadPoolExecutor clock = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "candidate-worker-idle");
            t.setDaemon(true);
            return t;
        });
        clock.setRemoveOnCancelPolicy(true);
        return clock;
    }

}
