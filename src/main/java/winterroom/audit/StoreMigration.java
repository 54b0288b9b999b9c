package winterroom.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import winterroom.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Moves a data folder's embedded store from the H2 file every data folder had before SQLite ({@value StorageConfig#H2_FILE},
 * 20-25 KB a Leeds evaluation) to SQLite ({@value StorageConfig#SQLITE_FILE}, about 14 KB). Every row of every table
 * is copied as it stands: each record keeps its position, its stored bytes and its hashes, so nothing is hashed
 * again and the chain checks on the copy exactly as it did on the original. Only then is the copy put in place and
 * the H2 file set aside (renamed, never deleted), and the move is recorded in the trail as a STORE_MIGRATED record.
 *
 * <p>Run it with the service stopped: H2 keeps its file locked while a service has it open, and the move is refused.
 */
public final class StoreMigration {
    /** The schema's tables (V19, the same on both), each with the column its rows are read in order of. */
    private static final Map<String, String> TABLES = new LinkedHashMap<>();
    static {
        TABLES.put("audit_record", "seq");
        TABLES.put("audit_chain_head", "id");
        TABLES.put("live_exercise", "id");
        TABLES.put("exercise_move", "exercise_id, seq");
        TABLES.put("exercise_participant", "id");
        TABLES.put("exercise_lesson", "id");
    }
    private static final int BATCH = 500;
    /** What the H2 file is renamed to once the copy is in place. */
    public static final String SET_ASIDE_SUFFIX = ".migrated";

    /** Why a data folder cannot be moved (nothing to move, already moved, the service running, a copy that differs). */
    public static final class Refused extends RuntimeException {
        Refused(String message) { super(message); }
    }

    /**
     * What was moved: rows by table, the chain as checked on the original and on the copy (the same), where the H2
     * file now is, and the STORE_MIGRATED record that notes the move.
     */
    public record Outcome(Map<String, Long> rows, ChainCheck original, ChainCheck copy, Path setAside, AuditRecord recorded) {}

    private StoreMigration() {}

    /**
     * Moves {@code dataDir}'s H2 store to SQLite; the chain is checked with the key in {@code keyFile} (the data
     * folder's audit-chain.key, or the service's AUDIT_KEY_FILE). {@code actor} is who ran it, for the record.
     */
    public static Outcome run(Path dataDir, Path keyFile, String actor) {
        Path folder = dataDir.toAbsolutePath().normalize();
        Path h2 = folder.resolve(StorageConfig.H2_FILE), sqlite = folder.resolve(StorageConfig.SQLITE_FILE);
        if (!Files.exists(h2)) throw new Refused("the data folder " + folder + " holds no H2 file (" + StorageConfig.H2_FILE + "): nothing to move");
        if (Files.exists(sqlite)) {
            throw new Refused("the data folder " + folder + " already holds " + StorageConfig.SQLITE_FILE + " beside " + StorageConfig.H2_FILE
                    + ": it is not moved over what is there (if an earlier move stopped before setting the H2 file aside, rename "
                    + StorageConfig.H2_FILE + " to " + StorageConfig.H2_FILE + SET_ASIDE_SUFFIX + " by hand)");
        }
        Path partial = folder.resolve(StorageConfig.SQLITE_FILE + ".partial");
        removePartial(partial);

        Map<String, Long> rows;
        ChainCheck original, copy;
        try (Database from = open(StorageConfig.h2File(folder)); Database to = open(StorageConfig.sqliteAt(partial))) {
            original = new JdbcAuditLog(from, keyFile).verify();
            rows = copyTables(from, to);
            copy = new JdbcAuditLog(to, keyFile).verify();
            Map<String, Long> copied = counts(to);
            if (!copied.equals(rows)) throw new Refused("the copy holds " + copied + " rows where the H2 file holds " + rows + ": nothing was moved");
            if (!copy.equals(original)) {
                throw new Refused("the chain checks differently on the copy (" + copy + ") than on the H2 file (" + original + "): nothing was moved");
            }
            checkpoint(to);
        } catch (SQLException e) {
            removePartial(partial);
            throw Database.unavailable(e);
        } catch (RuntimeException e) {
            removePartial(partial);
            throw e;
        }
        Path setAside = folder.resolve(StorageConfig.H2_FILE + SET_ASIDE_SUFFIX);
        try {
            // the copy first: a stop between the two renames leaves both files, and the H2 one still in use
            Files.move(partial, sqlite, StandardCopyOption.ATOMIC_MOVE);
            Files.move(h2, setAside, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("the copy could not be put in place of the H2 file", e);
        }
        removePartial(partial);   // an empty log or index the closed copy may have left under its old name
        try (Database moved = open(StorageConfig.sqliteFile(folder))) {
            ObjectNode input = Json.mapper().createObjectNode().put("from", StorageConfig.H2_FILE).put("to", StorageConfig.SQLITE_FILE)
                    .put("setAside", setAside.getFileName().toString());
            input.set("rows", Json.mapper().valueToTree(rows));
            AuditRecord recorded = new JdbcAuditLog(moved, keyFile).append(new NewRecord(UUID.randomUUID().toString(), RecordKind.STORE_MIGRATED,
                    StorageConfig.SQLITE_FILE, actor, null, null, List.of(), input, copy));
            return new Outcome(rows, original, copy, setAside, recorded);
        }
    }

    private static Database open(StorageConfig config) {
        try {
            return Database.openForCommand(config);
        } catch (StoreUnavailableException e) {
            throw new Refused("the store " + config.describe() + " cannot be opened (is the service still running on this data folder?): "
                    + Database.rootMessage(e));
        }
    }

    /** Each table's rows, copied in one transaction a table; returns how many rows each had. */
    private static Map<String, Long> copyTables(Database from, Database to) throws SQLException {
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Connection in = from.connection(); Connection out = to.connection()) {
            out.setAutoCommit(false);
            for (var t : TABLES.entrySet()) {
                String table = t.getKey();
                try (Statement s = out.createStatement()) {
                    s.executeUpdate("delete from " + table);   // the new schema's own genesis head row
                }
                List<String> columns = columns(out, table);
                String list = String.join(", ", columns);
                long n = 0;
                try (PreparedStatement read = in.prepareStatement("select " + list + " from " + table + " order by " + t.getValue());
                     PreparedStatement write = out.prepareStatement("insert into " + table + " (" + list + ") values ("
                             + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")")) {
                    read.setFetchSize(BATCH);
                    try (ResultSet rs = read.executeQuery()) {
                        ResultSetMetaData meta = rs.getMetaData();
                        while (rs.next()) {
                            for (int c = 1; c <= columns.size(); c++) copyValue(from, rs, to, write, c, meta.getColumnType(c));
                            write.addBatch();
                            if (++n % BATCH == 0) write.executeBatch();
                        }
                    }
                    write.executeBatch();
                }
                out.commit();
                rows.put(table, n);
            }
        }
        return rows;
    }

    /** One value, as each database keeps its kind: moments and dates in their own forms, bytes as bytes, the rest as they are. */
    private static void copyValue(Database from, ResultSet rs, Database to, PreparedStatement ps, int c, int type) throws SQLException {
        switch (type) {
            case Types.TIMESTAMP_WITH_TIMEZONE, Types.TIMESTAMP -> to.setTime(ps, c, from.time(rs, c));
            case Types.DATE -> to.setDate(ps, c, from.date(rs, c));
            case Types.BLOB, Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY -> ps.setBytes(c, rs.getBytes(c));
            case Types.CLOB, Types.NCLOB, Types.VARCHAR, Types.NVARCHAR, Types.CHAR, Types.LONGVARCHAR -> ps.setString(c, rs.getString(c));
            default -> {
                long v = rs.getLong(c);
                if (rs.wasNull()) ps.setNull(c, Types.BIGINT);
                else ps.setLong(c, v);
            }
        }
    }

    private static List<String> columns(Connection c, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select * from " + table + " where 0 = 1")) {
            ResultSetMetaData meta = rs.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) names.add(meta.getColumnName(i).toLowerCase(java.util.Locale.ROOT));
        }
        return names;
    }

    private static Map<String, Long> counts(Database db) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            for (String table : TABLES.keySet()) {
                try (ResultSet rs = s.executeQuery("select count(*) from " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    /** Folds SQLite's write-ahead log into the file, so the file alone is the whole copy when it is renamed. */
    private static void checkpoint(Database db) throws SQLException {
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            s.execute("pragma wal_checkpoint(TRUNCATE)");
        }
    }

    /** Removes a partial copy with its log and shared-memory index. */
    private static void removePartial(Path partial) {
        try {
            for (String suffix : List.of("", "-wal", "-shm")) Files.deleteIfExists(Path.of(partial + suffix));
        } catch (IOException e) {
            throw new UncheckedIOException("a partial copy from an earlier attempt could not be removed: " + partial, e);
        }
    }
}
