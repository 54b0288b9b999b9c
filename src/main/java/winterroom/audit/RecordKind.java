package winterroom.audit;

/** What a record in the audit trail is evidence of. */
public enum RecordKind {
    /** One situation evaluated on the active ruleset. */
    EVALUATION,
    /** A batch of situations submitted together; its items are EVALUATION records whose subject is the batch id. */
    BATCH,
    /** One step of a desk-top exercise; the subject is the exercise id. */
    EXERCISE_STEP,
    /** A ruleset version made active; the subject is the version. */
    RULESET_ACTIVATION,
    /** A stored evaluation evaluated again on another ruleset version; the subject is the original evaluation id. */
    EVALUATION_RERUN
}
