package winterroom.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import winterroom.ServiceConfig;
import winterroom.WinterRoom;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Starts the HTTP service and keeps it running. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Start the HTTP service.")
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", description = "HTTP port (env PORT, default 8080)")
    Integer port;

    @Option(names = "--rules", description = "rules folder (env RULES_DIR, default ./rules)")
    Path rules;

    @Option(names = "--tokens", description = "bearer tokens file, lines name,role,sha256 (env TOKENS_FILE; without one the service listens on 127.0.0.1 only)")
    Path tokens;

    @Option(names = "--data", description = "data folder for ruleset history and the embedded audit database (env DATA_DIR, default ./data; "
            + "the audit trail goes to PostgreSQL instead when JDBC_URL is set)")
    Path data;

    @Option(names = "--scenarios", description = "scenarios offered in the web interface and checked against rule changes (env SCENARIOS_DIR, default ./scenarios)")
    Path scenarios;

    @Override
    public Integer call() {
        ServiceConfig config = ServiceConfig.fromEnvironment().withPort(port).withRules(rules)
                .withTokens(tokens).withDataDir(data).withScenarios(scenarios);
        WinterRoom room = WinterRoom.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(room::stop, "shutdown"));
        return 0;
    }
}
