package winterroom.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.*;

/** The audit trail on the embedded default for a new data folder: an SQLite file. */
class SqliteAuditLogTest extends AuditLogContract {
    @TempDir
    Path dataDir;

    @Override
    StorageConfig newDatabase() { return StorageConfig.embedded(dataDir.resolve(UUID.randomUUID().toString())); }

    @Test
    void aNewDataFolderGetsSqliteInWalModeDurablePerCommit() throws Exception {
        assertTrue(config.isSqlite(), config.toString());
        log.append(evaluation("kept", "org:LTHT"));
        assertTrue(Files.exists(config.sqlitePath()), "the file is in the data folder: " + config.sqlitePath());
        assertEquals(StorageConfig.SQLITE_FILE, config.sqlitePath().getFileName().toString());
        try (Connection c = db.connection(); var st = c.createStatement()) {
            try (var rs = st.executeQuery("pragma journal_mode")) { rs.next(); assertEquals("wal", rs.getString(1)); }
            try (var rs = st.executeQuery("pragma synchronous")) { rs.next(); assertEquals(2, rs.getInt(1), "FULL: the WAL is synced at every commit"); }
            try (var rs = st.executeQuery("pragma busy_timeout")) { rs.next(); assertTrue(rs.getInt(1) >= 1000); }
        }
        assertFalse(config.describe().contains("?"), "the settings stay out of logs: " + config.describe());
    }

    /** A data folder that already holds the H2 file keeps using it, so nothing kept there is left behind. */
    @Test
    void aDataFolderWithAnH2FileKeepsIt() {
        Path folder = dataDir.resolve("from-before");
        StorageConfig h2 = StorageConfig.h2File(folder);
        AuditRecord before;
        try (Database old = Database.open(h2)) {
            before = new JdbcAuditLog(old).append(evaluation("kept on H2"));
        }
        assertTrue(Files.exists(folder.resolve(StorageConfig.H2_FILE)));
        StorageConfig chosen = StorageConfig.embedded(folder);
        assertTrue(chosen.isEmbeddedFile() && !chosen.isSqlite(), chosen.toString());
        try (Database again = Database.open(chosen)) {
            JdbcAuditLog trail = new JdbcAuditLog(again);
            assertEquals(before, trail.find(before.id()).orElseThrow());
            assertTrue(trail.verify().ok());
        }
        assertFalse(Files.exists(folder.resolve(StorageConfig.SQLITE_FILE)));
    }

    /** Moments are kept as fixed-width UTC text: they read back as they were, before 1970 and far ahead, and order as moments. */
    @Test
    void momentsReadBackExactlyAndFilterInOrder() {
        List<java.time.Instant> moments = List.of(java.time.Instant.parse("1969-07-20T20:17:40Z"), java.time.Instant.parse("2019-01-12T07:30:00.123Z"),
                java.time.Instant.parse("2019-01-12T07:30:00Z"), java.time.Instant.parse("2019-01-12T07:30:00.5Z"), java.time.Instant.parse("2999-12-31T23:59:59.999Z"));
        List<AuditRecord> kept = new ArrayList<>();
        for (var t : moments) kept.add(log.append(record(RecordKind.EVALUATION, null, t, List.of(), t.toString())));
        for (int i = 0; i < moments.size(); i++) {
            assertEquals(moments.get(i), kept.get(i).asOf());
            assertEquals(kept.get(i), log.find(kept.get(i).id()).orElseThrow());
        }
        var between = new RecordQuery(java.util.Set.of(), null, null, null,
                java.time.Instant.parse("2019-01-12T07:30:00Z"), java.time.Instant.parse("2019-01-12T07:30:00.5Z"), List.of(), null, 50);
        assertEquals(List.of("2019-01-12T07:30:00.123Z", "2019-01-12T07:30:00Z"),
                log.query(between).items().stream().map(r -> r.resultNode().get("concluded").asText()).toList());
        assertTrue(log.verify().ok());
    }
}
