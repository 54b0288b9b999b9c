package winterroom.changes;

import com.fasterxml.jackson.annotation.JsonInclude;
import winterroom.policy.CompileProblem;
import winterroom.policy.CompileResult;

import java.util.List;

/**
 * What a worker process found (written as JSON on its standard output, one frame a job): whether the candidate
 * compiles, its version, its problems, and the job's answer (broken expectations, a preview, or the
 * candidate's side of an impact run). failure says why the candidate could not be tried at all (it ran past its time limit, ran
 * out of memory, or stopped its worker), naming the rule that was running where one was; rule is that
 * rule's name.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CandidateReport(String version, List<CompileProblem> errors, List<CompileProblem> warnings,
                              List<String> broken, Preview preview, Impact impact, List<Impact.Side> sides, CompileProblem failure,
                              String rule) {
    static CandidateReport compiled(CompileResult c) {
        return new CandidateReport(c.ok() ? c.ruleset().version() : null, c.errors(), c.warnings(), null, null, null, null, null, null);
    }

    static CandidateReport failed(CompileProblem failure, String rule) {
        return new CandidateReport(null, List.of(), List.of(), null, null, null, null, failure, rule);
    }

    CandidateReport withBroken(List<String> b) { return new CandidateReport(version, errors, warnings, b, preview, impact, sides, failure, rule); }

    CandidateReport withPreview(Preview p) {
        return new CandidateReport(version, errors, warnings, CandidateTrial.broken(p), p, impact, sides, failure, rule);
    }

    /** The candidate's side of an impact run: one answer per situation, in order (the service runs the active side itself). */
    CandidateReport withSides(List<Impact.Side> s) { return new CandidateReport(version, errors, warnings, broken, preview, impact, s, failure, rule); }

    boolean compiles() { return failure == null && version != null && errors.isEmpty(); }

    Validation validation() {
        return new Validation(compiles() ? version : null, failure == null ? errors : List.of(failure), warnings);
    }
}
