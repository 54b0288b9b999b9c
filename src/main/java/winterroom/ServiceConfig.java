package winterroom;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How the service is set up: command-line options win over environment variables, which win over
 * defaults. The firing and time limits stop a rule that loops (MAX_RULE_FIRINGS, EVALUATION_TIMEOUT_MS).
 * The scenarios folder (SCENARIOS_DIR) holds the example situations the web interface offers.
 */
public record ServiceConfig(int port, Path rulesDir, int maxFirings, Duration evaluationTimeout, Path scenariosDir) {
    public ServiceConfig(int port, Path rulesDir, int maxFirings) {
        this(port, rulesDir, maxFirings, Duration.ofSeconds(10), Path.of("scenarios"));
    }

    public ServiceConfig(int port, Path rulesDir, int maxFirings, Duration evaluationTimeout) {
        this(port, rulesDir, maxFirings, evaluationTimeout, Path.of("scenarios"));
    }

    public static ServiceConfig fromEnvironment() { return fromEnvironment(System.getenv()); }

    public static ServiceConfig fromEnvironment(Map<String, String> env) {
        return new ServiceConfig(
                Integer.parseInt(env.getOrDefault("PORT", "8080")),
                Path.of(env.getOrDefault("RULES_DIR", "rules")),
                Integer.parseInt(env.getOrDefault("MAX_RULE_FIRINGS", "20000")),
                Duration.ofMillis(Long.parseLong(env.getOrDefault("EVALUATION_TIMEOUT_MS", "10000"))),
                Path.of(env.getOrDefault("SCENARIOS_DIR", "scenarios")));
    }

    public ServiceConfig withPort(Integer p) { return p == null ? this : new ServiceConfig(p, rulesDir, maxFirings, evaluationTimeout, scenariosDir); }

    public ServiceConfig withRules(Path r) { return r == null ? this : new ServiceConfig(port, r, maxFirings, evaluationTimeout, scenariosDir); }

    public ServiceConfig withScenarios(Path s) { return s == null ? this : new ServiceConfig(port, rulesDir, maxFirings, evaluationTimeout, s); }
}
