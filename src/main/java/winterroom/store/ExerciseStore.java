package winterroom.store;

import winterroom.audit.NewRecord;

import java.util.List;
import java.util.Optional;

/**
 * Where exercises are kept, live and ended. Each change comes with its evidence for the audit trail, and the
 * change and its record are kept together or not at all.
 */
public interface ExerciseStore {
    /** A participant or observer who joined an exercise; only the hash of their token is kept. */
    record Participant(String id, String exercise, String name, String org, String role, String tokenHash,
                       java.time.Instant joinedAt) {
        public boolean observer() { return "observer".equals(role); }
    }

    /** A lesson identified, with its owner and due date (null when none was given). */
    record Lesson(String id, String exercise, String text, String owner, java.time.LocalDate due,
                  java.time.Instant recordedAt, String recordedBy) {}

    /** Keeps a new exercise and its start record. */
    void create(StoredExercise exercise, NewRecord evidence);

    /** An exercise, live or ended, with every move. */
    Optional<StoredExercise> find(String id);

    /** An exercise without its moves: enough to know its state and version. */
    Optional<StoredExercise> head(String id);

    /** The moves from position {@code from} on, in order. */
    List<com.fasterxml.jackson.databind.JsonNode> movesSince(String id, long from);

    /** Exercises newest first, optionally in one state, without their moves. */
    List<StoredExercise> list(StoredExercise.State state, int limit);

    /**
     * Appends {@code next}'s last move if the exercise is live and still at {@code expectedVersion}, keeping the
     * move's record with it; false (and nothing kept) when another request moved it on first, or it has ended.
     */
    boolean replace(StoredExercise next, long expectedVersion, NewRecord evidence);

    /**
     * As {@link #replace(StoredExercise, long, NewRecord)}, moving the clock from {@code clockBefore} to
     * {@code next.clock()} with the move (a step the clock follows); false as well when the clock was changed meanwhile.
     */
    boolean replace(StoredExercise next, long expectedVersion, com.fasterxml.jackson.databind.JsonNode clockBefore, NewRecord evidence);

    /**
     * Sets the exercise clock of a live exercise, with its record, if it is still {@code expected} (null: never set);
     * false (and nothing kept) when the exercise is not live or its clock was changed meanwhile.
     */
    boolean setClock(String id, com.fasterxml.jackson.databind.JsonNode clock, com.fasterxml.jackson.databind.JsonNode expected, NewRecord evidence);

    /** Ends a live exercise with its end record (the exercise stays); false when there was no live one. */
    boolean end(String id, NewRecord evidence);

    /** Removes a live exercise started by mistake, with a record of the removal; its audit records stay. */
    boolean delete(String id, NewRecord evidence);

    /** Keeps a participant of a live exercise with the record of their joining; false when it is not live. */
    boolean join(Participant participant, NewRecord evidence);

    List<Participant> participants(String exercise);

    Optional<Participant> participantByToken(String tokenHash);

    /** Keeps a new lesson, or replaces one with the same id, with its record. */
    void saveLesson(Lesson lesson, NewRecord evidence);

    List<Lesson> lessons(String exercise);

    /** Adds a record of the exercise to the audit trail (a report kept as evidence). */
    void record(NewRecord evidence);
}
