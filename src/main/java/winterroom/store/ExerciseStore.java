package winterroom.store;

import java.util.Optional;

/** Where live exercises are kept between requests. */
public interface ExerciseStore {
    /** Keeps a new exercise. */
    void create(StoredExercise exercise);

    Optional<StoredExercise> find(String id);

    /**
     * Replaces the exercise if it is still at {@code expectedVersion}; false when another request
     * moved it on first (the caller reports a conflict).
     */
    boolean replace(StoredExercise next, long expectedVersion);

    /** Ends an exercise; false when there was none. */
    boolean delete(String id);
}
