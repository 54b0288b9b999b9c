package winterroom.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import winterroom.ServiceConfig;
import winterroom.WinterRoom;
import winterroom.auth.OidcConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Starts the HTTP service and keeps it running. Every option falls back to its environment
 * variable through picocli's own defaults, so a bad value gets the same message whichever way it
 * was given (PORT=abc and --port abc alike). Sign-in is by a tokens file, an OpenID Connect
 * provider (--oidc-issuer and --oidc-audience), or both; with neither the service is for local use. The audit database (JDBC_URL, JDBC_USER,
 * JDBC_PASSWORD) is read from the environment only, so a password never sits in a command line.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        description = "Start the HTTP service.")
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "${env:PORT:-8080}", description = "HTTP port (env PORT, default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--rules", defaultValue = "${env:RULES_DIR:-rules}", description = "rules folder (env RULES_DIR, default ${DEFAULT-VALUE})")
    Path rules;

    @Option(names = "--tokens", defaultValue = "${env:TOKENS_FILE}", description = "bearer tokens file, lines name,role,sha256 (env TOKENS_FILE; without one, nor an OIDC issuer, the service listens on 127.0.0.1 only)")
    Path tokens;

    @Option(names = "--oidc-issuer", defaultValue = "${env:OIDC_ISSUER}", description = "accept bearer JWTs from this OpenID Connect issuer, "
            + "e.g. https://login.microsoftonline.com/<tenant>/v2.0 (env OIDC_ISSUER; keys from its discovery document)")
    String oidcIssuer;

    @Option(names = "--oidc-audience", defaultValue = "${env:OIDC_AUDIENCE}", description = "the audience (aud) a JWT must name: this service's "
            + "application id or URI (env OIDC_AUDIENCE; required with an issuer)")
    String oidcAudience;

    @Option(names = "--oidc-roles-claim", defaultValue = "${env:OIDC_ROLES_CLAIM:-roles}", description = "the claim holding the caller's roles, "
            + "a dotted path such as realm_access.roles reaching into an object (env OIDC_ROLES_CLAIM, default ${DEFAULT-VALUE})")
    String oidcRolesClaim;

    @Option(names = "--oidc-role-map", defaultValue = "${env:OIDC_ROLE_MAP}", description = "claim values to roles, e.g. "
            + "WinterRoom.Viewer=VIEWER,WinterRoom.Assessor=ASSESSOR (env OIDC_ROLE_MAP; default: the role names themselves)")
    String oidcRoleMap;

    @Option(names = "--data", defaultValue = "${env:DATA_DIR:-data}", description = "data folder for ruleset history and the embedded audit database (env DATA_DIR, default ${DEFAULT-VALUE}; "
            + "the audit trail goes to PostgreSQL instead when JDBC_URL is set)")
    Path data;

    @Option(names = "--scenarios", defaultValue = "${env:SCENARIOS_DIR:-scenarios}", description = "scenarios offered in the web interface and checked against rule changes (env SCENARIOS_DIR, default ${DEFAULT-VALUE})")
    Path scenarios;

    @Option(names = "--rules-poll-ms", defaultValue = "${env:RULES_POLL_MS:-2000}", description = "how often the rules folder is checked for edits, 0 for never (env RULES_POLL_MS, default ${DEFAULT-VALUE})")
    long rulesPollMs;

    @Option(names = "--batch-max-bytes", defaultValue = "${env:BATCH_MAX_BYTES:-33554432}", description = "body limit of the batch route (env BATCH_MAX_BYTES, default ${DEFAULT-VALUE})")
    long batchMaxBytes;

    @Option(names = "--warm-up-evaluations", defaultValue = "${env:WARM_UP_EVALUATIONS:-20000}", description = "at most this many unrecorded rehearsals of the bundled scenarios run before listening, stopping sooner once the JIT has settled (or after 60 s), so the first minute of load is not a cold one; 0 for none (env WARM_UP_EVALUATIONS, default ${DEFAULT-VALUE})")
    int warmUpEvaluations;

    @Override
    public Integer call() {
        if (port < 0 || port > 65535) throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                "Invalid value for option '--port': " + port + " is not a port number (0-65535)");
        ServiceConfig config = ServiceConfig.fromEnvironment().withPort(port).withRules(rules)
                .withTokens(tokens).withDataDir(data).withScenarios(scenarios)
                .withRulesPoll(Duration.ofMillis(rulesPollMs)).withBatchMaxBytes(batchMaxBytes)
                .withOidc(OidcConfig.of(oidcIssuer, oidcAudience, oidcRolesClaim, oidcRoleMap));
        WinterRoom room = WinterRoom.start(config, warmUpEvaluations);
        Runtime.getRuntime().addShutdownHook(new Thread(room::stop, "shutdown"));
        return 0;
    }
}
