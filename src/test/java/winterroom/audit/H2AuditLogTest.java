package winterroom.audit;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.UUID;

/** The audit trail on the embedded default: an H2 file. */
class H2AuditLogTest extends AuditLogContract {
    @TempDir
    Path dataDir;

    @Override
    StorageConfig newDatabase() { return StorageConfig.embedded(dataDir.resolve(UUID.randomUUID().toString())); }
}
