package winterroom.policy;

/** An error or warning from compiling a ruleset, pointing at a file and (where known) a line. */
public record CompileProblem(String file, Integer line, Integer column, String message) {}
