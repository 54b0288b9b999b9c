package winterroom.changes;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import winterroom.metrics.ServiceMetrics;
import winterroom.policy.ActiveRuleset;
import winterroom.policy.CompileResult;
import winterroom.policy.RuleCode;
import winterroom.policy.Ruleset;
import winterroom.policy.RulesFolder;
import winterroom.policy.RulesetCompiler;
import winterroom.store.RulesetActivation;
import winterroom.store.RulesetVersion;
import winterroom.store.RulesetVersionStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The policy owner's loop over the rules folder: validate a candidate, preview what it would change
 * on every known case, activate it (written to the folder, kept as a version, swapped in atomically),
 * roll back to any kept version, and pick up edits made directly in the folder. Every way in goes
 * through the same check: the candidate must compile and break no case's expectations (unless
 * forced, which is recorded). A rejected candidate never disturbs the active ruleset. A candidate is
 * compiled and tried only in a worker process ({@link CandidateSandbox}); the service compiles it
 * itself only to activate it, once it has passed there.
 */
public final class RuleChanges implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RuleChanges.class);

    private final ActiveRuleset active;
    private final RulesetVersionStore versions;
    private final CaseSource cases;
    private final CandidateSandbox sandbox;
    private final ServiceMetrics metrics;
    private final Object lock = new Object();
    /** Recent compilations by content hash: validate, preview and activate of one candidate compile it once. */
    private final Map<String, CompileResult> compiled = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CompileResult> eldest) { return size() > 8; }
    };
    /** Recent worker reports, by job, candidate and the cases it was tried on: a change previewed and then activated is tried once. */
    private final Map<String, CandidateReport> reports = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CandidateReport> eldest) { return size() > 16; }
    };
    private volatile ReloadStatus.Attempt lastAttempt;
    private volatile String lastRejectedFolder;
    private ScheduledExecutorService watcher;

    public RuleChanges(ActiveRuleset active, RulesetVersionStore versions, CaseSource cases, CandidateSandbox sandbox,
                       ServiceMetrics metrics) {
        this.active = active;
        this.versions = versions;
        this.cases = cases;
        this.sandbox = sandbox;
        this.metrics = metrics;
    }

    public Ruleset active() { return active.get(); }

    public RulesetVersionStore versions() { return versions; }

    public java.nio.file.Path folder() { return active.folder(); }

    /** Keeps the ruleset the service started with as a version, so it can be rolled back to. */
    public void recordStartup() {
        synchronized (lock) {
            Ruleset r = active.get();
            versions.save(new RulesetVersion(r.version(), Instant.now(), "rules folder", "in the rules folder at start-up", r.files()));
            List<RulesetActivation> log = versions.activations();
            if (log.isEmpty() || !log.get(log.size() - 1).hash().equals(r.version())) {
                versions.recordActivation(new RulesetActivation(r.version(), log.isEmpty() ? null : log.get(log.size() - 1).hash(),
                        Instant.now(), "service", "rules folder", "in the rules folder at start-up", "startup", false, List.of()));
            }
            lastAttempt = new ReloadStatus.Attempt(Instant.now(), "startup", true, "activated", r.version(), null, List.of(), List.of());
        }
    }

    /** Whether going from one set of files to another changes rule code ({@link RuleCode#changes}): a rule author's change. */
    public static boolean changesRuleCode(Map<String, byte[]> from, Map<String, byte[]> to) { return RuleCode.changes(from, to); }

    /** Whether writing {@code changes} and removing {@code deletions} from the rules folder changes rule code. */
    public boolean changesRuleCode(Map<String, byte[]> changes, Collection<String> deletions) {
        SortedMap<String, byte[]> folder = RulesFolder.read(active.folder());
        return RuleCode.changes(folder, RulesFolder.overlay(folder, changes, deletions));
    }

    /** The rules folder's files with {@code changes} written over them and {@code deletions} removed. */
    public SortedMap<String, byte[]> candidate(Map<String, byte[]> changes, Collection<String> deletions) {
        return RulesFolder.overlay(RulesFolder.read(active.folder()), changes, deletions);
    }

    /** Whether a candidate compiles, found in a worker process. */
    public Validation validate(Map<String, byte[]> changes, Collection<String> deletions) {
        SortedMap<String, byte[]> files = candidate(changes, deletions);
        Ruleset current = active.get();
        if (RulesFolder.version(files).equals(current.version())) return new Validation(current.version(), List.of(), current.warnings());
        return tried("validate", files).validation();
    }

    /**
     * What a change's candidate does to a body of situations, against the active ruleset. The candidate's side
     * runs in a worker process; the active side, whose rules already run here, is evaluated meanwhile in the
     * service by activeSide (the batch evaluator, on every core). Refused (422) when the candidate does not
     * compile or fails in its worker.
     */
    public Impact impact(String change, SortedMap<String, byte[]> files, List<com.fasterxml.jackson.databind.JsonNode> situations,
                         List<String> labels, java.util.function.BiFunction<Ruleset, List<com.fasterxml.jackson.databind.JsonNode>,
                         List<winterroom.service.BatchItem>> activeSide) {
        long start = System.nanoTime();
        Ruleset current = active.get();
        List<winterroom.policy.CompileProblem> refused = RulesetCompiler.check(files);
        if (!refused.isEmpty()) throw new ChangeRejectedException("the change's candidate no longer compiles", refused, List.of());
        java.util.concurrent.CompletableFuture<CandidateReport> worker = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> sandbox.run(CandidateJob.impact(change, files, situations)), task -> {
                    Thread t = new Thread(task, "impact-worker-" + change);
                    t.setDaemon(true);
                    t.start();
                });
        List<Impact.Side> before = activeSide.apply(current, situations).stream().map(Impact.Side::of).toList();
        CandidateReport r;
        try {
            r = worker.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw e;
        }
        refuseIfItDoesNotRun(r, "the change's candidate no longer compiles");
        if (r.sides() == null || r.sides().size() != situations.size()) {
            throw new ChangeRejectedException("the candidate's worker did not answer for every situation", List.of(), List.of());
        }
        return Impact.compare(change, current.version(), r.version(), before, r.sides(), labels, (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * Compiles files in the service itself, or reuses the compilation of identical files: for versions that
     * were active once, and for a candidate that has passed its worker.
     */
    CompileResult compile(SortedMap<String, byte[]> files) {
        String hash = RulesFolder.version(files);
        Ruleset current = active.get();
        if (current.version().equals(hash)) return new CompileResult(current, List.of(), current.warnings());
        synchronized (compiled) {
            CompileResult c = compiled.get(hash);
            if (c != null) return c;
        }
        long start = System.nanoTime();
        CompileResult c = RulesetCompiler.compile(files);
        LOG.info("compiled candidate {} in {} ms ({})", hash, (System.nanoTime() - start) / 1_000_000, c.ok() ? "ok" : c.errors().size() + " error(s)");
        synchronized (compiled) { compiled.put(hash, c); }
        return c;
    }

    /** Runs every case under the active ruleset and under the candidate (in a worker process), and reports what differs. */
    public Preview preview(Map<String, byte[]> changes, Collection<String> deletions) {
        SortedMap<String, byte[]> files = candidate(changes, deletions);
        Ruleset current = active.get();
        if (RulesFolder.version(files).equals(current.version())) {
            // no change: only the active ruleset runs, which is the service's own
            return CandidateTrial.preview(current, new CompileResult(current, List.of(), current.warnings()), cases.cases());
        }
        CandidateReport r = tried("preview", files);
        if (r.failure() != null) refuseIfItDoesNotRun(r, null);
        if (!r.compiles()) return new Preview(false, current.version(), null, r.errors(), r.warnings(), null, null);
        return r.preview();
    }

    /** Which rules the scenarios and exercises exercise under the active ruleset. */
    public Coverage coverage() { return Coverage.of(active.get(), cases.cases()); }

    /** Writes {@code changes} into the rules folder and activates them, when they pass the checks. */
    public Activation change(Map<String, byte[]> changes, Collection<String> deletions, String actor, String author,
                             String note, boolean force, String how) {
        synchronized (lock) {
            return activate(candidate(changes, deletions), actor, author, note, force, how, true, null);
        }
    }

    /**
     * Activates a change set's candidate, but only while the active ruleset is still the one it was
     * proposed on (what was previewed and approved is what goes live). how is "change" (approved)
     * or "emergency".
     */
    public Activation changeSet(String changeId, String base, Map<String, byte[]> changes, Collection<String> deletions,
                                String actor, String author, String note, boolean force, String how) {
        synchronized (lock) {
            String now = active.get().version();
            if (!now.equals(base)) throw new StaleChangeException(changeId, base, now);
            return activate(candidate(changes, deletions), actor, author, note, force, how, true, changeId);
        }
    }

    /** Makes a kept version the active one again (its files replace the folder's). */
    public Optional<Activation> rollback(String hash, String actor, String author, String note, boolean force) {
        synchronized (lock) {
            Optional<RulesetVersion> v = versions.find(hash);
            if (v.isEmpty()) return Optional.empty();
            return Optional.of(activate(new java.util.TreeMap<>(v.get().files()), actor, author,
                    note == null ? "roll back to " + hash : note, force, "rollback", true, null));
        }
    }

    /**
     * Picks up what the rules folder holds now. how is "reload" (asked for: always tried) or "watch"
     * (the poller: a folder state already rejected is not tried again until it changes).
     */
    public ReloadStatus.Attempt reload(String how) {
        synchronized (lock) {
            SortedMap<String, byte[]> files;
            try {
                files = RulesFolder.read(active.folder());
            } catch (RuntimeException e) {
                return attempt(how, false, "rejected", null, "cannot read the rules folder: " + e.getMessage(), List.of(), List.of());
            }
            String hash = RulesFolder.version(files);
            if (hash.equals(active.get().version())) {
                lastRejectedFolder = null;
                // the watcher stays quiet unless the folder was put right after a rejected edit
                if (how.equals("watch") && (lastAttempt == null || lastAttempt.ok())) return lastAttempt;
                return attempt(how, true, "unchanged", hash, "the rules folder holds the active ruleset", List.of(), List.of());
            }
            if (how.equals("watch") && hash.equals(lastRejectedFolder)) return lastAttempt;
            try {
                activate(files, "rules folder", "rules folder", "edited in the rules folder", false, how, false, null);
                lastRejectedFolder = null;
            } catch (ChangeRejectedException e) {
                lastRejectedFolder = hash;
                LOG.warn("the edit in {} was not activated: {}; ruleset {} keeps serving", active.folder(), e.getMessage(), active.get().version());
            }
            return lastAttempt;
        }
    }

    public ReloadStatus status() {
        String folder;
        try {
            folder = RulesFolder.version(RulesFolder.read(active.folder()));
        } catch (RuntimeException e) {
            folder = null;
        }
        return new ReloadStatus(active.get().version(), folder, watcher != null, lastAttempt);
    }

    /** The compiled ruleset of a kept version (the active one, a recently used one, or compiled from the store). */
    public Optional<Ruleset> ruleset(String hash) {
        Ruleset current = active.get();
        if (current.version().equals(hash)) return Optional.of(current);
        Optional<RulesetVersion> v = versions.find(hash);
        if (v.isEmpty()) return Optional.empty();
        CompileResult c = compile(new java.util.TreeMap<>(v.get().files()));
        if (!c.ok()) throw new IllegalStateException("kept ruleset version " + hash + " no longer compiles: " + c.errors());
        return Optional.of(c.ruleset());
    }

    /** Polls the rules folder every {@code interval} and picks up edits through {@link #reload}. */
    public synchronized void watch(Duration interval) {
        if (watcher != null || interval.isZero() || interval.isNegative()) return;
        watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rules-folder-watcher");
            t.setDaemon(true);
            return t;
        });
        watcher.scheduleWithFixedDelay(() -> {
            try {
                reload("watch");
            } catch (RuntimeException e) {
                LOG.error("checking the rules folder failed", e);   // keep polling: the next edit may be fine
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("watching {} for edits every {} ms", active.folder().toAbsolutePath(), interval.toMillis());
    }

    /** Stops the folder watcher and the candidate worker kept warm, if any. */
    @Override
    public synchronized void close() {
        if (watcher != null) watcher.shutdownNow();
        watcher = null;
        sandbox.close();
    }

    /** Checks a candidate and, when it passes (or is forced past broken expectations), makes it the active ruleset. */
    private Activation activate(SortedMap<String, byte[]> files, String actor, String author, String note, boolean force,
                                String how, boolean writeFolder, String changeId) {
        Ruleset current = active.get();
        String hash = RulesFolder.version(files);
        if (hash.equals(current.version())) {
            attempt(how, true, "unchanged", hash, "the candidate is the active ruleset already", List.of(), List.of());
            return new Activation(hash, hash, true, false, List.of(), current.warnings());
        }
        CandidateReport tried = tried("check", files);
        if (!tried.compiles()) {
            List<winterroom.policy.CompileProblem> errors = tried.validation().errors();
            String message = tried.failure() != null ? tried.failure().message()
                    : "the candidate ruleset does not compile (" + errors.size() + " error(s))";
            attempt(how, false, "rejected", hash, message, errors, List.of());
            throw new ChangeRejectedException(message, errors, List.of());
        }
        List<String> broken = tried.broken() == null ? List.of() : tried.broken();
        LOG.info("candidate {} was tried in a worker: {} broken expectation(s)", hash, broken.size());
        if (!broken.isEmpty() && !force) {
            String message = "the candidate ruleset breaks " + broken.size() + " scenario expectation(s)"
                    + (how.equals("watch") || how.equals("reload") ? "" : "; add ?force=true to activate it anyway");
            attempt(how, false, "rejected", hash, message, List.of(), broken);
            throw new ChangeRejectedException(message, List.of(), broken);
        }
        CompileResult c = compile(files);
        if (!c.ok()) {
            // it compiled in its worker; this would mean the two disagree
            String message = "the candidate ruleset does not compile in the service (" + c.errors().size() + " error(s))";
            attempt(how, false, "rejected", hash, message, c.errors(), List.of());
            throw new ChangeRejectedException(message, c.errors(), List.of());
        }
        if (writeFolder) RulesFolder.replace(active.folder(), files);
        // the status says "activated" no later than the new ruleset answers, so nobody reads a stale attempt after the swap
        attempt(how, true, "activated", hash, broken.isEmpty() ? null : "activated although it breaks " + broken.size()
                + " scenario expectation(s) (forced)", List.of(), broken);
        active.activate(c.ruleset());
        synchronized (compiled) { compiled.put(current.version(), new CompileResult(current, List.of(), current.warnings())); }
        versions.save(new RulesetVersion(hash, Instant.now(), author, note, c.ruleset().files()));
        versions.recordActivation(new RulesetActivation(hash, current.version(), Instant.now(), actor, author, note, how,
                !broken.isEmpty(), broken, changeId));
        metrics.rulesetActive(hash);
        LOG.info("ruleset {} activated ({}, by {}{}), replacing {}", hash, how, author, broken.isEmpty() ? "" : ", forced", current.version());
        return new Activation(hash, current.version(), false, !broken.isEmpty(), broken, c.warnings());
    }

    private ReloadStatus.Attempt attempt(String how, boolean ok, String outcome, String version, String message,
                                         List<winterroom.policy.CompileProblem> errors, List<String> broken) {
        ReloadStatus.Attempt a = new ReloadStatus.Attempt(Instant.now(), how, ok, outcome, version, message, errors, broken);
        lastAttempt = a;
        if (!ok) metrics.reloadFailed();
        return a;
    }

    /**
     * The worker's report for a job on a candidate, or a recent one that answers it: a preview of the same
     * candidate on the same active ruleset and cases answers a check or a validation too. Failed tries are not kept.
     */
    private CandidateReport tried(String kind, SortedMap<String, byte[]> files) {
        Ruleset current = active.get();
        String candidate = RulesFolder.version(files) + "/" + sandbox.casesVersion();
        List<String> answering = switch (kind) {
            case "validate" -> List.of("validate", "check", "preview");
            case "check" -> List.of("check", "preview");
            default -> List.of(kind);
        };
        synchronized (reports) {
            for (String k : answering) {
                CandidateReport r = reports.get(k + "/" + candidate + (k.equals("preview") ? "/" + current.version() : ""));
                if (r != null) return r;
            }
        }
        // what the static check refuses is refused here: no worker is needed to find it, and none is started
        List<winterroom.policy.CompileProblem> refused = RulesetCompiler.check(files);
        if (!refused.isEmpty()) return new CandidateReport(null, refused, List.of(), null, null, null, null, null, null);
        CandidateReport r = sandbox.run(CandidateJob.of(kind, files, kind.equals("preview") ? current.files() : null));
        if (r.failure() == null) {
            synchronized (reports) { reports.put(kind + "/" + candidate + (kind.equals("preview") ? "/" + current.version() : ""), r); }
        }
        return r;
    }

    /** A candidate that failed in its worker, or (when doesNotCompile is given) does not compile, is refused with a 422. */
    private static void refuseIfItDoesNotRun(CandidateReport r, String doesNotCompile) {
        if (r.failure() != null) throw new ChangeRejectedException(r.failure().message(), List.of(r.failure()), List.of());
        if (doesNotCompile != null && !r.compiles()) throw new ChangeRejectedException(doesNotCompile, r.errors(), List.of());
    }
}
