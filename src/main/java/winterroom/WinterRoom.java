package winterroom;

import io.javalin.Javalin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import winterroom.api.WebApp;
import winterroom.audit.AuditLog;
import winterroom.audit.AuditedRulesetVersionStore;
import winterroom.audit.Database;
import winterroom.audit.GroupCommitAuditLog;
import winterroom.audit.JdbcAuditLog;
import winterroom.auth.OidcVerifier;
import winterroom.auth.Tokens;
import winterroom.changes.ChangeSets;
import winterroom.changes.RuleChanges;
import winterroom.changes.CandidateSandbox;
import winterroom.changes.CaseSource;
import winterroom.engine.Evaluator;
import winterroom.metrics.ServiceMetrics;
import winterroom.policy.ActiveRuleset;
import winterroom.policy.Ruleset;
import winterroom.scenarios.ScenarioLibrary;
import winterroom.service.EvaluationService;
import winterroom.store.FileRulesetVersionStore;
import winterroom.store.InMemoryRulesetVersionStore;
import winterroom.store.RulesetVersionStore;
import winterroom.service.ExerciseService;
import winterroom.service.Warmup;
import winterroom.situation.SituationSchema;
import winterroom.store.JdbcExerciseStore;

import java.time.Duration;
import java.util.List;

/**
 * The assembled service: rules compiled from the folder, the audit trail, the evaluation service, rule changes,
 * and the HTTP layer over them.
 */
public final class WinterRoom {
    private static final Logger LOG = LoggerFactory.getLogger(WinterRoom.class);

    private final ServiceConfig config;
    private final Database database;
    private final AuditLog audit;
    private final EvaluationService evaluations;
    private final ExerciseService exercises;
    private final ServiceMetrics metrics;
    private final ScenarioLibrary scenarios;
    private final RuleChanges ruleChanges;
    private final Tokens tokens;
    private final OidcVerifier oidc;
    private final ChangeSets changeSets;
    private Javalin http;

    private WinterRoom(ServiceConfig config, Database database, AuditLog audit, EvaluationService evaluations, ExerciseService exercises,
                       ServiceMetrics metrics, ScenarioLibrary scenarios, RuleChanges ruleChanges, Tokens tokens, OidcVerifier oidc,
                       ChangeSets changeSets) {
        this.config = config;
        this.database = database;
        this.audit = audit;
        this.evaluations = evaluations;
        this.exercises = exercises;
        this.metrics = metrics;
        this.scenarios = scenarios;
        this.ruleChanges = ruleChanges;
        this.tokens = tokens;
        this.oidc = oidc;
        this.changeSets = changeSets;
    }

    /**
     * The audit trail, its chain keyed by a key held outside the database: in AUDIT_KEY_FILE, else beside the data
     * (instances sharing a database must share the key file). A database that lives only as long as the process
     * gets a key for as long too.
     */
    private static JdbcAuditLog auditLog(Database database, ServiceConfig config) {
        String file = System.getenv("AUDIT_KEY_FILE");
        if (file != null && !file.isBlank()) return new JdbcAuditLog(database, java.nio.file.Path.of(file));
        if (config.dataDir() != null) return new JdbcAuditLog(database, config.dataDir().resolve("audit-chain.key"));
        if (config.storage().jdbcUrl().startsWith("jdbc:h2:mem:")) return new JdbcAuditLog(database, () -> winterroom.audit.ChainKey.ephemeral(config.storage().jdbcUrl()));
        LOG.warn("no data folder and no AUDIT_KEY_FILE: the audit chain is hashed without a key, so someone who can write "
                + "the database could re-hash it undetected");
        return new JdbcAuditLog(database);
    }

    /** The value of work done on another thread, its own exception rethrown as it was. */
    private static <T> T joined(java.util.concurrent.CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }

    /** Wires the service without starting HTTP or the folder watcher (tests start them as they need). */
    public static WinterRoom create(ServiceConfig config) { return create(config, null); }

    /**
     * A throwaway copy of a service (the start-up rehearsal's, {@link Rehearsal}), over the ruleset the service
     * compiled. Its chain key is kept in its own data folder, never in AUDIT_KEY_FILE: beside that key the service
     * notes the last record it wrote, and the copy's records would overwrite the note.
     */
    static WinterRoom copy(ServiceConfig config, Ruleset compiled) { return create(config, java.util.Objects.requireNonNull(compiled)); }

    /** As {@link #create(ServiceConfig)}; a copy ({@link #copy}) when {@code compiled} is not null. */
    private static WinterRoom create(ServiceConfig config, Ruleset compiled) {
        Tokens tokens = config.tokensFile() == null ? null : Tokens.read(config.tokensFile());
        OidcVerifier oidc = config.oidc() == null ? null : OidcVerifier.start(config.oidc());
        // the situation's shape (compiled from openapi.json now rather than on the first request) and the database
        // do not depend on the rules: they are made ready on other threads while the rules compile
        var schema = java.util.concurrent.CompletableFuture.runAsync(SituationSchema::bundled);
        var opening = java.util.concurrent.CompletableFuture.supplyAsync(() -> Database.open(config.storage()));
        ActiveRuleset rules;
        try {
            rules = compiled != null ? ActiveRuleset.of(config.rulesDir(), compiled) : ActiveRuleset.load(config.rulesDir());
        } catch (RuntimeException e) {
            opening.thenAccept(Database::close);
            throw e;
        }
        if (compiled == null) LOG.info("compiled {} rules from {} (ruleset {})", rules.get().rules().size(), config.rulesDir().toAbsolutePath(), rules.get().version());
        joined(schema);
        ServiceMetrics metrics = new ServiceMetrics();
        metrics.rulesetActive(rules.get().version());
        Database database = joined(opening);
        database.bindMetrics(metrics.registry());
        JdbcAuditLog jdbc = compiled != null ? new JdbcAuditLog(database, config.dataDir().resolve("audit-chain.key")) : auditLog(database, config);
        AuditLog audit = new GroupCommitAuditLog(jdbc);
        Evaluator evaluator = new Evaluator(Json.mapper(), config.maxFirings(), config.evaluationTimeout());
        EvaluationService evaluations = new EvaluationService(rules, evaluator, audit, metrics);
        RulesetVersionStore history = config.dataDir() == null ? new InMemoryRulesetVersionStore() : new FileRulesetVersionStore(config.dataDir());
        RuleChanges changes = new RuleChanges(rules, new AuditedRulesetVersionStore(history, audit, metrics::storeError),
                CaseSource.bundled(config.scenariosDir(), evaluator),
                new CandidateSandbox(config.scenariosDir(), config.maxFirings(), config.evaluationTimeout(), config.candidateLimits()),
                metrics);
        changes.recordStartup();
        ExerciseService exercises = new ExerciseService(rules, evaluator, new JdbcExerciseStore(database, jdbc), changes::ruleset);
        ChangeSets changeSets = new ChangeSets(changes, audit, metrics::storeError, config.dataDir(), !config.localMode(),
                new winterroom.changes.ScenarioExpectations(config.scenariosDir(), evaluator));
        return new WinterRoom(config, database, audit, evaluations, exercises, metrics, new ScenarioLibrary(config.scenariosDir()), changes, tokens,
                oidc, changeSets);
    }

    /**
     * Starts HTTP and the folder watcher. Without a tokens file or an OpenID Connect issuer every
     * caller is the local rule author, so the service then listens on 127.0.0.1 only.
     */
    public static WinterRoom start(ServiceConfig config) { return start(config, 0); }

    /** The longest the warm-up may hold back readiness, however busy the machine (it usually stops sooner: {@link Warmup}). */
    static final Duration WARM_UP_BUDGET = Duration.ofSeconds(60);

    /** As {@link #start(ServiceConfig)}, after warming the engine with up to this many unrecorded evaluations. */
    public static WinterRoom start(ServiceConfig config, int warmUpEvaluations) {
        WinterRoom room = create(config);
        if (warmUpEvaluations > 0 && room.evaluations.ruleset() != null) {
            long began = System.nanoTime();
            try (Rehearsal rehearsal = Rehearsal.start(config, room.evaluations.ruleset())) {
                int ran = Warmup.run(room.scenarios, rehearsal::post, warmUpEvaluations, WARM_UP_BUDGET);
                LOG.info("warmed up with {} rehearsal(s) of the bundled scenarios in {} ms, on a throwaway copy of the service "
                        + "(none recorded in this one's audit trail)", ran, (System.nanoTime() - began) / 1_000_000);
            } catch (RuntimeException e) {
                LOG.warn("the warm-up could not run, so the first requests will be slower: {}", e.toString());
            }
        }
        room.http = room.newWebApp();
        if (config.localMode()) {
            LOG.warn("no tokens file (--tokens or TOKENS_FILE) and no OIDC issuer (--oidc-issuer or OIDC_ISSUER): "
                    + "every caller is the local RULE_AUTHOR, so the service listens on 127.0.0.1 only");
            room.http.start("127.0.0.1", config.port());
        } else {
            if (room.tokens != null) LOG.info("{} bearer token(s) from {}", room.tokens.size(), config.tokensFile().toAbsolutePath());
            if (room.oidc != null) LOG.info("bearer JWTs from the OIDC issuer {} for the audience {}", config.oidc().issuer(), config.oidc().audience());
            LOG.info("listening on every interface");
            room.http.start(config.port());
        }
        room.ruleChanges.watch(config.rulesPoll());
        LOG.info("Winter Room is serving on http://localhost:{}/ (audit trail in {})", room.http.port(), config.storage().describe());
        return room;
    }

    /** A new HTTP app over this service's state (each test server needs its own). */
    public Javalin newWebApp() { return WebApp.create(this); }

    public EvaluationService evaluations() { return evaluations; }

    public ServiceMetrics metrics() { return metrics; }

    public ScenarioLibrary scenarios() { return scenarios; }

    public RuleChanges ruleChanges() { return ruleChanges; }

    /** Change sets with four-eyes approval, over the rule changes. */
    public ChangeSets changeSets() { return changeSets; }

    /** The audit trail every capability records its evidence in. */
    public AuditLog audit() { return audit; }

    public Database database() { return database; }

    /** The accepted tokens, or null when the service has no tokens file. */
    public Tokens tokens() { return tokens; }

    /** The OpenID Connect sign-in, or null when no issuer is configured. */
    public OidcVerifier oidc() { return oidc; }

    /** Whether every caller is the one local user: no tokens file and no OpenID Connect issuer. */
    public boolean localMode() { return tokens == null && oidc == null; }

    public ServiceConfig config() { return config; }

    /** The running HTTP server, once {@link #start} has started it. */
    public Javalin http() { return http; }

    public ExerciseService exercises() { return exercises; }

    public void stop() {
        ruleChanges.close();
        if (http != null) http.stop();
        exercises.close();
        if (audit instanceof GroupCommitAuditLog writer) writer.close();
        database.close();
    }
}
