package winterroom.policy;

import java.util.List;

/** The outcome of compiling a candidate ruleset: the ruleset when it compiled, and every problem found. */
public record CompileResult(Ruleset ruleset, List<CompileProblem> errors, List<CompileProblem> warnings) {
    public boolean ok() { return ruleset != null && errors.isEmpty(); }
}
