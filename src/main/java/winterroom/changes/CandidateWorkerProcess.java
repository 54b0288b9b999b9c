package winterroom.changes;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One worker JVM as the sandbox sees it: started for one candidate, sent jobs and read for reports as
 * {@link WorkerFrames}, its standard error kept as a bounded log. Reports are read on a thread of their own,
 * so the sandbox waits for one within its time limit; each job is written from a thread of its own too, so a
 * worker that does not read cannot hold the service up.
 */
final class CandidateWorkerProcess {
    /** What came back for a job: a report's bytes, a report past the size limit (the worker is killed), or the end of the worker. */
    sealed interface Answer permits Report, TooLarge, Ended {}

    record Report(byte[] body) implements Answer {}

    record TooLarge() implements Answer {}

    record Ended() implements Answer {}

    private final Process process;
    private final String candidate;
    private final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
    private final Bounded log = new Bounded(16 * 1024);
    private final Thread logger;
    private int jobs;

    private CandidateWorkerProcess(Process process, String candidate, int maxAnswerBytes) {
        this.process = process;
        this.candidate = candidate;
        readReports(maxAnswerBytes);
        logger = keepLog();
    }

    /** Starts command (nice, prlimit and the JVM, from the sandbox) with an empty environment but PATH and LOG_LEVEL. */
    static CandidateWorkerProcess start(List<String> command, String candidate, int maxAnswerBytes) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(new File(System.getProperty("java.io.tmpdir")));
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("LOG_LEVEL", "WARN");
        return new CandidateWorkerProcess(pb.start(), candidate, maxAnswerBytes);
    }

    /** The version of the one candidate this worker holds. */
    String candidate() { return candidate; }

    long pid() { return process.pid(); }

    boolean alive() { return process.isAlive(); }

    /** Jobs sent to this worker so far. */
    int jobs() { return jobs; }

    /** Whether the worker wrote something nobody asked for (a report between jobs): it is not to be given another job. */
    boolean answeredUnasked() { return !answers.isEmpty(); }

    /** The CPU time the worker has used over its life, as the kernel counts it against its limit; empty where it cannot be read. */
    Optional<Duration> cpuUsed() { return process.toHandle().info().totalCpuDuration(); }

    /** Sends a job; its report is then waited for with {@link #answer}. */
    void send(byte[] job) {
        jobs++;
        log.clear();
        Thread writer = new Thread(() -> {
            try {
                WorkerFrames.write(process.getOutputStream(), job);
            } catch (IOException ignored) {
                // the worker stopped before it read its job: its end says why
            }
        }, "candidate-worker-in");
        writer.setDaemon(true);
        writer.start();
    }

    /** The answer to the job sent, or null when none came within the wait. */
    Answer answer(Duration wait) throws InterruptedException { return answers.poll(wait.toMillis(), TimeUnit.MILLISECONDS); }

    /** The worker's exit status once it has stopped (waiting a little for it), or -1 while it still runs. */
    int exitStatus() throws InterruptedException {
        return process.waitFor(5, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    /** What the worker wrote on standard error during the last job, at most its last 2,000 characters (all of it, once it has stopped). */
    String log() {
        if (!process.isAlive()) {
            try {
                logger.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return log.text();
    }

    /** Kills the worker and waits for it to be gone (its input closed first, so it would stop by itself too). */
    void stop() {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // gone already
        }
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void readReports(int maxAnswerBytes) {
        Thread t = new Thread(() -> {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16))) {
                while (true) {
                    byte[] report = WorkerFrames.read(in, maxAnswerBytes);
                    if (report == null) break;
                    answers.add(new Report(report));
                }
            } catch (WorkerFrames.TooLargeException e) {
                process.destroyForcibly();
                answers.add(new TooLarge());
                return;
            } catch (IOException ignored) {
                // the worker has gone mid-report: what it had sent is not a report
            }
            answers.add(new Ended());
        }, "candidate-worker-out");
        t.setDaemon(true);
        t.start();
    }

    private Thread keepLog() {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try (InputStream from = process.getErrorStream()) {
                int n;
                while ((n = from.read(buf)) > 0) log.add(buf, n);
            } catch (IOException ignored) {
                // the worker has gone; what was read is kept
            }
        }, "candidate-worker-log");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The latest bytes up to a bound. */
    private static final class Bounded {
        private final int max;
        private ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Bounded(int max) { this.max = max; }

        synchronized void add(byte[] b, int n) {
            if (bytes.size() + n > max) {
                byte[] all = bytes.toByteArray();
                int keep = Math.max(0, Math.min(all.length, max / 2 - n));
                bytes = new ByteArrayOutputStream();
                bytes.write(all, all.length - keep, keep);
            }
            bytes.write(b, 0, Math.min(n, max));
        }

        synchronized void clear() { bytes = new ByteArrayOutputStream(); }

        synchronized String text() {
            String s = bytes.toString(StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? "(empty)" : s.length() > 2000 ? "…" + s.substring(s.length() - 2000) : s;
        }
    }
}
