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
    /** A stored evaluation evaluated again on another ruleset version; the subject is the original evaluation id. */
    EVALUATION_RERUN
}
