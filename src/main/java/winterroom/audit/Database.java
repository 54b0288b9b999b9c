package winterroom.audit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A pooled connection to the audit database, migrated to the current schema on first use. When the database
 * cannot be reached the pool keeps trying in the background: callers get a {@link StoreUnavailableException}
 * quickly, and the next call after the database returns succeeds without a restart.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final StorageConfig config;
    private final HikariDataSource pool;
    private volatile boolean migrated;
    private final java.util.concurrent.atomic.AtomicLong forces = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong compactions = new java.util.concurrent.atomic.AtomicLong();

    private Database(StorageConfig config, HikariDataSource pool) {
        this.config = config;
        this.pool = pool;
    }

    /** The service's audit database: it starts even while the database is away, and says so in the service's terms. */
    public static Database open(StorageConfig config) { return open(config, true); }

    /**
     * A command's (migrate-store): the same database, without the service's notes (a 503 until the database is
     * back, migrate-store to be run); a database that cannot be opened or migrated throws, for the command to say
     * in its own words what it found.
     */
    public static Database openForCommand(StorageConfig config) { return open(config, false); }

    private static Database open(StorageConfig config, boolean service) {
        if (config.isSqlite()) {
            try {
                java.nio.file.Files.createDirectories(config.sqlitePath().toAbsolutePath().getParent());
            } catch (java.io.IOException e) {
                throw new StoreUnavailableException("the folder of the audit database cannot be made: " + e.getMessage(), e);
            }
        } else if (config.isEmbeddedFile() && service) {
            LOG.info("the data folder holds an H2 audit file ({}) from before: it stays the audit store, with everything kept in it "
                    + "(a new data folder gets SQLite, {}; with the service stopped, 'migrate-store' moves this one to it)", StorageConfig.H2_FILE, StorageConfig.SQLITE_FILE);
        }
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(config.jdbcUrl());
        hc.setUsername(config.user());
        hc.setPassword(config.password());
        hc.setPoolName("audit");
        hc.setMaximumPoolSize(8);
        hc.setMinimumIdle(1);
        hc.setConnectionTimeout(2_000);          // a request waits at most this long for the database before a 503
        hc.setValidationTimeout(1_000);
        hc.setInitializationFailTimeout(-1);     // start even while the database is away
        // acknowledged means on disk: a server configured for asynchronous commit is overruled for our sessions
        if (config.isPostgres()) hc.setConnectionInitSql("set synchronous_commit to on");
        Database db = new Database(config, new HikariDataSource(hc));
        try {
            db.migrate();
        } catch (StoreUnavailableException e) {
            if (!service) {
                db.close();
                throw e;
            }
            LOG.warn("the audit database {} cannot be reached yet ({}); writes answer 503 until it can", config.describe(), e.getMessage());
        }
        return db;
    }

    public StorageConfig config() { return config; }

    /** The pool's own Micrometer metrics (connections active, idle, pending, wait and use times). */
    public void bindMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
        pool.setMetricRegistry(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("winterroom.audit.forces", forces, java.util.concurrent.atomic.AtomicLong::get)
                .description("commits of the audit trail forced to stable storage").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("winterroom.audit.compactions", compactions, java.util.concurrent.atomic.AtomicLong::get)
                .description("compactions of the embedded H2 file by the audit trail's writer").register(registry);
    }

    /** Whether this is SQLite, whose SQL differs in what {@link #forUpdate}, {@link #lockForWriting} and the time columns say. */
    public boolean sqlite() { return config.isSqlite(); }

    /**
     * Forces what was just committed onto stable storage. PostgreSQL's synchronous commit has already waited
     * for its WAL flush; SQLite with synchronous=FULL has synced its write-ahead log before the commit returned;
     * embedded H2 writes its file at commit but leaves it in the operating system's cache, where a power cut
     * loses it, so it is synced here (once per group commit, not once per record).
     */
    public void force(Connection c) throws SQLException {
        long n = forces.incrementAndGet();
        if (config.isEmbeddedFile()) {
            if (n % COMPACT_EVERY == 0) compact(c);
            try (var s = c.createStatement()) {
                s.execute("CHECKPOINT SYNC");
            }
        }
    }

    /** Embedded H2: how many forced commits between two compactions of its file (each takes a few milliseconds). */
    private static final int COMPACT_EVERY = 5;
    /** Chunks less full than this are rewritten; at most this many bytes of live pages move in one compaction. */
    private static final int COMPACT_FILL_PERCENT = 95;
    private static final int COMPACT_WRITE_BYTES = 4 << 20;

    /**
     * H2's store never overwrites a page: each commit writes again the leaves it touched into a new chunk, and a
     * chunk whose other pages are dead still holds the one page that is not (a record appended before), so without
     * compaction the file keeps about three times the bytes of its records. H2 compacts only from a background
     * writer, whose unsynced writes would break the guarantee below, so the audit trail's single writer compacts
     * here, under its lock, and the sync that follows puts the moved pages on disk before anything else is written.
     * Why the shorter retention (StorageConfig) is safe: every write to the file is this writer's, each is synced
     * before the next starts, so a chunk another write made dead is on disk as dead before its space is reused.
     */
    private void compact(Connection c) throws SQLException {
        var session = c.unwrap(org.h2.jdbc.JdbcConnection.class).getSession();
        if (session instanceof org.h2.engine.SessionLocal local) {
            local.getDatabase().getStore().getMvStore().compact(COMPACT_FILL_PERCENT, COMPACT_WRITE_BYTES);
            compactions.incrementAndGet();
        }
    }

    /** How many times the embedded file has been compacted since start. */
    public long compactions() { return compactions.get(); }

    /** How many commits have been forced to disk since start (one per group of appends). */
    public long forces() { return forces.get(); }

    /**
     * Takes the database's write lock at the start of a writing transaction, so that what it reads (the chain
     * head, an exercise's row) cannot be changed by another writer before it writes. PostgreSQL and H2 lock the
     * rows read with select ... for update instead, and here nothing is done. SQLite has one write lock for the
     * whole database and no FOR UPDATE: a transaction that read first and wrote second would fail if another
     * process wrote in between, so the first statement is a write (as BEGIN IMMEDIATE), which waits for the lock
     * up to busy_timeout.
     */
    public void lockForWriting(Connection c) throws SQLException {
        if (!sqlite()) return;
        try (var s = c.createStatement()) {
            s.executeUpdate("update audit_chain_head set seq = seq where id = 1");
        }
    }

    /** What a select that locks the rows it reads ends with: nothing on SQLite, locked by {@link #lockForWriting}. */
    public String forUpdate() { return sqlite() ? "" : " for update"; }

    /**
     * SQLite has no time type: a moment is kept as UTC text of fixed width to the nanosecond
     * (2019-01-12T07:30:00.000000000Z), so that comparing and ordering the text is comparing and ordering the
     * moments, and it reads back as the same instant. PostgreSQL and H2 keep timestamp with time zone.
     */
    private static final java.time.format.DateTimeFormatter SQLITE_TIME =
            java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(java.time.ZoneOffset.UTC);

    public void setTime(java.sql.PreparedStatement ps, int index, java.time.Instant t) throws SQLException {
        if (sqlite()) ps.setString(index, t == null ? null : SQLITE_TIME.format(t));
        else ps.setObject(index, t == null ? null : java.time.OffsetDateTime.ofInstant(t, java.time.ZoneOffset.UTC), java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
    }

    public java.time.Instant time(java.sql.ResultSet rs, int column) throws SQLException {
        if (sqlite()) {
            String t = rs.getString(column);
            return t == null ? null : java.time.Instant.parse(t);
        }
        java.time.OffsetDateTime t = rs.getObject(column, java.time.OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** A calendar date: ISO text (2026-01-10) on SQLite, whose driver would otherwise keep the local midnight's millis. */
    public void setDate(java.sql.PreparedStatement ps, int index, java.time.LocalDate d) throws SQLException {
        if (sqlite()) ps.setString(index, d == null ? null : d.toString());
        else ps.setDate(index, d == null ? null : java.sql.Date.valueOf(d));
    }

    public java.time.LocalDate date(java.sql.ResultSet rs, int column) throws SQLException {
        if (sqlite()) {
            String d = rs.getString(column);
            return d == null ? null : java.time.LocalDate.parse(d);
        }
        java.sql.Date d = rs.getDate(column);
        return d == null ? null : d.toLocalDate();
    }

    /** A connection from the pool, the schema migrated; the caller closes it. */
    public Connection connection() {
        migrate();
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /**
     * Whether the audit trail can be read now (for /ready): a real query on the chain head, because a
     * pooled connection can still look valid to the driver after the database behind it has closed.
     */
    public boolean reachable() {
        try (Connection c = connection();
             var ps = c.prepareStatement("select seq from audit_chain_head where id = 1")) {
            ps.setQueryTimeout(2);
            try (var rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (StoreUnavailableException | SQLException e) {
            return false;
        }
    }

    private void migrate() {
        if (migrated) return;
        synchronized (this) {
            if (migrated) return;
            try {
                // SQLite cannot change a column's type, so it has migrations of its own (db/sqlite), from the schema
                // the others reach at V19; PostgreSQL and H2 share db/migration
                var outcome = Flyway.configure().dataSource(pool).locations(sqlite() ? "classpath:db/sqlite" : "classpath:db/migration").load().migrate();
                LOG.info("audit database {} is at schema version {}", config.describe(),
                        outcome.targetSchemaVersion == null ? "current" : outcome.targetSchemaVersion);
                migrated = true;
            } catch (RuntimeException e) {
                throw new StoreUnavailableException("the audit database cannot be prepared: " + rootMessage(e), e);
            }
        }
    }

    /**
     * A failed statement as the caller should see it: a value the store cannot hold (SQL state class 22, a data
     * exception) is the request's fault, not an outage; anything else means the store cannot be used now.
     */
    public static RuntimeException unavailable(SQLException e) {
        String state = sqlState(e);
        if (state != null && state.startsWith("22")) {
            return new RecordRefusedException("a value in the request is too large or out of range for the audit trail", e);
        }
        return new StoreUnavailableException("the audit database cannot be reached: " + rootMessage(e), e);
    }

    /**
     * The statement's SQL state; SQLite's driver gives none, so its result code is put in the same terms: a CHECK
     * constraint (the column lengths of db/sqlite) or a value too big is 22001 (data too long), any other
     * constraint (unique, primary key, not null) 23000.
     */
    public static String sqlState(SQLException e) {
        if (e instanceof org.sqlite.SQLiteException x) {
            var code = x.getResultCode();
            if (code == org.sqlite.SQLiteErrorCode.SQLITE_CONSTRAINT_CHECK || code == org.sqlite.SQLiteErrorCode.SQLITE_TOOBIG) return "22001";
            if (code.name().startsWith("SQLITE_CONSTRAINT")) return "23000";
        }
        return e.getSQLState();
    }

    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    @Override
    public void close() { pool.close(); }
}
