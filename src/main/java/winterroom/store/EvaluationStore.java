package winterroom.store;


import java.util.Optional;

/** Where evaluations are kept, with the situation that produced them. */
public interface EvaluationStore {
    void save(StoredEvaluation evaluation);

    Optional<StoredEvaluation> find(String id);

    /** Whether the store can be written now (for /ready). */
    default boolean reachable() { return true; }
}
