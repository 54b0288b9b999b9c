package winterroom.store;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/**
 * A live exercise as kept: the exercise file it started from and every move applied since
 * ({"scripted": true} for the next scripted step, {"inject": {...}} for an ad-hoc inject). That is
 * enough to rebuild it by replaying, so any instance of the service can carry it on. {@code version}
 * counts the saves, for optimistic concurrency between instances.
 */
public record StoredExercise(String id, String actor, Instant createdAt, String rulesetVersion, JsonNode exercise,
                             List<JsonNode> moves, long version) {

    public StoredExercise withMove(JsonNode move) {
        List<JsonNode> more = new java.util.ArrayList<>(moves);
        more.add(move);
        return new StoredExercise(id, actor, createdAt, rulesetVersion, exercise, List.copyOf(more), version + 1);
    }
}
