package winterroom.audit;

import java.nio.file.Path;
import java.util.UUID;

/**
 * Which database keeps the audit trail: PostgreSQL (or any JDBC URL) when one is given, otherwise an embedded file
 * under the data folder that needs no set-up: SQLite ({@value #SQLITE_FILE}) for a new data folder, or the H2 file
 * ({@value #H2_FILE}) a data folder already holds from before, which stays in use so nothing kept there is left behind.
 */
public record StorageConfig(String jdbcUrl, String user, String password) {
    /** H2 in PostgreSQL mode, so the same migrations and SQL run on both; every commit reaches the file before it returns. */
    private static final String H2_SETTINGS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
            + ";WRITE_DELAY=0;LOCK_TIMEOUT=10000"
            // H2's own trace to SLF4J rather than to a .trace.db file left in the data folder (a refused lock wrote one)
            + ";TRACE_LEVEL_FILE=4";

    /**
     * How the embedded file is kept small (BENCHMARKS.md, "Audit storage"). Dead chunks may be reused 2 s after they
     * died rather than H2's 45 s, which assumes writes nobody syncs; here every write is synced before the next
     * (Database#force), so the shorter time only stops the file holding 45 seconds' worth of old page copies. Pages
     * of 1 KB rather than 4 KB (for a new file): each commit writes again a leaf of every index, and smaller leaves
     * mean fewer dead bytes. No compaction at close, which only moved pages to the end of the file.
     */
    private static final String H2_FILE_SETTINGS = ";RETENTION_TIME=2000;MAX_COMPACT_TIME=0;PAGE_SIZE=1024";

    /** The embedded file of a data folder that had no database before. */
    public static final String SQLITE_FILE = "winter-room.sqlite";
    /** The embedded file of a data folder made before SQLite was the default. */
    public static final String H2_FILE = "winter-room.mv.db";

    /**
     * SQLite in write-ahead-log mode with synchronous=FULL: a commit returns only once its WAL frames are synced
     * to disk, so an acknowledged record survives a power cut (Database#force has nothing left to do). Writers
     * wait up to 10 s for another's write lock (busy_timeout), as H2's LOCK_TIMEOUT. Pages stay at SQLite's
     * 4 KB: a record's overflow pages are then full, and larger pages keep more per record (BENCHMARKS.md,
     * "Audit storage"). The log is folded into the database (a checkpoint, which syncs the database before the
     * log is reused) once it holds 128 pages rather than SQLite's 1,000, and cut back to 1 MB if readers held
     * it longer: so the log beside the database stays about 0.5 MB rather than 4 MB.
     */
    private static final String SQLITE_SETTINGS = "?journal_mode=WAL&synchronous=FULL&busy_timeout=10000&foreign_keys=true"
            + "&wal_autocheckpoint=128&journal_size_limit=1048576";

    /** The data folder's embedded database: the H2 file if the folder holds one from before, otherwise SQLite. */
    public static StorageConfig embedded(Path dataDir) {
        return java.nio.file.Files.exists(folder(dataDir).resolve(H2_FILE)) ? h2File(dataDir) : sqliteFile(dataDir);
    }

    /** An SQLite file in the data folder (made, with the folder, on first use). */
    public static StorageConfig sqliteFile(Path dataDir) {
        return sqliteAt(folder(dataDir).resolve(SQLITE_FILE));
    }

    /** An SQLite file at {@code file}, set up as a data folder's is (StoreMigration writes its copy there first). */
    public static StorageConfig sqliteAt(Path file) {
        return new StorageConfig("jdbc:sqlite:" + file.toAbsolutePath().normalize() + SQLITE_SETTINGS, "", "");
    }

    /** An H2 file in the data folder, as every data folder had before SQLite. */
    public static StorageConfig h2File(Path dataDir) {
        return new StorageConfig("jdbc:h2:file:" + folder(dataDir).resolve("winter-room") + H2_SETTINGS + H2_FILE_SETTINGS, "sa", "");
    }

    private static Path folder(Path dataDir) { return dataDir.toAbsolutePath().normalize(); }

    /** A private in-process database that lives as long as the JVM: for tests and one-off runs. */
    public static StorageConfig inMemory() {
        return new StorageConfig("jdbc:h2:mem:wr-" + UUID.randomUUID() + H2_SETTINGS + ";DB_CLOSE_DELAY=-1", "sa", "");
    }

    public boolean isPostgres() { return jdbcUrl.startsWith("jdbc:postgresql:"); }

    /** The embedded H2 file, which needs an explicit sync to be durable. */
    public boolean isEmbeddedFile() { return jdbcUrl.startsWith("jdbc:h2:file:"); }

    /** SQLite, whose commit is durable by itself (synchronous=FULL) and whose SQL differs (Database#sqlite). */
    public boolean isSqlite() { return jdbcUrl.startsWith("jdbc:sqlite:"); }

    /** The SQLite file, for a data folder's database. */
    public Path sqlitePath() {
        String rest = jdbcUrl.substring("jdbc:sqlite:".length());
        int q = rest.indexOf('?');
        return Path.of(q < 0 ? rest : rest.substring(0, q));
    }

    /** The URL without anything that could be a secret, for logs and /health. */
    public String describe() {
        String url = jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
        int settings = isSqlite() ? url.indexOf('?') : url.indexOf(';');
        return settings < 0 ? url : url.substring(0, settings);
    }

    @Override
    public String toString() { return "StorageConfig[" + describe() + ", user=" + user + "]"; }
}
