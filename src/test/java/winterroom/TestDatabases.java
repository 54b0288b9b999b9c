package winterroom;

import winterroom.audit.StorageConfig;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/**
 * The real databases the tests use: the local PostgreSQL (127.0.0.1:5432, database test, user postgres, trust
 * authentication), with a schema of its own per test so parallel runs do not meet; H2 files in temp folders.
 */
public final class TestDatabases {
    public static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";
    public static final String PG_USER = "postgres";

    private TestDatabases() {}

    /** A fresh, empty schema; drop it with {@link #dropSchema}. */
    public static StorageConfig newPostgresSchema() {
        String schema = "wr_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute("create schema " + schema);
        return new StorageConfig(PG + "?currentSchema=" + schema, PG_USER, "");
    }

    public static void dropSchema(StorageConfig config) {
        if (config == null || !config.isPostgres()) return;
        String schema = config.jdbcUrl().substring(config.jdbcUrl().indexOf("currentSchema=") + "currentSchema=".length());
        execute("drop schema if exists " + schema + " cascade");
    }

    private static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(PG, PG_USER, ""); var st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + PG + " is needed by this test (.ci/run starts it): " + e.getMessage(), e);
        }
    }
}
