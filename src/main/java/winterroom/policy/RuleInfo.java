package winterroom.policy;

/** A compiled rule as policy owners see it: its metadata and the file it came from. */
public record RuleInfo(String name, String code, String title, String source, String file) {}
