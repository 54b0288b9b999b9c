package winterroom.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import winterroom.audit.StoreMigration;
import winterroom.audit.StoreUnavailableException;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Moves a data folder's audit store from its H2 file to SQLite, every record as it was (StoreMigration). */
@Command(name = "migrate-store", mixinStandardHelpOptions = true,
        description = "Move a data folder's audit trail and exercises from its H2 file (winter-room.mv.db, kept by versions before SQLite) "
                + "to SQLite, every record copied as it stands and the chain checked on the copy; the H2 file is renamed, not deleted. "
                + "Stop the service first.")
public final class MigrateStoreCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR", description = "the data folder (env DATA_DIR, default ./data)")
    Path data;

    @Option(names = "--key", paramLabel = "FILE", description = "the audit chain's key file (env AUDIT_KEY_FILE, default DIR/audit-chain.key)")
    Path key;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path folder = data != null ? data : Path.of(System.getenv().getOrDefault("DATA_DIR", "data"));
        String keyEnv = System.getenv("AUDIT_KEY_FILE");
        Path keyFile = key != null ? key : keyEnv != null && !keyEnv.isBlank() ? Path.of(keyEnv) : folder.resolve("audit-chain.key");
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        try {
            StoreMigration.Outcome moved = StoreMigration.run(folder, keyFile, "migrate-store (" + System.getProperty("user.name", "unknown") + ")");
            out.println("moved " + moved.rows() + " rows to " + folder.resolve(winterroom.audit.StorageConfig.SQLITE_FILE));
            out.println("chain checked on the H2 file and on the copy: " + (moved.copy().ok() ? "ok" : "broken, as before: " + moved.copy().firstBroken())
                    + ", " + moved.copy().records() + " records, head " + moved.copy().head());
            out.println("the H2 file is now " + moved.setAside() + "; the move is record " + moved.recorded().seq() + " (STORE_MIGRATED)");
            out.flush();
            return 0;
        } catch (StoreMigration.Refused | StoreUnavailableException e) {
            err.println("migrate-store: " + e.getMessage());
            err.flush();
            return 2;
        }
    }
}
