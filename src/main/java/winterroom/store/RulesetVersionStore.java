package winterroom.store;

import java.util.List;
import java.util.Optional;

/** Where every activated ruleset version and every activation are kept, so any of them can be activated again. */
public interface RulesetVersionStore {
    /** Keeps a version; a version already kept (same hash) keeps its first record. */
    void save(RulesetVersion version);

    Optional<RulesetVersion> find(String hash);

    /** Every version, oldest first. */
    List<RulesetVersion> versions();

    void recordActivation(RulesetActivation activation);

    /** Every activation, oldest first. */
    List<RulesetActivation> activations();
}
