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
    /** A live desk-top exercise ended, with its report as it then stood; the subject is the exercise id. */
    EXERCISE_END,
    /** A live desk-top exercise started by mistake removed (its other records stay); the subject is the exercise id. */
    EXERCISE_DELETED,
    /** A participant or observer joined an exercise with its join code; the subject is the exercise id. */
    EXERCISE_JOIN,
    /** A decision recorded by the room during an exercise; the subject is the exercise id. */
    EXERCISE_DECISION,
    /** A lesson identified, recorded or edited; the subject is the exercise id. */
    EXERCISE_LESSON,
    /** The exercise clock started, paused, resumed or set to another speed by the facilitator; the subject is the exercise id. */
    EXERCISE_CLOCK,
    /** A ruleset version made active; the subject is the version. */
    RULESET_ACTIVATION,
    /** A change set proposed (files and deletions, validated and previewed); the subject is the change id. */
    RULESET_CHANGE,
    /** A change set approved by a second policy owner (before activation, or retrospectively after an emergency); the subject is the change id. */
    RULESET_APPROVAL,
    /** A stored evaluation evaluated again on another ruleset version; the subject is the original evaluation id. */
    EVALUATION_RERUN,
    /** The trail moved, every record as it was, from a data folder's H2 file to SQLite (StoreMigration); the subject is the new file. */
    STORE_MIGRATED
}
