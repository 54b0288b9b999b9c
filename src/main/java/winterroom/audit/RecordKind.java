package winterroom.audit;

/** What a record in the audit trail is evidence of. */
public enum RecordKind {
    /** One situation evaluated on the active ruleset. */
    EVALUATION,
    /** A batch of situations evaluated together, as one record: the items in, the compact results out. */
    BATCH,
    /** A live desk-top exercise started: the exercise file; the subject is the exercise id. */
    EXERCISE_START,
    /** One step (scripted or inject) of a live desk-top exercise and its result; the subject is the exercise id. */
    EXERCISE_STEP,
    /** A live desk-top exercise ended; the subject is the exercise id. */
    EXERCISE_END,
    /** A ruleset version made active; the subject is the version. */
    RULESET_ACTIVATION,
    /** A change set proposed (files and deletions, validated and previewed); the subject is the change id. */
    RULESET_CHANGE,
    /** A change set approved by a second policy owner (before activation, or retrospectively after an emergency); the subject is the change id. */
    RULESET_APPROVAL,
    /** A stored evaluation evaluated again on another ruleset version; the subject is the original evaluation id. */
    EVALUATION_RERUN
}
