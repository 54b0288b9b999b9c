package winterroom.changes;

import winterroom.policy.CompileProblem;

import java.util.List;

/** Whether a candidate ruleset compiles (checked in a worker process): its version when it does, and every problem found. */
public record Validation(String version, List<CompileProblem> errors, List<CompileProblem> warnings) {
    public boolean ok() { return version != null && errors.isEmpty(); }
}
