package winterroom.store;

import winterroom.audit.NewRecord;

import java.util.Optional;

/**
 * Where live exercises are kept between requests. Each change comes with its evidence for the audit trail, and
 * the change and its record are kept together or not at all.
 */
public interface ExerciseStore {
    /** Keeps a new exercise and its start record. */
    void create(StoredExercise exercise, NewRecord evidence);

    /** A live (not ended) exercise. */
    Optional<StoredExercise> find(String id);

    /**
     * Replaces the exercise if it is still at {@code expectedVersion}, keeping the step's record with it; false
     * (and nothing kept) when another request moved it on first, or ended it (the caller reports a conflict).
     */
    boolean replace(StoredExercise next, long expectedVersion, NewRecord evidence);

    /** Ends a live exercise with its end record; false when there was none. */
    boolean end(String id, NewRecord evidence);
}
