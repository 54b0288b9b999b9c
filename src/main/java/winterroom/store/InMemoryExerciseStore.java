package winterroom.store;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps live exercises for the life of the process. */
public final class InMemoryExerciseStore implements ExerciseStore {
    private final Map<String, StoredExercise> byId = new ConcurrentHashMap<>();

    @Override
    public void create(StoredExercise exercise) { byId.put(exercise.id(), exercise); }

    @Override
    public Optional<StoredExercise> find(String id) { return Optional.ofNullable(byId.get(id)); }

    @Override
    public boolean replace(StoredExercise next, long expectedVersion) {
        boolean[] done = {false};
        byId.computeIfPresent(next.id(), (id, current) -> {
            if (current.version() != expectedVersion) return current;
            done[0] = true;
            return next;
        });
        return done[0];
    }

    @Override
    public boolean delete(String id) { return byId.remove(id) != null; }
}
