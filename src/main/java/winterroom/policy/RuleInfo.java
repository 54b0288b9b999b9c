package winterroom.policy;

/**
 * A compiled rule as policy owners see it: its metadata and the file it came from. A rule with
 * no conditions (a policy value, say) always fires, so it can have no near miss.
 */
public record RuleInfo(String name, String code, String title, String source, String file, boolean alwaysFires) {}
