package winterroom.policy;

/** One of the escalation principles, with how Winter Room applies it. */
public record Principle(String code, String title, String source, String check) {}
