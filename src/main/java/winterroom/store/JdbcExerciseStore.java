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
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Live exercises in the audit database (table live_exercise), so every instance sharing it can carry an exercise
 * on. A step is an update guarded by the version it was computed from, in the same transaction as its audit record:
 * of two requests stepping one exercise at once, exactly one is kept.
 */
public final class JdbcExerciseStore implements ExerciseStore {
    private final Database db;
    private final JdbcAuditLog audit;

    public JdbcExerciseStore(Database db, JdbcAuditLog audit) {
        this.db = db;
        this.audit = audit;
    }

    @Override
    public void create(StoredExercise e, NewRecord evidence) {
        String file = text(e.exercise());
        String moves = text(e.moves());
        audit.appendWith(c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into live_exercise (id, actor, created_at, ruleset_version, "
                    + "exercise_json, moves_json, version) values (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, e.id());
                ps.setString(2, e.actor());
                ps.setObject(3, OffsetDateTime.ofInstant(e.createdAt(), ZoneOffset.UTC));
                ps.setString(4, e.rulesetVersion());
                ps.setString(5, file);
                ps.setString(6, moves);
                ps.setLong(7, e.version());
                ps.executeUpdate();
            }
            return List.of(evidence);
        });
    }

    @Override
    public Optional<StoredExercise> find(String id) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("select id, actor, created_at, ruleset_version, "
                + "exercise_json, moves_json, version from live_exercise where id = ? and ended_at is null")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                List<JsonNode> moves = new ArrayList<>();
                Json.mapper().readTree(rs.getString(6)).forEach(moves::add);
                return Optional.of(new StoredExercise(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class).toInstant(),
                        rs.getString(4), Json.mapper().readTree(rs.getString(5)), List.copyOf(moves), rs.getLong(7)));
            }
        } catch (SQLException e) {
            throw Database.unavailable(e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("live exercise '" + id + "' is not readable JSON in the database", e);
        }
    }

    @Override
    public boolean replace(StoredExercise next, long expectedVersion, NewRecord evidence) {
        String moves = text(next.moves());
        return audit.appendWith(c -> {
            try (PreparedStatement ps = c.prepareStatement("update live_exercise set moves_json = ?, version = ? "
                    + "where id = ? and version = ? and ended_at is null")) {
                ps.setString(1, moves);
                ps.setLong(2, next.version());
                ps.setString(3, next.id());
                ps.setLong(4, expectedVersion);
                return ps.executeUpdate() == 1 ? List.of(evidence) : null;
            }
        }).isPresent();
    }

    @Override
    public boolean end(String id, NewRecord evidence) {
        return audit.appendWith(c -> {
            try (PreparedStatement ps = c.prepareStatement("update live_exercise set ended_at = ? where id = ? and ended_at is null")) {
                ps.setObject(1, OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC));
                ps.setString(2, id);
                return ps.executeUpdate() == 1 ? List.of(evidence) : null;
            }
        }).isPresent();
    }

    private static String text(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not writable as JSON", e);
        }
    }
}
