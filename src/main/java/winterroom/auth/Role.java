package winterroom.auth;

import java.util.List;

/**
 * What a caller may do. Each role includes the ones before it: an assessor can read, a policy
 * owner can read and evaluate, a rule author can do everything a policy owner can.
 */
public enum Role {
    /** Read results, rules, versions and catalogues. */
    VIEWER("read results, rules, versions, catalogues and metrics"),
    /** Evaluate situations and run exercises. */
    ASSESSOR("evaluate situations, run batches and exercises"),
    /**
     * Change policy data: decision tables, catalogues, policy values and calendars (every cell typed
     * and checked, none can become code); validate and preview any candidate; activate and roll
     * back versions that leave the rule code as it is.
     */
    POLICY_OWNER("edit decision tables, catalogues, policy values and calendars; validate and preview candidates; "
            + "activate and roll back versions that keep the rule code"),
    /** Write and delete rule code (.drl files), which passes the static check before anything compiles it. */
    RULE_AUTHOR("write and delete rule code (.drl files), which passes the static check before it is compiled");

    private final String allows;

    Role(String allows) { this.allows = allows; }

    public boolean includes(Role needed) { return ordinal() >= needed.ordinal(); }

    /** What this role allows on its own, in plain words. */
    public String allows() { return allows; }

    /** What this role allows, its own and everything it includes. */
    public List<String> allowsAll() {
        return java.util.Arrays.stream(values()).filter(this::includes).map(Role::allows).toList();
    }

    /** The role names for messages: VIEWER, ASSESSOR, POLICY_OWNER or RULE_AUTHOR. */
    public static String names() {
        List<String> n = java.util.Arrays.stream(values()).map(Enum::name).toList();
        return String.join(", ", n.subList(0, n.size() - 1)) + " or " + n.get(n.size() - 1);
    }
}
