package winterroom.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import winterroom.Json;
import winterroom.store.RulesetActivation;
import winterroom.store.RulesetVersion;
import winterroom.store.RulesetVersionStore;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Ruleset history that also puts every activation on the audit trail's hash chain, as a RULESET_ACTIVATION record
 * whose subject is the version activated. The history itself stays where it was kept before (versions are needed
 * to roll back; the chain is the evidence).
 */
public final class AuditedRulesetVersionStore implements RulesetVersionStore {
    private static final Logger LOG = LoggerFactory.getLogger(AuditedRulesetVersionStore.class);

    private final RulesetVersionStore history;
    private final AuditLog audit;
    /** Told when an activation could not join the trail (the metrics' store error counter). */
    private final Runnable storeError;

    public AuditedRulesetVersionStore(RulesetVersionStore history, AuditLog audit, Runnable storeError) {
        this.history = history;
        this.audit = audit;
        this.storeError = storeError;
    }

    @Override
    public void save(RulesetVersion version) { history.save(version); }

    @Override
    public Optional<RulesetVersion> find(String hash) { return history.find(hash); }

    @Override
    public List<RulesetVersion> versions() { return history.versions(); }

    @Override
    public void recordActivation(RulesetActivation activation) {
        history.recordActivation(activation);
        var result = Json.mapper().createObjectNode().put("version", activation.hash()).put("previous", activation.previous());
        try {
            audit.append(new NewRecord(UUID.randomUUID().toString(), RecordKind.RULESET_ACTIVATION, activation.hash(),
                    activation.actor() == null ? "unknown" : activation.actor(), activation.hash(), null, tags(activation), activation, result));
        } catch (StoreUnavailableException e) {
            storeError.run();
            // the activation has happened and is in the ruleset history; the chain misses it until recorded again
            LOG.error("the activation of ruleset {} could not join the audit trail: {}", activation.hash(), e.getMessage());
        }
    }

    private static List<String> tags(RulesetActivation a) {
        return a.how() == null || a.how().isBlank() ? List.of() : List.of("how:" + a.how().replace(',', ';'));
    }

    @Override
    public List<RulesetActivation> activations() { return history.activations(); }
}
