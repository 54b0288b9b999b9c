package winterroom.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import winterroom.Json;
import winterroom.audit.Database;
import winterroom.audit.JdbcAuditLog;
import winterroom.audit.NewRecord;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Exercises in the audit database (tables live_exercise, exercise_move, exercise_participant, exercise_lesson), so
 * every instance sharing it can carry an exercise on. The exercise clock is a column of live_exercise, changed only
 * from the value it was computed from. A move is one appended row guarded by the version it was
 * computed from, in the same transaction as its audit record: of two requests stepping one exercise at once,
 * exactly one is kept. On PostgreSQL every change also sends a NOTIFY on {@value #CHANNEL} in that transaction,
 * so other instances hear of it when it commits.
 */
public final class JdbcExerciseStore implements ExerciseStore {
    /** The PostgreSQL channel exercise changes are announced on; the payload is "exercise-id what version instance". */
    public static final String CHANNEL = "winterroom_exercise";
    private static final String HEAD = "select id, actor, created_at, ruleset_version, exercise_json, version, name, start_at, "
            + "join_code, steps, ended_at, moves_json, clock_json from live_exercise";

    private final Database db;
    private final JdbcAuditLog audit;
    private final boolean postgres;
    private volatile BiConsumer<String, String> changed = (id, what) -> {};
    /** Names this process in its announcements, so it can ignore its own. */
    private final String instance = java.util.UUID.randomUUID().toString();

    public JdbcExerciseStore(Database db, JdbcAuditLog audit) {
        this.db = db;
        this.audit = audit;
        this.postgres = db.config().isPostgres();
    }

    /** Told (exercise id, what changed) after each change commits in this process. */
    public void onChange(BiConsumer<String, String> listener) { this.changed = listener; }

    public Database database() { return db; }

    public String instance() { return instance; }

    @Override
    public void create(StoredExercise e, NewRecord evidence) {
        String file = text(e.exercise());
        audit.appendWith(c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into live_exercise (id, actor, created_at, ruleset_version, "
                    + "exercise_json, moves_json, version, name, start_at, join_code, steps) values (?, ?, ?, ?, ?, '[]', 0, ?, ?, ?, 0)")) {
                ps.setString(1, e.id());
                ps.setString(2, e.actor());
                db.setTime(ps, 3, e.createdAt());
                ps.setString(4, e.rulesetVersion());
                ps.setString(5, file);
                ps.setString(6, e.name());
                db.setTime(ps, 7, e.startAt());
                ps.setString(8, e.joinCode());
                ps.executeUpdate();
            }
            announce(c, e.id(), "started", 0);
            return List.of(evidence);
        });
        changed.accept(e.id(), "started");
    }

    @Override
    public Optional<StoredExercise> find(String id) {
        return head(id).map(h -> {
            List<JsonNode> moves = movesSince(id, 0);
            if (moves.isEmpty() && h.moves().size() > 0) moves = h.moves();   // kept before moves had their own rows
            return new StoredExercise(h.id(), h.actor(), h.createdAt(), h.rulesetVersion(), h.exercise(), List.copyOf(moves),
                    h.version(), h.name(), h.startAt(), h.joinCode(), h.steps(), h.endedAt(), h.clock());
        });
    }

    @Override
    public Optional<StoredExercise> head(String id) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(HEAD + " where id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs, true)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw Database.unavailable(e);
        }
    }

    @Override
    public List<JsonNode> movesSince(String id, long from) {
        List<JsonNode> out = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "select move_json from exercise_move where exercise_id = ? and seq >= ? order by seq")) {
            ps.setString(1, id);
            ps.setLong(2, from);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(json(rs.getString(1), id));
            }
        } catch (SQLException e) {
            throw Database.unavailable(e);
        }
        return out;
    }

    @Override
    public List<StoredExercise> list(StoredExercise.State state, int limit) {
        String where = state == null ? "" : state == StoredExercise.State.live ? " where ended_at is null" : " where ended_at is not null";
        List<StoredExercise> out = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(HEAD + where + " order by created_at desc, id")) {
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(read(rs, false));
            }
        } catch (SQLException e) {
            throw Database.unavailable(e);
        }
        return out;
    }

    @Override
    public boolean replace(StoredExercise next, long expectedVersion, NewRecord evidence) {
        return replace(next, expectedVersion, next.clock(), evidence);
    }

    @Override
    public boolean replace(StoredExercise next, long expectedVersion, JsonNode clockBefore, NewRecord evidence) {
        JsonNode move = next.lastMove();
        String moveText = text(move);
        int stepDelta = move.has("decision") ? 0 : 1;
        boolean clockMoves = !java.util.Objects.equals(clockBefore, next.clock());
        boolean kept = audit.appendWith(c -> {
            try (PreparedStatement ps = c.prepareStatement("update live_exercise set version = ?, steps = steps + ?"
                    + (clockMoves ? ", clock_json = ?" : "") + " where id = ? and version = ? and ended_at is null"
                    + (clockMoves ? clockGuard(clockBefore) : ""))) {
                int i = 1;
                ps.setLong(i++, expectedVersion + 1);
                ps.setInt(i++, stepDelta);
                if (clockMoves) ps.setString(i++, next.clock() == null ? null : text(next.clock()));
                ps.setString(i++, next.id());
                ps.setLong(i++, expectedVersion);
                if (clockMoves && clockBefore != null) ps.setString(i, text(clockBefore));
                if (ps.executeUpdate() != 1) return null;
            }
            try (PreparedStatement ps = c.prepareStatement("insert into exercise_move (exercise_id, seq, move_json) values (?, ?, ?)")) {
                ps.setString(1, next.id());
                ps.setLong(2, expectedVersion);
                ps.setString(3, moveText);
                ps.executeUpdate();
            }
            announce(c, next.id(), move.has("decision") ? "decision" : "step", expectedVersion + 1);
            return List.of(evidence);
        }).isPresent();
        if (kept) changed.accept(next.id(), move.has("decision") ? "decision" : "step");
        return kept;
    }

    @Override
    public boolean setClock(String id, JsonNode clock, JsonNode expected, NewRecord evidence) {
        boolean done = audit.appendWith(c -> {
            try (PreparedStatement ps = c.prepareStatement("update live_exercise set clock_json = ? where id = ? and ended_at is null"
                    + clockGuard(expected))) {
                ps.setString(1, text(clock));
                ps.setString(2, id);
                if (expected != null) ps.setString(3, text(expected));
                if (ps.executeUpdate() != 1) return null;
            }
            announce(c, id, "clock", -1);
            return List.of(evidence);
        }).isPresent();
        if (done) changed.accept(id, "clock");
        return done;
    }

    /** The condition that the clock is still as it was read: the change was computed from it. */
    private static String clockGuard(JsonNode expected) {
        return expected == null ? " and clock_json is null" : " and clock_json = ?";
    }

    @Override
    public boolean end(String id, NewRecord evidence) {
        boolean done = audit.appendWith(c -> {
            try (PreparedStatement ps = c.prepareStatement("update live_exercise set ended_at = ? where id = ? and ended_at is null")) {
                db.setTime(ps, 1, Instant.now());
                ps.setString(2, id);
                if (ps.executeUpdate() != 1) return null;
            }
            announce(c, id, "ended", -1);
            return List.of(evidence);
        }).isPresent();
        if (done) changed.accept(id, "ended");
        return done;
    }

    @Override
    public boolean delete(String id, NewRecord evidence) {
        boolean done = audit.appendWith(c -> {
            try (PreparedStatement ps = c.prepareStatement("delete from live_exercise where id = ? and ended_at is null")) {
                ps.setString(1, id);
                if (ps.executeUpdate() != 1) return null;
            }
            for (String table : List.of("exercise_move", "exercise_participant", "exercise_lesson")) {
                try (PreparedStatement ps = c.prepareStatement("delete from " + table + " where exercise_id = ?")) {
                    ps.setString(1, id);
                    ps.executeUpdate();
                }
            }
            announce(c, id, "deleted", -1);
            return List.of(evidence);
        }).isPresent();
        if (done) changed.accept(id, "deleted");
        return done;
    }

    @Override
    public boolean join(Participant p, NewRecord evidence) {
        boolean done = audit.appendWith(c -> {
            try (PreparedStatement check = c.prepareStatement("select 1 from live_exercise where id = ? and ended_at is null")) {
                check.setString(1, p.exercise());
                try (ResultSet rs = check.executeQuery()) { if (!rs.next()) return null; }
            }
            try (PreparedStatement ps = c.prepareStatement("insert into exercise_participant (id, exercise_id, name, org, role, token_hash, "
                    + "joined_at) values (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, p.id());
                ps.setString(2, p.exercise());
                ps.setString(3, p.name());
                ps.setString(4, p.org());
                ps.setString(5, p.role());
                ps.setString(6, p.tokenHash());
                db.setTime(ps, 7, p.joinedAt());
                ps.executeUpdate();
            }
            announce(c, p.exercise(), "joined", -1);
            return List.of(evidence);
        }).isPresent();
        if (done) changed.accept(p.exercise(), "joined");
        return done;
    }

    private static final String PARTICIPANT = "select id, exercise_id, name, org, role, token_hash, joined_at from exercise_participant";

    @Override
    public List<Participant> participants(String exercise) {
        return participants(PARTICIPANT + " where exercise_id = ? order by joined_at, id", exercise);
    }

    @Override
    public Optional<Participant> participantByToken(String tokenHash) {
        return participants(PARTICIPANT + " where token_hash = ?", tokenHash).stream().findFirst();
    }

    private List<Participant> participants(String sql, String key) {
        List<Participant> out = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Participant(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), db.time(rs, 7)));
                }
            }
        } catch (SQLException e) {
            throw Database.unavailable(e);
        }
        return out;
    }

    @Override
    public void saveLesson(Lesson l, NewRecord evidence) {
        audit.appendWith(c -> {
            try (PreparedStatement del = c.prepareStatement("delete from exercise_lesson where id = ?")) {
                del.setString(1, l.id());
                del.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("insert into exercise_lesson (id, exercise_id, text, owner, due, recorded_at, "
                    + "recorded_by) values (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, l.id());
                ps.setString(2, l.exercise());
                ps.setString(3, l.text());
                ps.setString(4, l.owner());
                db.setDate(ps, 5, l.due());
                db.setTime(ps, 6, l.recordedAt());
                ps.setString(7, l.recordedBy());
                ps.executeUpdate();
            }
            announce(c, l.exercise(), "lesson", -1);
            return List.of(evidence);
        });
        changed.accept(l.exercise(), "lesson");
    }

    @Override
    public List<Lesson> lessons(String exercise) {
        List<Lesson> out = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("select id, exercise_id, text, owner, due, "
                + "recorded_at, recorded_by from exercise_lesson where exercise_id = ? order by recorded_at, id")) {
            ps.setString(1, exercise);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Lesson(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), db.date(rs, 5),
                            db.time(rs, 6), rs.getString(7)));
                }
            }
        } catch (SQLException e) {
            throw Database.unavailable(e);
        }
        return out;
    }

    @Override
    public void record(NewRecord evidence) {
        audit.appendWith(c -> List.of(evidence));
    }

    /** On PostgreSQL, tells every listening instance of the change when the transaction commits. */
    private void announce(Connection c, String id, String what, long version) throws SQLException {
        if (!postgres) return;
        try (PreparedStatement ps = c.prepareStatement("select pg_notify(?, ?)")) {
            ps.setString(1, CHANNEL);
            ps.setString(2, id + " " + what + " " + version + " " + instance);
            ps.execute();
        }
    }

    private StoredExercise read(ResultSet rs, boolean legacyMoves) throws SQLException {
        String id = rs.getString(1);
        Instant start = db.time(rs, 8);
        Instant ended = db.time(rs, 11);
        List<JsonNode> legacy = new ArrayList<>();
        if (legacyMoves) json(rs.getString(12), id).forEach(legacy::add);
        JsonNode file = json(rs.getString(5), id);
        String name = rs.getString(7) != null ? rs.getString(7) : file.path("name").asText(null);
        String clock = rs.getString(13);
        return new StoredExercise(id, rs.getString(2), db.time(rs, 3), rs.getString(4), file,
                List.copyOf(legacy), rs.getLong(6), name, start, rs.getString(9), rs.getInt(10),
                ended, clock == null ? null : json(clock, id));
    }

    private static JsonNode json(String text, String id) {
        try {
            return Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("exercise '" + id + "' is not readable JSON in the database", e);
        }
    }

    private static String text(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not writable as JSON", e);
        }
    }
}
