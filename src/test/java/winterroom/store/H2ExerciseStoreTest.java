package winterroom.store;

import org.junit.jupiter.api.io.TempDir;
import winterroom.audit.StorageConfig;

import java.nio.file.Path;
import java.util.UUID;

/** Live exercises on the H2 file a data folder from before keeps. */
class H2ExerciseStoreTest extends ExerciseStoreContract {
    @TempDir
    Path dataDir;

    @Override
    StorageConfig newDatabase() { return StorageConfig.h2File(dataDir.resolve(UUID.randomUUID().toString())); }
}
