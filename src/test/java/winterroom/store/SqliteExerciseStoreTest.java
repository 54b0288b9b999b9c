package winterroom.store;

import org.junit.jupiter.api.io.TempDir;
import winterroom.audit.StorageConfig;

import java.nio.file.Path;
import java.util.UUID;

/** Live exercises on the embedded default for a new data folder: an SQLite file. */
class SqliteExerciseStoreTest extends ExerciseStoreContract {
    @TempDir
    Path dataDir;

    @Override
    StorageConfig newDatabase() { return StorageConfig.embedded(dataDir.resolve(UUID.randomUUID().toString())); }
}
