package winterroom.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.*;

class H2AuditLogTest extends AuditLogContract {
    @TempDir
    Path dataDir;

    @Override
    StorageConfig newDatabase() { return StorageConfig.h2File(dataDir.resolve(UUID.randomUUID().toString())); }

    /** The writer compacts the file as it goes (Database#force); what it moves must read back whole, after a reopen too. */
    @Test
    void theWriterCompactsTheFileAndEveryRecordStillReads() {
        List<AuditRecord> kept = new ArrayList<>();
        for (int i = 0; i < 60; i++) kept.add(log.append(evaluation("compacted " + i, "org:LTHT")));
        assertTrue(db.compactions() >= 10, "one compaction every few forced commits: " + db.compactions() + " in " + db.forces());
        assertTrue(log.verify().ok());
        db.close();
        db = Database.open(config);
        log = new JdbcAuditLog(db);
        for (AuditRecord r : kept) assertEquals(r, log.find(r.id()).orElseThrow());
        assertTrue(log.verify().ok());
    }
}
