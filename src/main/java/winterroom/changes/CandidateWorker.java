package winterroom.changes;

import winterroom.Json;
import winterroom.engine.Evaluator;
import winterroom.engine.FiringWatch;
import winterroom.policy.CompileProblem;
import winterroom.policy.CompileResult;
import winterroom.policy.RuleInfo;
import winterroom.policy.Ruleset;
import winterroom.policy.RulesFolder;
import winterroom.policy.RulesetCompiler;
import winterroom.service.BatchItem;
import winterroom.situation.SituationSchema;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.stream.IntStream;

/**
 * The process a candidate ruleset is compiled and tried in, started by {@link CandidateSandbox} for one
 * candidate. It reads {@link CandidateJob}s from standard input and writes one {@link CandidateReport} to
 * standard output for each, as {@link WorkerFrames}. Between jobs it keeps its candidate compiled (and the
 * active ruleset a preview compares with), so the sandbox can give it the candidate's next job warm; it never
 * takes a job for another candidate. It keeps each job's time limit itself, so that a candidate that runs too
 * long is reported with the rule that was running; the service kills it if even that does not come. After a
 * failed job, and when the service closes its input, it stops.
 */
public final class CandidateWorker {
    /** The service is the only sender; the largest job is a batch of situations within its own body limit. */
    private static final int MAX_JOB_BYTES = Integer.MAX_VALUE - 8;

    private CandidateWorker() {}

    public static void main(String[] args) {
        OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        System.setOut(System.err);   // only reports go to standard output: anything else printed joins the log
        DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16));
        loadTheSchemaMeanwhile();
        Held held = new Held();
        while (true) {
            CandidateJob job;
            try {
                byte[] frame = WorkerFrames.read(in, MAX_JOB_BYTES);
                // the service closed its end: it has stopped with this worker, or is gone
                if (frame == null) Runtime.getRuntime().halt(0);
                job = Json.mapper().readValue(frame, CandidateJob.class);
            } catch (Exception e) {
                new JobAnswer(out, new FiringWatch(), null).give(CandidateReport.failed(
                        new CompileProblem(null, null, null, "the worker could not read its job: " + e.getMessage()), null));
                Runtime.getRuntime().halt(2);
                return;
            }
            FiringWatch watch = new FiringWatch();   // a job's own: a failure names a rule of this job, not of the last
            Evaluator.watchFirings(watch);
            JobAnswer answer = new JobAnswer(out, watch, held);
            answer.stopTheWorkerAfter(job.timeLimitMillis());
            CandidateReport report;
            try {
                report = run(job, held);
            } catch (OutOfMemoryError e) {
                report = answer.failure("ran out of memory (the worker's limit) while");
            } catch (StackOverflowError e) {
                report = answer.failure("overflowed the stack (a rule or function that recurses without end) while");
            } catch (Throwable e) {
                report = CandidateReport.failed(new CompileProblem(null, null, null, "the candidate could not be tried: " + e), null);
            }
            answer.give(report);
            // after a failure nothing the candidate left in this JVM is trusted with another job.
            // halt, not exit: nothing the candidate may have registered runs on the way out
            if (report.failure() != null) Runtime.getRuntime().halt(0);
        }
    }

    /**
     * Compiling the situation schema from openapi.json takes about a second in a new JVM, and every job but a
     * validation reads situations: it is compiled on a thread of its own while the first job reads and compiles
     * the candidate (seconds), so that job seldom waits for it, and a warm worker has it from then on.
     */
    private static void loadTheSchemaMeanwhile() {
        Thread t = new Thread(SituationSchema::bundled, "situation-schema");
        t.setDaemon(true);
        t.start();
    }

    static CandidateReport run(CandidateJob job, Held held) {
        Evaluator evaluator = new Evaluator(Json.mapper(), job.maxFirings(), Duration.ofMillis(job.evaluationMillis()));
        CompileResult c = held.candidate(job.candidate());
        CandidateReport compiled = CandidateReport.compiled(c);
        if (!c.ok() || job.kind().equals("validate")) return compiled;
        if (job.kind().equals("impact")) {
            // the candidate's side only (the service runs the active side itself and compares); no scenarios needed
            Instant at = Instant.now();
            List<com.fasterxml.jackson.databind.JsonNode> items = job.situations();
            return compiled.withSides(IntStream.range(0, items.size())
                    .mapToObj(i -> Impact.Side.of(BatchItem.evaluate(i, items.get(i), c.ruleset(), evaluator, at, false, outcome -> {}))).toList());
        }
        List<PreviewCase> cases = job.scenariosDir() == null ? List.of()
                : CaseSource.bundled(Path.of(job.scenariosDir()), evaluator).cases();
        return switch (job.kind()) {
            case "check" -> compiled.withBroken(CandidateTrial.broken(c.ruleset(), cases));
            case "preview" -> compiled.withPreview(CandidateTrial.preview(held.active(job.active()), c, cases));
            default -> throw new IllegalArgumentException("unknown job '" + job.kind() + "'");
        };
    }

    /** What a warm worker keeps between jobs: its one candidate compiled, and the last active ruleset a preview compared with. */
    static final class Held {
        private String candidateVersion;
        private volatile CompileResult candidate;
        private String activeVersion;
        private Ruleset active;

        /** The candidate compiled, once; a job for any other candidate is refused (it needs a worker of its own). */
        CompileResult candidate(SortedMap<String, byte[]> files) {
            String version = RulesFolder.version(files);
            if (candidateVersion == null) {
                candidateVersion = version;
                candidate = RulesetCompiler.compile(files);
            } else if (!candidateVersion.equals(version)) {
                throw new IllegalStateException("this worker holds candidate " + candidateVersion + " and was sent a job for " + version);
            }
            return candidate;
        }

        Ruleset active(SortedMap<String, byte[]> files) {
            String version = RulesFolder.version(files);
            if (!version.equals(activeVersion)) {
                CompileResult a = RulesetCompiler.compile(files);
                if (!a.ok()) throw new IllegalStateException("the active ruleset did not compile beside the candidate: " + a.errors());
                activeVersion = version;
                active = a.ruleset();
            }
            return active;
        }

        /** The candidate once compiled: how a rule named at the time limit is traced to its file. */
        Ruleset compiledCandidate() {
            CompileResult c = candidate;
            return c == null || !c.ok() ? null : c.ruleset();
        }
    }

    /** One job's report, given once: by the job, or at the job's time limit by its clock, which then stops the worker. */
    private static final class JobAnswer {
        private final OutputStream out;
        private final FiringWatch watch;
        private final Held held;
        private boolean given;
        private Thread clock;

        JobAnswer(OutputStream out, FiringWatch watch, Held held) {
            this.out = out;
            this.watch = watch;
            this.held = held;
        }

        /** At the time limit: the report names the rule that was running, and the worker stops at once. */
        void stopTheWorkerAfter(long millis) {
            if (millis <= 0) return;
            Thread t = new Thread(() -> {
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    return;   // the job answered in time
                }
                if (give(failure("ran past its time limit of " + Duration.ofMillis(millis).toSeconds() + " s while"))) {
                    Runtime.getRuntime().halt(3);
                }
            }, "candidate-time-limit");
            t.setDaemon(true);
            synchronized (this) { clock = t; }
            t.start();
        }

        /** Writes the report unless this job has one already; whether it was this call that answered. */
        synchronized boolean give(CandidateReport report) {
            if (given) return false;
            given = true;
            if (clock != null && clock != Thread.currentThread()) clock.interrupt();
            byte[] body;
            try {
                body = Json.mapper().writeValueAsBytes(report);
            } catch (Exception e) {
                body = "{\"failure\":{\"message\":\"the worker could not write its report\"}}".getBytes(StandardCharsets.UTF_8);
            }
            try {
                WorkerFrames.write(out, body);
            } catch (IOException e) {
                Runtime.getRuntime().halt(4);   // the service's end is gone: nobody is waiting for this worker
            }
            return true;
        }

        /** "the candidate {what} rule 'X' was firing", or, between firings, the rule that fired last. */
        CandidateReport failure(String what) {
            String firing = watch.firing();
            String rule = firing != null ? firing : watch.lastFired();
            String where = firing != null ? " rule '" + firing + "' was firing"
                    : " the engine was matching facts" + (rule == null ? "" : " (the last rule to fire was '" + rule + "')");
            Ruleset r = held == null ? null : held.compiledCandidate();
            RuleInfo info = r == null || rule == null ? null : r.rulesByName().get(rule);
            return CandidateReport.failed(new CompileProblem(info == null ? null : info.file(), null, null,
                    "the candidate " + what + where), rule);
        }
    }
}
