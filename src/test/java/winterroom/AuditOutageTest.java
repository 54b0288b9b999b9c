package winterroom;

import org.junit.jupiter.api.Test;
import winterroom.audit.AuditLog;
import winterroom.audit.AuditRecord;
import winterroom.audit.ChainCheck;
import winterroom.audit.Database;
import winterroom.audit.GroupCommitAuditLog;
import winterroom.audit.JdbcAuditLog;
import winterroom.audit.NewRecord;
import winterroom.audit.Page;
import winterroom.audit.RecordKind;
import winterroom.audit.RecordQuery;
import winterroom.audit.StorageConfig;
import winterroom.audit.StoreUnavailableException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With PostgreSQL cut off behind a proxy, callers queued for the audit trail are all told at once that the store
 * is away, instead of each waiting out its own connection timeout in turn; once it is back, appends are kept.
 */
class AuditOutageTest {

    @Test
    void queuedAppendsFailTogetherWhileTheStoreIsAwayAndSucceedOnceItIsBack() throws Exception {
        StorageConfig pg = TestDatabases.newPostgresSchema();
        String schema = pg.jdbcUrl().substring(pg.jdbcUrl().indexOf('?'));
        ExecutorService callers = Executors.newFixedThreadPool(20);
        try (TcpProxy proxy = new TcpProxy(ServiceProcess.freePort(), 5432)) {
            proxy.up();
            StorageConfig viaProxy = new StorageConfig("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test" + schema, pg.user(), "");
            try (Database db = Database.open(viaProxy)) {
                CountingLog store = new CountingLog(new JdbcAuditLog(db));
                AuditLog log = new GroupCommitAuditLog(store);
                assertEquals(1, log.appendAll(List.of(record())).size());

                proxy.down();
                store.attempts.set(0);
                List<Future<?>> pending = new ArrayList<>();
                for (int i = 0; i < 20; i++) pending.add(callers.submit(() -> log.append(record())));
                for (Future<?> f : pending) {
                    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, f::get);
                    assertInstanceOf(StoreUnavailableException.class, e.getCause(), String.valueOf(e.getCause()));
                }
                // one caller alone, one after another, would have been twenty tries of a two-second timeout
                assertTrue(store.attempts.get() <= 4, "tries of the store for twenty queued callers: " + store.attempts.get());

                proxy.up();
                AuditRecord kept = null;
                for (int attempt = 0; attempt < 60 && kept == null; attempt++) {
                    try {
                        kept = log.append(record());
                    } catch (StoreUnavailableException stillAway) {
                        Thread.sleep(250);
                    }
                }
                assertTrue(kept != null, "the store came back, and an append was kept");
                assertTrue(log.find(kept.id()).isPresent());
                ChainCheck check = log.verify();
                assertTrue(check.ok(), check.toString());
            }
        } finally {
            callers.shutdownNow();
            TestDatabases.dropSchema(pg);
        }
    }

    private static NewRecord record() {
        return new NewRecord(UUID.randomUUID().toString(), RecordKind.EVALUATION, null, "tester", "v1",
                Instant.parse("2019-01-12T07:30:00Z"), List.of(), Map.of("asked", "situation"), Map.of("concluded", "ok"));
    }

    /** The real store, counting how often appends reach it. */
    private record CountingLog(AuditLog real, AtomicInteger attempts) implements AuditLog {
        CountingLog(AuditLog real) { this(real, new AtomicInteger()); }
        @Override public AuditRecord append(NewRecord r) { attempts.incrementAndGet(); return real.append(r); }
        @Override public List<AuditRecord> appendAll(List<NewRecord> rs) { attempts.incrementAndGet(); return real.appendAll(rs); }
        @Override public Optional<AuditRecord> find(String id) { return real.find(id); }
        @Override public Optional<AuditRecord> latest(RecordKind kind) { return real.latest(kind); }
        @Override public Page<AuditRecord> query(RecordQuery q) { return real.query(q); }
        @Override public void forEach(RecordQuery q, Consumer<AuditRecord> sink) { real.forEach(q, sink); }
        @Override public boolean reachable() { return real.reachable(); }
        @Override public ChainCheck verify() { return real.verify(); }
        @Override public String hashProblem(AuditRecord r) { return real.hashProblem(r); }
    }
}
