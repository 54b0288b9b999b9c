package winterroom;

import winterroom.changes.CandidateSandbox;
import winterroom.audit.StorageConfig;
import winterroom.auth.OidcConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How the service is set up: command-line options win over environment variables, which win over
 * defaults. The firing and time limits stop a rule that loops (MAX_RULE_FIRINGS, EVALUATION_TIMEOUT_MS).
 * The scenarios folder (SCENARIOS_DIR) holds the example situations the web interface offers and
 * the cases a rules change is checked against. dataDir (DATA_DIR, default ./data; null keeps
 * history in memory only) keeps ruleset history; tokensFile (TOKENS_FILE) names the accepted
 * bearer tokens, none meaning local use only; rulesPoll (RULES_POLL_MS, 0 to turn off) is how
 * often the rules folder is checked for edits. storage is the audit trail's database: PostgreSQL
 * (or any JDBC database) when JDBC_URL is set, otherwise a file under dataDir: SQLite, or the H2 file
 * a data folder from before holds (StorageConfig#embedded). batchMaxBytes
 * (BATCH_MAX_BYTES, default 32 MiB) is the body limit of the batch evaluation route; single
 * evaluations keep 1 MiB. oidc is sign-in through an OpenID Connect provider, null when none (set
 * by the serve command's --oidc-* options, which fall back to OIDC_ISSUER, OIDC_AUDIENCE,
 * OIDC_ROLES_CLAIM and OIDC_ROLE_MAP); with neither it nor a tokens file the service is for local
 * use only. candidateLimits (CANDIDATE_TIME_LIMIT_MS, default 180 s; CANDIDATE_HEAP_MB, default 512) bound the
 * worker process a candidate ruleset is tried in; CANDIDATE_IDLE_MS (default 10 minutes, 0 for none) is how long
 * that worker is kept warm for its candidate after a job.
 */
public record ServiceConfig(int port, Path rulesDir, int maxFirings, Duration evaluationTimeout,
                            Path scenariosDir, Path dataDir, Path tokensFile, Duration rulesPoll, StorageConfig storage,
                            long batchMaxBytes, OidcConfig oidc, CandidateSandbox.Limits candidateLimits) {
    public static final long DEFAULT_BATCH_MAX_BYTES = 32L * 1024 * 1024;

    /** A service whose audit trail lives in memory only, for as long as the JVM runs (tests, one-off runs). */
    public ServiceConfig(int port, Path rulesDir, int maxFirings) {
        this(port, rulesDir, maxFirings, Duration.ofSeconds(10), Path.of("scenarios"));
    }

    public ServiceConfig(int port, Path rulesDir, int maxFirings, Duration evaluationTimeout) {
        this(port, rulesDir, maxFirings, evaluationTimeout, Path.of("scenarios"));
    }

    public ServiceConfig(int port, Path rulesDir, int maxFirings, Duration evaluationTimeout, Path scenariosDir) {
        this(port, rulesDir, maxFirings, evaluationTimeout, scenariosDir, null, null, Duration.ofSeconds(2),
                StorageConfig.inMemory(), DEFAULT_BATCH_MAX_BYTES, null, CandidateSandbox.Limits.DEFAULT);
    }

    public ServiceConfig(int port, Path rulesDir, int maxFirings, Duration evaluationTimeout, Path scenariosDir, Path dataDir,
                         Path tokensFile, Duration rulesPoll) {
        this(port, rulesDir, maxFirings, evaluationTimeout, scenariosDir, dataDir, tokensFile, rulesPoll,
                dataDir == null ? StorageConfig.inMemory() : StorageConfig.embedded(dataDir), DEFAULT_BATCH_MAX_BYTES, null, CandidateSandbox.Limits.DEFAULT);
    }

    public static ServiceConfig fromEnvironment() { return fromEnvironment(System.getenv()); }

    public static ServiceConfig fromEnvironment(Map<String, String> env) {
        String tokens = env.get("TOKENS_FILE");
        Path dataDir = Path.of(env.getOrDefault("DATA_DIR", "data"));
        String jdbcUrl = env.get("JDBC_URL");
        StorageConfig storage = jdbcUrl == null || jdbcUrl.isBlank() ? StorageConfig.embedded(dataDir)
                : new StorageConfig(jdbcUrl, env.getOrDefault("JDBC_USER", ""), env.getOrDefault("JDBC_PASSWORD", ""));
        return new ServiceConfig(
                (int) number(env, "PORT", 8080),
                Path.of(env.getOrDefault("RULES_DIR", "rules")),
                (int) number(env, "MAX_RULE_FIRINGS", 20000),
                Duration.ofMillis(number(env, "EVALUATION_TIMEOUT_MS", 10000)),
                Path.of(env.getOrDefault("SCENARIOS_DIR", "scenarios")),
                dataDir,
                tokens == null || tokens.isBlank() ? null : Path.of(tokens),
                Duration.ofMillis(number(env, "RULES_POLL_MS", 2000)),
                storage,
                number(env, "BATCH_MAX_BYTES", DEFAULT_BATCH_MAX_BYTES),
                null,
                new CandidateSandbox.Limits(Duration.ofMillis(number(env, "CANDIDATE_TIME_LIMIT_MS", CandidateSandbox.Limits.DEFAULT.time().toMillis())),
                        (int) number(env, "CANDIDATE_HEAP_MB", CandidateSandbox.Limits.DEFAULT.heapMegabytes()),
                        Duration.ofMillis(number(env, "CANDIDATE_IDLE_MS", CandidateSandbox.Limits.DEFAULT.idle().toMillis()))));
    }

    /** A whole, non-negative number from the environment, or a message that names the variable (no stack trace). */
    private static long number(Map<String, String> env, String name, long otherwise) {
        String v = env.get(name);
        if (v == null || v.isBlank()) return otherwise;
        try {
            long n = Long.parseLong(v.trim());
            if (n < 0 || n > Integer.MAX_VALUE && !name.equals("BATCH_MAX_BYTES")) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid value for environment variable " + name + ": '" + v + "' is not a whole number in range");
        }
    }

    public ServiceConfig withPort(Integer p) { return p == null ? this : new ServiceConfig(p, rulesDir, maxFirings, evaluationTimeout, scenariosDir, dataDir, tokensFile, rulesPoll, storage, batchMaxBytes, oidc, candidateLimits); }

    public ServiceConfig withRules(Path r) { return r == null ? this : new ServiceConfig(port, r, maxFirings, evaluationTimeout, scenariosDir, dataDir, tokensFile, rulesPoll, storage, batchMaxBytes, oidc, candidateLimits); }

    public ServiceConfig withScenarios(Path s) { return s == null ? this : new ServiceConfig(port, rulesDir, maxFirings, evaluationTimeout, s, dataDir, tokensFile, rulesPoll, storage, batchMaxBytes, oidc, candidateLimits); }

    /** Ruleset history under this folder, and the embedded audit database too unless JDBC_URL names PostgreSQL. */
    public ServiceConfig withDataDir(Path d) {
        if (d == null) return this;
        StorageConfig s = storage != null && storage.isPostgres() ? storage : StorageConfig.embedded(d);
        return new ServiceConfig(port, rulesDir, maxFirings, evaluationTimeout, scenariosDir, d, tokensFile, rulesPoll, s, batchMaxBytes, oidc, candidateLimits);
    }

    public ServiceConfig withTokens(Path t) { return t == null ? this : new ServiceConfig(port, rulesDir, maxFirings, evaluationTimeout, scenariosDir, dataDir, t, rulesPoll, storage, batchMaxBytes, oidc, candidateLimits); }

    public ServiceConfig withRulesPoll(Duration d) { return d == null ? this : new ServiceConfig(port, rulesDir, maxFirings, evaluationTimeout, scenariosDir, dataDir, tokensFile, d, storage, batchMaxBytes, oidc, candidateLimits); }

    public ServiceConfig withStorage(StorageConfig s) { return s == null ? this : new ServiceConfig(port, rulesDir, maxFirings, evaluationTimeout, scenariosDir, dataDir, tokensFile, rulesPoll, s, batchMaxBytes, oidc, candidateLimits); }

    /** Sign-in through this OpenID Connect provider (null leaves the configuration as it is). */
    public ServiceConfig withOidc(OidcConfig o) { return o == null ? this : new ServiceConfig(port, rulesDir, maxFirings, evaluationTimeout, scenariosDir, dataDir, tokensFile, rulesPoll, storage, batchMaxBytes, o, candidateLimits); }

    /** How long a candidate ruleset may take in its worker process, and the worker's heap. */
    public ServiceConfig withCandidateLimits(CandidateSandbox.Limits l) { return l == null ? this : new ServiceConfig(port, rulesDir, maxFirings, evaluationTimeout, scenariosDir, dataDir, tokensFile, rulesPoll, storage, batchMaxBytes, oidc, l); }

    /** Whether callers are the one local user: no tokens file and no OpenID Connect provider. */
    public boolean localMode() { return tokensFile == null && oidc == null; }

    public ServiceConfig withBatchMaxBytes(long b) { return new ServiceConfig(port, rulesDir, maxFirings, evaluationTimeout, scenariosDir, dataDir, tokensFile, rulesPoll, storage, b, oidc, candidateLimits); }
}
