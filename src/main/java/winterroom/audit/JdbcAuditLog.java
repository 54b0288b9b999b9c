package winterroom.audit;

import winterroom.Json;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The audit trail in one SQL table (PostgreSQL, SQLite, or H2 in PostgreSQL mode). Appends lock the chain-head row
 * (on SQLite, the database's write lock), so writers in this process and in other processes sharing the database
 * take turns and extend one chain.
 */
public final class JdbcAuditLog implements AuditLog {
    private static final String COLUMNS = "seq, id, kind, subject, recorded_at, actor, ruleset_version, as_of, tags, "
            + "input_json, result_json, prev_hash, hash, hash_format, input_z, result_z";
    private static final int FETCH = 200;
    /** Records read per query when streaming or verifying. */
    static final int PAGE = 500;

    private final Database db;
    /** Writers in this process queue here rather than on the database lock. */
    private final ReentrantLock appending = new ReentrantLock(true);

    /** How records are hashed; made on first use, when the database can say where its chain stands. */
    private final java.util.function.Supplier<ChainKey> key;
    private volatile ChainKey loadedKey;

    /** An unkeyed chain (plain SHA-256): for a store read only, or a test of the chain itself. */
    public JdbcAuditLog(Database db) { this(db, ChainKey::none); }

    /** A chain keyed by the key in {@code keyFile}, made there on first use (see {@link ChainKey}). */
    public JdbcAuditLog(Database db, java.nio.file.Path keyFile) {
        this.db = db;
        this.key = () -> ChainKey.load(keyFile, this::headSeq);
    }

    public JdbcAuditLog(Database db, java.util.function.Supplier<ChainKey> key) {
        this.db = db;
        this.key = key;
    }

    private ChainKey key() {
        ChainKey k = loadedKey;
        if (k == null) {
            synchronized (this) {
                if (loadedKey == null) loadedKey = key.get();
                k = loadedKey;
            }
        }
        return k;
    }

    private long headSeq() {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("select seq from audit_chain_head where id = 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw Database.unavailable(e);
        }
    }

    @Override
    public AuditRecord append(NewRecord record) { return appendAll(List.of(record)).get(0); }

    @Override
    public List<AuditRecord> appendAll(List<NewRecord> records) {
        return appendPrepared(PreparedRecord.all(records));   // serialised, deflated and hashed before taking any lock
    }

    @Override
    public List<AuditRecord> appendPrepared(List<PreparedRecord> records) {
        if (records.isEmpty()) return List.of();
        return transact(c -> records.stream().map(PreparedRecord::record).toList(), records).orElseThrow();
    }

    /** Other writes that go with records: done first in the appending transaction, they return the records to append. */
    @FunctionalInterface
    public interface Writes {
        /** Returns the records to append, or null to keep nothing (the transaction is rolled back). */
        List<NewRecord> apply(Connection c) throws SQLException;
    }

    /**
     * Runs other writes and appends the records they return in one transaction: all are kept, or none. Empty when
     * the writes returned null (nothing kept). The writes take their row locks before the chain head is locked,
     * the order every writer follows.
     */
    public Optional<List<AuditRecord>> appendWith(Writes writes) { return transact(writes, null); }

    private Optional<List<AuditRecord>> transact(Writes writes, List<PreparedRecord> prepared) {
        ChainKey chainKey = key();
        appending.lock();
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                db.lockForWriting(c);
                List<NewRecord> records = writes.apply(c);
                if (records == null) {
                    rollbackQuietly(c);
                    return Optional.empty();
                }
                List<AuditRecord> kept = appendIn(c, prepared == null ? PreparedRecord.all(records) : prepared, chainKey);
                c.commit();
                db.force(c);   // only then is the group acknowledged
                if (!kept.isEmpty()) chainKey.wrote(kept.get(kept.size() - 1).seq(), kept.get(kept.size() - 1).hash());
                return Optional.of(kept);
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        } catch (SQLException e) {
            if (isDuplicate(e)) throw new IllegalArgumentException("a record with one of these ids is already kept", e);
            throw Database.unavailable(e);
        } finally {
            appending.unlock();
        }
    }

    private List<AuditRecord> appendIn(Connection c, List<PreparedRecord> records, ChainKey chainKey) throws SQLException {
        long seq;
        String prev;
        try (PreparedStatement head = c.prepareStatement("select seq, hash from audit_chain_head where id = 1" + db.forUpdate());
             ResultSet rs = head.executeQuery()) {
            if (!rs.next()) throw new IllegalStateException("the audit chain head row is missing");
            seq = rs.getLong(1);
            prev = rs.getString(2);
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<AuditRecord> kept = new ArrayList<>();
        try (PreparedStatement insert = c.prepareStatement("insert into audit_record (" + COLUMNS
                + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (PreparedRecord p : records) {
                // the content hash was taken by the caller: here only the link to the record before
                AuditRecord unhashed = p.at(++seq, now, prev);
                AuditRecord r = unhashed.withHash(chainKey.hash(unhashed));
                bind(insert, r, p);
                insert.addBatch();
                kept.add(r);
                prev = r.hash();
            }
            insert.executeBatch();
        }
        try (PreparedStatement update = c.prepareStatement("update audit_chain_head set seq = ?, hash = ? where id = 1")) {
            update.setLong(1, seq);
            update.setString(2, prev);
            update.executeUpdate();
        }
        return kept;
    }

    @Override
    public String hashProblem(AuditRecord record) { return key().problem(record); }

    @Override
    public Optional<AuditRecord> find(String id) {
        return one("select " + COLUMNS + " from audit_record where id = ?", id);
    }

    @Override
    public Optional<AuditRecord> latest(RecordKind kind) {
        return one("select " + COLUMNS + " from audit_record where kind = ? order by seq desc limit 1", kind.name());
    }

    private Optional<AuditRecord> one(String sql, String param) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw Database.unavailable(e);
        }
    }

    @Override
    public Page<AuditRecord> query(RecordQuery query) {
        int limit = query.limit() <= 0 ? 100 : query.limit();
        List<AuditRecord> found = new ArrayList<>();
        run(query, limit + 1, found::add);
        if (found.size() <= limit) return new Page<>(found, null);
        List<AuditRecord> page = found.subList(0, limit);
        return new Page<>(List.copyOf(page), Long.toString(page.get(limit - 1).seq()));
    }

    /**
     * Streams the matching records a page at a time, each page its own short query from the last seq seen, so
     * memory stays flat at any chain length (an embedded database materialises a whole result set) and no
     * transaction is held open while a slow client reads.
     */
    @Override
    public void forEach(RecordQuery query, Consumer<AuditRecord> sink) {
        long remaining = query.limit() <= 0 ? Long.MAX_VALUE : query.limit();
        Long after = query.afterSeq();
        while (remaining > 0) {
            int page = (int) Math.min(PAGE, remaining);
            List<AuditRecord> rows = new ArrayList<>(page);
            run(query.after(after), page, rows::add);
            rows.forEach(sink);
            if (rows.size() < page) return;
            remaining -= rows.size();
            after = rows.get(rows.size() - 1).seq();
        }
    }

    private void run(RecordQuery q, int limit, Consumer<AuditRecord> sink) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from audit_record where 1 = 1");
        List<Object> params = new ArrayList<>();
        if (!q.kinds().isEmpty()) {
            sql.append(" and kind in (").append(String.join(", ", q.kinds().stream().map(k -> "?").toList())).append(')');
            q.kinds().stream().map(Enum::name).sorted().forEach(params::add);
        }
        if (q.subject() != null) { sql.append(" and subject = ?"); params.add(q.subject()); }
        if (q.from() != null) { sql.append(" and recorded_at >= ?"); params.add(q.from()); }
        if (q.to() != null) { sql.append(" and recorded_at < ?"); params.add(q.to()); }
        if (q.asOfFrom() != null) { sql.append(" and as_of >= ?"); params.add(q.asOfFrom()); }
        if (q.asOfTo() != null) { sql.append(" and as_of < ?"); params.add(q.asOfTo()); }
        for (String tag : q.tags()) { sql.append(" and tags like ? escape '!'"); params.add("%," + likeEscape(tag) + ",%"); }
        if (q.afterSeq() != null) { sql.append(" and seq > ?"); params.add(q.afterSeq()); }
        sql.append(" order by seq");
        if (limit > 0) { sql.append(" limit ?"); params.add(limit); }
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);   // PostgreSQL streams with a cursor only inside a transaction
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                ps.setFetchSize(FETCH);
                for (int i = 0; i < params.size(); i++) {
                    Object p = params.get(i);
                    if (p instanceof Instant t) db.setTime(ps, i + 1, t);
                    else ps.setObject(i + 1, p);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) sink.accept(read(rs));
                }
            } finally {
                rollbackQuietly(c);
            }
        } catch (SQLException e) {
            throw Database.unavailable(e);
        }
    }

    @Override
    public boolean reachable() { return db.reachable(); }

    @Override
    public ChainCheck verify() { return verify(0, null); }

    @Override
    public ChainCheck verify(long from, String fromHash) {
        if (from < 0) throw new IllegalArgumentException("a checkpoint is a record's position, 0 or more");
        ChainKey chainKey = key();
        String[] lastWritten = chainKey.lastWritten();   // before the head: records written meanwhile come after both
        long count = from;
        String prev = ChainHash.GENESIS;
        ChainCheck.Broken broken = null;
        if (from > 0) {
            // the checkpoint: its stored hash is the trusted start, and must be the one the caller noted, if given
            String stored = null;
            try (Connection c = db.connection();
                 PreparedStatement ps = c.prepareStatement("select hash from audit_record where seq = ?")) {
                ps.setLong(1, from);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) stored = rs.getString(1);
                }
            } catch (SQLException e) {
                throw Database.unavailable(e);
            }
            if (stored == null) {
                return new ChainCheck(false, from, 0, null, new ChainCheck.Broken(from, null,
                        "the checkpoint, record " + from + ", is not in the trail"));
            }
            if (fromHash != null && !fromHash.equals(stored)) {
                return new ChainCheck(false, from, 0, null, new ChainCheck.Broken(from, null,
                        "the checkpoint, record " + from + ", no longer has the hash it had when it was checked"));
            }
            prev = stored;
        }
        long headSeq;
        String headHash;
        // the head first: records appended while the check runs come after it and are left for the next check
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("select seq, hash from audit_chain_head where id = 1");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) throw new IllegalStateException("the audit chain head row is missing");
            headSeq = rs.getLong(1);
            headHash = rs.getString(2);
        } catch (SQLException e) {
            throw Database.unavailable(e);
        }
        // then the chain in seq ranges, one short query each, so memory stays flat at any length
        while (broken == null && count < headSeq) {
            List<AuditRecord> page = new ArrayList<>(PAGE);
            try (Connection c = db.connection();
                 PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from audit_record where seq > ? and seq <= ? order by seq limit ?")) {
                ps.setLong(1, count);
                ps.setLong(2, headSeq);
                ps.setInt(3, PAGE);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) page.add(read(rs, false));
                }
            } catch (SQLException e) {
                throw Database.unavailable(e);
            }
            if (page.isEmpty()) break;
            for (AuditRecord r : page) {
                if (r.seq() != count + 1) {
                    broken = new ChainCheck.Broken(count + 1, null, "record " + (count + 1) + " is missing: the trail jumps to record " + r.seq());
                } else if (!r.prevHash().equals(prev)) {
                    broken = new ChainCheck.Broken(r.seq(), r.id(), "its previous-record hash does not match the hash of record " + count);
                } else if (chainKey.problem(r) != null) {
                    broken = new ChainCheck.Broken(r.seq(), r.id(), chainKey.problem(r));
                } else {
                    count++;
                    prev = r.hash();
                    continue;
                }
                break;
            }
        }
        if (broken == null && headSeq < from) {
            broken = new ChainCheck.Broken(headSeq + 1, null, "the chain head names record " + headSeq
                    + ", before the checkpoint, record " + from + ": records were removed from the end");
        }
        if (broken == null && (count != headSeq || !prev.equals(headHash))) {
            broken = new ChainCheck.Broken(count + 1, null, "the chain head names record " + headSeq
                    + " but the trail ends at record " + count + ": records were removed from the end");
        }
        if (broken == null && lastWritten != null && Long.parseLong(lastWritten[0]) > count) {
            broken = new ChainCheck.Broken(count + 1, null, "record " + lastWritten[0] + " was written (noted outside the database) "
                    + "but the trail ends at record " + count + ": records were removed from the end and the head moved back");
        }
        return new ChainCheck(broken == null, from == 0 ? null : from, count - from, prev, broken);
    }

    private void bind(PreparedStatement ps, AuditRecord r, PreparedRecord p) throws SQLException {
        ps.setLong(1, r.seq());
        ps.setString(2, r.id());
        ps.setString(3, r.kind().name());
        ps.setString(4, r.subject());
        db.setTime(ps, 5, r.recordedAt());
        ps.setString(6, r.actor());
        ps.setString(7, r.rulesetVersion());
        db.setTime(ps, 8, r.asOf());
        ps.setString(9, r.tags().isEmpty() ? "" : "," + String.join(",", r.tags()) + ",");
        ps.setNull(10, java.sql.Types.VARCHAR);   // the JSON text is kept only as the deflated bytes
        ps.setNull(11, java.sql.Types.VARCHAR);
        ps.setString(12, r.prevHash());
        ps.setString(13, r.hash());
        ps.setInt(14, ChainHash.STORED_BYTES);
        ps.setBytes(15, p.storedInput);
        ps.setBytes(16, p.storedResult);
    }

    private AuditRecord read(ResultSet rs) throws SQLException { return read(rs, true); }

    /**
     * A record as read. Its content hash (the newer format) is always recomputed from the bytes stored, never
     * read; {@code inflate} false leaves input and result of such a record unread (null), which is all verifying needs.
     */
    private AuditRecord read(ResultSet rs, boolean inflate) throws SQLException {
        String tags = rs.getString(9);
        long seq = rs.getLong(1);
        String id = rs.getString(2);
        RecordKind kind = RecordKind.valueOf(rs.getString(3));
        String subject = rs.getString(4);
        String actor = rs.getString(6);
        String rulesetVersion = rs.getString(7);
        Instant asOf = instant(rs, 8);
        List<String> tagList = tags == null || tags.isEmpty() ? List.of() : Arrays.stream(tags.split(",")).filter(t -> !t.isEmpty()).toList();
        int format = rs.getInt(14);
        if (rs.wasNull()) format = ChainHash.CANONICAL_JSON;
        String input, result, contentHash = null;
        if (format == ChainHash.STORED_BYTES) {
            byte[] in = rs.getBytes(15), out = rs.getBytes(16);
            if (in == null) in = new byte[0];
            if (out == null) out = new byte[0];
            contentHash = ChainHash.contentHash(id, kind, subject, actor, rulesetVersion, asOf, tagList, in, out);
            input = inflate ? inflated(in) : null;
            result = inflate ? inflated(out) : null;
        } else {
            input = rs.getString(10);
            result = rs.getString(11);
        }
        return new AuditRecord(seq, id, kind, subject, instant(rs, 5), actor, rulesetVersion, asOf, tagList,
                input, result, rs.getString(12), rs.getString(13), format, contentHash);
    }

    /** Stored bytes as their JSON text; bytes that no longer inflate (changed in the database) read as a JSON string saying so. */
    private static String inflated(byte[] stored) {
        try {
            return StoredJson.text(stored);
        } catch (java.util.zip.DataFormatException e) {
            return Json.mapper().getNodeFactory().textNode("the stored bytes of this record no longer inflate: " + e.getMessage()).toString();
        }
    }

    private Instant instant(ResultSet rs, int column) throws SQLException { return db.time(rs, column); }

    private static String likeEscape(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private static boolean isDuplicate(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            String state = Database.sqlState(x);
            if (state != null && state.startsWith("23")) return true;
        }
        return false;
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is going back broken; the pool will replace it
        }
    }

}
