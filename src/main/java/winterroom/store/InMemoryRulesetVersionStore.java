package winterroom.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Keeps ruleset versions for the life of the process (when the service is given no data folder). */
public final class InMemoryRulesetVersionStore implements RulesetVersionStore {
    private final Map<String, RulesetVersion> versions = new LinkedHashMap<>();
    private final List<RulesetActivation> activations = new ArrayList<>();

    @Override
    public synchronized void save(RulesetVersion version) { versions.putIfAbsent(version.hash(), version); }

    @Override
    public synchronized Optional<RulesetVersion> find(String hash) { return Optional.ofNullable(versions.get(hash)); }

    @Override
    public synchronized List<RulesetVersion> versions() { return List.copyOf(versions.values()); }

    @Override
    public synchronized void recordActivation(RulesetActivation activation) { activations.add(activation); }

    @Override
    public synchronized List<RulesetActivation> activations() { return List.copyOf(activations); }
}
