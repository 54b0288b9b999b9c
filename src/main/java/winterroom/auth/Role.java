package winterroom.auth;

/**
 * What a caller may do. Each role includes the ones before it: an assessor can read, a policy
 * owner can read and evaluate.
 */
public enum Role {
    /** Read results, rules, versions and catalogues. */
    VIEWER,
    /** Evaluate situations and run exercises. */
    ASSESSOR,
    /** Change, activate and roll back rules. */
    POLICY_OWNER;

    public boolean includes(Role needed) { return ordinal() >= needed.ordinal(); }
}
