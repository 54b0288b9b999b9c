package winterroom.audit;

import java.nio.file.Path;
import java.util.UUID;

/**
 * Which database keeps the audit trail: PostgreSQL (or any JDBC URL) when one is given, otherwise an embedded H2
 * file under the data folder that needs no set-up.
 */
public record StorageConfig(String jdbcUrl, String user, String password) {
    /** H2 in PostgreSQL mode, so the same migrations and SQL run on both; every commit reaches the file before it returns. */
    private static final String H2_SETTINGS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
            + ";WRITE_DELAY=0;LOCK_TIMEOUT=10000";

    /**
     * How the embedded file is kept small (BENCHMARKS.md, "Audit storage"). Dead chunks may be reused 2 s after they
     * died rather than H2's 45 s, which assumes writes nobody syncs; here every write is synced before the next
     * (Database#force), so the shorter time only stops the file holding 45 seconds' worth of old page copies. Pages
     * of 1 KB rather than 4 KB (for a new file): each commit writes again a leaf of every index, and smaller leaves
     * mean fewer dead bytes. No compaction at close, which only moved pages to the end of the file.
     */
    private static final String H2_FILE_SETTINGS = ";RETENTION_TIME=2000;MAX_COMPACT_TIME=0;PAGE_SIZE=1024";

    public static StorageConfig embedded(Path dataDir) {
        return new StorageConfig("jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("winter-room") + H2_SETTINGS + H2_FILE_SETTINGS, "sa", "");
    }

    /** A private in-process database that lives as long as the JVM: for tests and one-off runs. */
    public static StorageConfig inMemory() {
        return new StorageConfig("jdbc:h2:mem:wr-" + UUID.randomUUID() + H2_SETTINGS + ";DB_CLOSE_DELAY=-1", "sa", "");
    }

    public boolean isPostgres() { return jdbcUrl.startsWith("jdbc:postgresql:"); }

    /** The embedded H2 file, which needs an explicit sync to be durable. */
    public boolean isEmbeddedFile() { return jdbcUrl.startsWith("jdbc:h2:file:"); }

    /** The URL without anything that could be a secret, for logs and /health. */
    public String describe() {
        String url = jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
        int settings = url.indexOf(';');
        return settings < 0 ? url : url.substring(0, settings);
    }

    @Override
    public String toString() { return "StorageConfig[" + describe() + ", user=" + user + "]"; }
}
