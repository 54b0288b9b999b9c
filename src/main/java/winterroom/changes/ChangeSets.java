package winterroom.changes;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import winterroom.Json;
import winterroom.audit.AuditLog;
import winterroom.audit.NewRecord;
import winterroom.audit.RecordKind;
import winterroom.audit.StoreUnavailableException;
import winterroom.policy.CompileResult;
import winterroom.policy.RulesFolder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Change sets with four-eyes approval, over the one rules-change path of {@link RuleChanges}: a
 * policy owner proposes files and deletions (validated and previewed there), a second policy owner
 * approves, and only then is it activated, as one. An emergency change is activated at once and
 * asks for a retrospective approval, shown until given. Who proposes and approves is always the
 * caller's identity. Proposals and approvals join the audit trail; the activation itself is recorded
 * there by the ruleset history, naming the change.
 */
public final class ChangeSets {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeSets.class);

    /** Why four-eyes cannot work without tokens, said wherever a local user meets it. */
    public static final String LOCAL_FOUR_EYES = "this service has no tokens file and no OIDC issuer, so every caller is the one local user "
            + "and nobody can be the second pair of eyes: a change can only be activated as an emergency (recorded as such, "
            + "awaiting a retrospective approval). Start the service with a tokens file (winter-room new-token) or an OIDC issuer (--oidc-issuer) for four-eyes approval";

    private final RuleChanges rules;
    private final AuditLog audit;
    private final Runnable storeError;
    private final Path dir;
    private final boolean fourEyesPossible;
    private final ScenarioExpectations expectations;
    private final Map<String, ChangeSet> changes = new LinkedHashMap<>();
    /** Previews as computed when each change was proposed (not kept across restarts: they are recomputed on request). */
    private final Map<String, Preview> previews = new LinkedHashMap<>();
    private final Map<String, Validation> validations = new LinkedHashMap<>();

    /** dataDir null keeps change sets in memory only. */
    public ChangeSets(RuleChanges rules, AuditLog audit, Runnable storeError, Path dataDir, boolean fourEyesPossible,
                      ScenarioExpectations expectations) {
        this.rules = rules;
        this.expectations = expectations;
        this.audit = audit;
        this.storeError = storeError;
        this.fourEyesPossible = fourEyesPossible;
        this.dir = dataDir == null ? null : dataDir.resolve("rulesets").resolve("changes");
        if (dir != null) load();
    }

    public boolean fourEyesPossible() { return fourEyesPossible; }

    public RuleChanges rules() { return rules; }

    /** The scenarios' expectations, read and written for the policy owner. */
    public ScenarioExpectations expectations() { return expectations; }

    /**
     * Proposes a change: compiles it (a change that does not compile is refused, 422, and not kept),
     * previews it, keeps it pending, or activates it at once when it is an emergency.
     */
    public ChangeSet propose(Map<String, byte[]> files, Collection<String> deletions, String note, boolean emergency, String actor) {
        String id = UUID.randomUUID().toString();
        String base = rules.active().version();
        Preview preview = rules.preview(files, deletions);
        if (!preview.valid()) {
            throw new ChangeRejectedException("the change does not compile (" + preview.errors().size() + " error(s)); nothing was kept",
                    preview.errors(), List.of());
        }
        Validation c = new Validation(preview.candidate(), preview.errors(), preview.warnings());
        ChangeSet cs = new ChangeSet(id, Instant.now(), actor, note, emergency, new TreeMap<>(files), List.copyOf(deletions), base,
                c.version(), "pending", List.of(), null);
        synchronized (this) {
            if (emergency) {
                Activation a = rules.changeSet(id, base, files, deletions, actor, actor, noteOr(note, "emergency change " + id), true, "emergency");
                cs = cs.with("activated", List.of(), record(a, actor));
            }
            changes.put(id, cs);
            previews.put(id, preview);
            validations.put(id, c);
            keep(cs);
        }
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("files", cs.files().keySet());
        input.put("delete", cs.delete());
        input.put("note", note);
        input.put("emergency", emergency);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("state", cs.state());
        result.put("base", base);
        result.put("candidate", cs.candidate());
        result.put("summary", preview.summary());
        trail(RecordKind.RULESET_CHANGE, cs, actor, input, result);
        LOG.info("change {} proposed by {}{} ({} file(s), {} deletion(s))", id, actor, emergency ? " as an emergency, activated" : "",
                files.size(), deletions.size());
        return cs;
    }

    /**
     * A change written straight to the active ruleset (a file put or deleted, an earlier version
     * activated) skipped the second pair of eyes: where four-eyes is possible it is kept as an
     * emergency change, activated, that asks for its retrospective approval like any other.
     * Returns the change's id, or null when nothing was activated or four-eyes is not possible.
     */
    public String recordDirect(Activation a, Map<String, byte[]> files, Collection<String> deletions, String actor,
                               String note, String how) {
        if (!fourEyesPossible || a.unchanged()) return null;
        String id = UUID.randomUUID().toString();
        ChangeSet cs = new ChangeSet(id, Instant.now(), actor, noteOr(note, how + " without a change set"), true,
                new TreeMap<>(files), List.copyOf(deletions), a.previous(), a.version(), "pending", List.of(), null)
                .with("activated", List.of(), record(a, actor));
        synchronized (this) {
            changes.put(id, cs);
            keep(cs);
        }
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("files", cs.files().keySet());
        input.put("delete", cs.delete());
        input.put("note", cs.note());
        input.put("emergency", true);
        input.put("direct", how);
        trail(RecordKind.RULESET_CHANGE, cs, actor, input, Map.of("state", cs.state(), "base", a.previous(), "candidate", a.version()));
        LOG.warn("{} by {} activated ruleset {} without approval: kept as emergency change {} awaiting retrospective approval",
                how, actor, a.version(), id);
        return id;
    }

    /**
     * A second policy owner's approval: activates a pending change (409 when it breaks expectations
     * and is not forced, or when the active ruleset moved since it was proposed), or gives an
     * activated emergency change its retrospective approval. Approving one's own change is refused.
     */
    public synchronized ChangeSet approve(String id, String actor, String note, boolean force) {
        ChangeSet cs = find(id).orElseThrow(() -> new winterroom.service.NotFoundException("change '" + id + "' not found"));
        if (cs.author().equals(actor)) {
            throw new ApprovalRefusedException("you (" + actor + ") proposed change " + id + ": four-eyes approval needs a second policy owner"
                    + (fourEyesPossible ? "" : "; " + LOCAL_FOUR_EYES));
        }
        List<ChangeSet.Approval> approvals = new ArrayList<>(cs.approvals());
        ChangeSet updated;
        if (cs.state().equals("activated")) {
            if (!cs.awaitingRetrospectiveApproval()) {
                throw new ChangeConflictException("change " + id + " is activated and approved already");
            }
            approvals.add(new ChangeSet.Approval(actor, Instant.now(), note, true));
            updated = cs.with(cs.state(), approvals, cs.activation());
        } else if (cs.state().equals("pending")) {
            Activation a = rules.changeSet(id, cs.base(), cs.files(), cs.delete(), actor, cs.author(),
                    noteOr(cs.note(), "change " + id), force, "change");
            approvals.add(new ChangeSet.Approval(actor, Instant.now(), note, false));
            updated = cs.with("activated", approvals, record(a, actor));
        } else {
            throw new ChangeConflictException("change " + id + " is " + cs.state() + " and cannot be approved");
        }
        changes.put(id, updated);
        keep(updated);
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("change", id);
        input.put("note", note);
        input.put("retrospective", updated.emergency());
        input.put("forced", force);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("state", updated.state());
        result.put("version", updated.activation().version());
        result.put("proposedBy", updated.author());
        trail(RecordKind.RULESET_APPROVAL, updated, actor, input, result);
        LOG.info("change {} approved by {}{}", id, actor, updated.emergency() ? " (retrospectively)" : ", activated");
        return updated;
    }

    public synchronized Optional<ChangeSet> find(String id) { return Optional.ofNullable(changes.get(id)); }

    /** Every change, newest first. */
    public synchronized List<ChangeSet> list() {
        List<ChangeSet> out = new ArrayList<>(changes.values());
        out.sort(Comparator.comparing(ChangeSet::proposedAt).reversed());
        return out;
    }

    /** Emergency changes still waiting for their retrospective approval. */
    public synchronized List<ChangeSet> awaitingRetrospectiveApproval() {
        return list().stream().filter(ChangeSet::awaitingRetrospectiveApproval).toList();
    }

    /** A pending change proposed on a ruleset that is no longer active (its preview is out of date). */
    public boolean stale(ChangeSet cs) {
        return cs.state().equals("pending") && !cs.base().equals(rules.active().version());
    }

    /** The preview computed when it was proposed, or computed now (after a restart) while its base is still active. */
    public synchronized Optional<Preview> preview(ChangeSet cs) {
        Preview p = previews.get(cs.id());
        if (p == null && !stale(cs) && cs.state().equals("pending")) {
            p = rules.preview(cs.files(), cs.delete());
            previews.put(cs.id(), p);
        }
        return Optional.ofNullable(p);
    }

    public synchronized Optional<Validation> validation(ChangeSet cs) { return Optional.ofNullable(validations.get(cs.id())); }

    /** The candidate's files: the change over the files of the ruleset it was proposed on. */
    public java.util.SortedMap<String, byte[]> candidateFiles(ChangeSet cs) {
        Map<String, byte[]> base = rules.versions().find(cs.base()).map(v -> (Map<String, byte[]>) v.files())
                .orElseGet(() -> RulesFolder.read(rules.folder()));
        return RulesFolder.overlay(base, cs.files(), cs.delete());
    }

    private static ChangeSet.ActivationRecord record(Activation a, String by) {
        return new ChangeSet.ActivationRecord(Instant.now(), by, a.version(), a.previous(), a.forced(), a.brokenExpectations());
    }

    private static String noteOr(String note, String otherwise) { return note == null || note.isBlank() ? otherwise : note; }

    private void trail(RecordKind kind, ChangeSet cs, String actor, Object input, Object result) {
        if (audit == null) return;
        List<String> tags = new ArrayList<>();
        tags.add("change:" + cs.id());
        if (cs.emergency()) tags.add("emergency:true");
        try {
            audit.append(new NewRecord(UUID.randomUUID().toString(), kind, cs.id(), actor, cs.candidate(), null, tags,
                    Json.mapper().valueToTree(input), Json.mapper().valueToTree(result)));
        } catch (StoreUnavailableException e) {
            storeError.run();
            LOG.error("change {} ({}) could not join the audit trail: {}", cs.id(), kind, e.getMessage());
        }
    }

    private void keep(ChangeSet cs) {
        if (dir == null) return;
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".change-", ".tmp");
            Json.mapper().writeValue(tmp.toFile(), cs);
            Files.move(tmp, dir.resolve(cs.id() + ".json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep change " + cs.id() + " in " + dir, e);
        }
    }

    private void load() {
        if (!Files.isDirectory(dir)) return;
        try (Stream<Path> files = Files.list(dir)) {
            List<ChangeSet> found = new ArrayList<>();
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
                found.add(Json.mapper().readValue(p.toFile(), ChangeSet.class));
            }
            found.sort(Comparator.comparing(ChangeSet::proposedAt));
            found.forEach(c -> changes.put(c.id(), c));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read change sets in " + dir.toAbsolutePath(), e);
        }
    }
}
