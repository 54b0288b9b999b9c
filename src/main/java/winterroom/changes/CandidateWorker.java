package winterroom.changes;

import winterroom.Json;
import winterroom.engine.Evaluator;
import winterroom.engine.FiringWatch;
import winterroom.policy.CompileProblem;
import winterroom.policy.CompileResult;
import winterroom.policy.RuleInfo;
import winterroom.policy.Ruleset;
import winterroom.policy.RulesetCompiler;
import winterroom.service.BatchItem;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The process a candidate ruleset is compiled and tried in, started by {@link CandidateSandbox} for
 * one job and gone after it. It reads a {@link CandidateJob} from standard input and writes one
 * {@link CandidateReport} to standard output. It keeps the job's time limit itself, so that a
 * candidate that runs too long is reported with the rule that was running; the service kills it if
 * even that does not come.
 */
public final class CandidateWorker {
    private static final Object ANSWER = new Object();
    private static boolean answered;
    /** The candidate once compiled: how a rule named at the time limit is traced to its file. */
    private static volatile Ruleset candidate;

    private CandidateWorker() {}

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        System.setOut(System.err);   // only the report goes to standard output: anything else printed joins the log
        FiringWatch watch = new FiringWatch();
        Evaluator.watchFirings(watch);
        CandidateJob job;
        try {
            job = Json.mapper().readValue(System.in, CandidateJob.class);
        } catch (Exception e) {
            answer(out, CandidateReport.failed(new CompileProblem(null, null, null, "the worker could not read its job: " + e.getMessage()), null));
            Runtime.getRuntime().halt(2);
            return;
        }
        watchTheClock(job.timeLimitMillis(), watch, out);
        CandidateReport report;
        try {
            report = run(job);
        } catch (OutOfMemoryError e) {
            report = failure("ran out of memory (the worker's limit) while", watch);
        } catch (StackOverflowError e) {
            report = failure("overflowed the stack (a rule or function that recurses without end) while", watch);
        } catch (Throwable e) {
            report = CandidateReport.failed(new CompileProblem(null, null, null, "the candidate could not be tried: " + e), null);
        }
        answer(out, report);
        // halt, not exit: nothing the candidate may have registered runs on the way out
        Runtime.getRuntime().halt(0);
    }

    static CandidateReport run(CandidateJob job) {
        Evaluator evaluator = new Evaluator(Json.mapper(), job.maxFirings(), Duration.ofMillis(job.evaluationMillis()));
        CompileResult c = RulesetCompiler.compile(job.candidate());
        if (c.ok()) candidate = c.ruleset();
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
            case "preview" -> compiled.withPreview(CandidateTrial.preview(active(job), c, cases));
            default -> throw new IllegalArgumentException("unknown job '" + job.kind() + "'");
        };
    }

    private static Ruleset active(CandidateJob job) {
        CompileResult a = RulesetCompiler.compile(job.active());
        if (!a.ok()) throw new IllegalStateException("the active ruleset did not compile beside the candidate: " + a.errors());
        return a.ruleset();
    }

    /** At the time limit: the report names the rule that was running, and the worker stops at once. */
    private static void watchTheClock(long millis, FiringWatch watch, PrintStream out) {
        if (millis <= 0) return;
        Thread clock = new Thread(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                return;
            }
            answer(out, failure("ran past its time limit of " + Duration.ofMillis(millis).toSeconds() + " s while", watch));
            Runtime.getRuntime().halt(3);
        }, "candidate-time-limit");
        clock.setDaemon(true);
        clock.start();
    }

    /** "the candidate {what} rule 'X' was firing", or, between firings, the rule that fired last. */
    private static CandidateReport failure(String what, FiringWatch watch) {
        String firing = watch.firing();
        String rule = firing != null ? firing : watch.lastFired();
        String where = firing != null ? " rule '" + firing + "' was firing"
                : " the engine was matching facts" + (rule == null ? "" : " (the last rule to fire was '" + rule + "')");
        Ruleset r = candidate;
        RuleInfo info = r == null || rule == null ? null : r.rulesByName().get(rule);
        return CandidateReport.failed(new CompileProblem(info == null ? null : info.file(), null, null,
                "the candidate " + what + where), rule);
    }

    private static void answer(PrintStream out, CandidateReport report) {
        synchronized (ANSWER) {
            if (answered) return;
            answered = true;
            try {
                Json.mapper().writeValue(out, report);
            } catch (Exception e) {
                out.print("{\"failure\":{\"message\":\"the worker could not write its report\"}}");
            }
            out.flush();
        }
    }
}
