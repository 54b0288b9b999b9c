package winterroom.audit;

import org.junit.jupiter.api.Test;
import winterroom.TestDatabases;

import java.net.ServerSocket;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The audit trail on PostgreSQL, each test in a schema of its own. */
class PostgresAuditLogTest extends AuditLogContract {
    @Override
    StorageConfig newDatabase() { return TestDatabases.newPostgresSchema(); }

    @Override
    void dropDatabase(StorageConfig c) { TestDatabases.dropSchema(c); }

    @Test
    void anUnreachableDatabaseFailsFastAsUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        StorageConfig nowhere = new StorageConfig("jdbc:postgresql://127.0.0.1:" + closedPort + "/test", "postgres", "");
        try (Database away = Database.open(nowhere)) {
            JdbcAuditLog unreachable = new JdbcAuditLog(away);
            long started = System.nanoTime();
            var e = assertThrows(StoreUnavailableException.class, () -> unreachable.append(evaluation("lost")));
            assertTrue(e.getMessage().contains("cannot"), e.getMessage());
            assertThrows(StoreUnavailableException.class, unreachable::verify);
            assertFalse(away.reachable());
            // not a timing assertion on the work, only that the caller is not left hanging indefinitely
            assertTrue(System.nanoTime() - started < 60_000_000_000L);
        }
    }
}
