package winterroom.policy;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds the ruleset the service evaluates with. Replacing it is one atomic swap, so a request
 * always runs whole on one ruleset version.
 */
public final class ActiveRuleset {
    private final Path folder;
    private final AtomicReference<Ruleset> current = new AtomicReference<>();

    private ActiveRuleset(Path folder, Ruleset initial) {
        this.folder = folder;
        this.current.set(initial);
    }

    /** Compiles the folder; fails with every problem listed when the rules do not compile. */
    public static ActiveRuleset load(Path folder) {
        CompileResult result = RulesetCompiler.compile(RulesFolder.read(folder));
        if (!result.ok()) {
            StringBuilder sb = new StringBuilder("the rules in " + folder.toAbsolutePath() + " do not compile:");
            for (CompileProblem p : result.errors()) {
                sb.append("\n  ").append(p.file()).append(p.line() == null ? "" : ":" + p.line()).append(": ").append(p.message());
            }
            throw new IllegalStateException(sb.toString());
        }
        return new ActiveRuleset(folder, result.ruleset());
    }

    /** A holder of a ruleset compiled already (the start-up rehearsal's, which must not compile the folder again). */
    public static ActiveRuleset of(Path folder, Ruleset ruleset) { return new ActiveRuleset(folder, ruleset); }

    public Ruleset get() { return current.get(); }

    public Path folder() { return folder; }

    public void activate(Ruleset ruleset) { current.set(ruleset); }
}
