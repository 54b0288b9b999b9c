package winterroom.store;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps evaluations for the life of the process. */
public final class InMemoryEvaluationStore implements EvaluationStore {
    private final Map<String, StoredEvaluation> byId = new ConcurrentHashMap<>();

    @Override
    public void save(StoredEvaluation evaluation) { byId.put(evaluation.id(), evaluation); }

    @Override
    public Optional<StoredEvaluation> find(String id) { return Optional.ofNullable(byId.get(id)); }
}
