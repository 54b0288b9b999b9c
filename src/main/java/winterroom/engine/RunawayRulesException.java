package winterroom.engine;

/** An evaluation stopped because its rules kept firing past the configured limit (a rule that loops). */
public class RunawayRulesException extends RuntimeException {
    private final String rule;
    private final int firings;

    public RunawayRulesException(String rule, int firings, int limit) {
        super("evaluation stopped after " + limit + " rule firings; rule '" + rule + "' fired " + firings + " times and is probably looping");
        this.rule = rule;
        this.firings = firings;
    }

    public String rule() { return rule; }

    public int firings() { return firings; }
}
