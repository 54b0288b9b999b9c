package winterroom.engine;

/**
 * An evaluation stopped because its rules ran away: they kept firing past the firing limit, or
 * ran past the time limit. Names the rule that fired most, the likely culprit.
 */
public class RunawayRulesException extends RuntimeException {
    private final String rule;
    private final int firings;

    public RunawayRulesException(String message, String rule, int firings) {
        super(message);
        this.rule = rule;
        this.firings = firings;
    }

    public String rule() { return rule; }

    public int firings() { return firings; }
}
