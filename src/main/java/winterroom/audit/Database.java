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

    private Database(StorageConfig config, HikariDataSource pool) {
        this.config = config;
        this.pool = pool;
    }

    public static Database open(StorageConfig config) {
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
        Database db = new Database(config, new HikariDataSource(hc));
        try {
            db.migrate();
        } catch (StoreUnavailableException e) {
            LOG.warn("the audit database {} cannot be reached yet ({}); writes answer 503 until it can", config.describe(), e.getMessage());
        }
        return db;
    }

    public StorageConfig config() { return config; }

    /** The pool's own Micrometer metrics (connections active, idle, pending, wait and use times). */
    public void bindMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
        pool.setMetricRegistry(registry);
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

    /** Whether a connection can be had now (for /health). */
    public boolean reachable() {
        try (Connection c = connection()) {
            return c.isValid(1);
        } catch (StoreUnavailableException | SQLException e) {
            return false;
        }
    }

    private void migrate() {
        if (migrated) return;
        synchronized (this) {
            if (migrated) return;
            try {
                var outcome = Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
                LOG.info("audit database {} is at schema version {}", config.describe(),
                        outcome.targetSchemaVersion == null ? "current" : outcome.targetSchemaVersion);
                migrated = true;
            } catch (RuntimeException e) {
                throw new StoreUnavailableException("the audit database cannot be prepared: " + rootMessage(e), e);
            }
        }
    }

    public static StoreUnavailableException unavailable(SQLException e) {
        return new StoreUnavailableException("the audit database cannot be reached: " + rootMessage(e), e);
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    @Override
    public void close() { pool.close(); }
}
