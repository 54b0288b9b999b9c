package winterroom.store;

import winterroom.TestDatabases;
import winterroom.audit.StorageConfig;

/** Live exercises on PostgreSQL, each test in a schema of its own. */
class PostgresExerciseStoreTest extends ExerciseStoreContract {
    @Override
    StorageConfig newDatabase() { return TestDatabases.newPostgresSchema(); }

    @Override
    void dropDatabase(StorageConfig c) { TestDatabases.dropSchema(c); }
}
