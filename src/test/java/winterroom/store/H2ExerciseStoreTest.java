package winterroom.store;

import org.junit.jupiter.api.io.TempDir;
import winterroom.audit.StorageConfig;

import java.nio.file.Path;
import java.util.UUID;

/** Live exercises on the embedded default: an H2 file. */
class H2ExerciseStoreTest extends ExerciseStoreContract {
    @TempDir
    Path dataDir;

    @Override
    StorageConfig newDatabase() { return StorageConfig.embedded(dataDir.resolve(UUID.randomUUID().toString())); }
}
