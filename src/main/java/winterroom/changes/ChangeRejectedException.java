package winterroom.changes;

import winterroom.policy.CompileProblem;

import java.util.List;

/**
 * A ruleset change that was not activated: it does not compile (errors), or it breaks scenario
 * expectations and was not forced (broken). The active ruleset is untouched.
 */
public final class ChangeRejectedException extends RuntimeException {
    private final List<CompileProblem> errors;
    private final List<String> broken;

    ChangeRejectedException(String message, List<CompileProblem> errors, List<String> broken) {
        super(message);
        this.errors = errors;
        this.broken = broken;
    }

    public List<CompileProblem> errors() { return errors; }

    public List<String> broken() { return broken; }

    public boolean doesNotCompile() { return !errors.isEmpty(); }
}
