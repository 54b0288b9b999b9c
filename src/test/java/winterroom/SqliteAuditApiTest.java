package winterroom;

import winterroom.audit.StorageConfig;

import java.nio.file.Path;
import java.util.UUID;

/**
 * The audit trail's HTTP API (finding evaluations by tag and time, pages, export, verify from a checkpoint,
 * re-runs, activations) on the embedded default for a new data folder: an SQLite file.
 */
class SqliteAuditApiTest extends AuditApiTest {
    @Override
    ServiceConfig config(Path rules) {
        ServiceConfig c = super.config(rules).withDataDir(temp.resolve("data-" + UUID.randomUUID()));
        if (!c.storage().isSqlite()) throw new IllegalStateException("a new data folder is kept in SQLite: " + c.storage());
        return c;
    }

    @Override
    StorageConfig sharedStore() { return StorageConfig.sqliteFile(temp.resolve("shared-" + UUID.randomUUID())); }
}
