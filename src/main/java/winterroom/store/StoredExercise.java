package winterroom.store;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/**
 * An exercise as kept: the exercise file it started from and, when read in full, every move applied since
 * ({"scripted": true} for the next scripted step, {"inject": {...}} for an ad-hoc inject, {"decision": {...}} for a
 * decision recorded by the room). That is enough to rebuild it by replaying, so any instance of the service can
 * carry it on. {@code version} counts the moves, for optimistic concurrency between instances; {@code steps}
 * counts those that were steps. {@code actor} is the facilitator who started it. A head (read without its moves)
 * has an empty {@code moves}. {@code clock} is the exercise clock as last set (see
 * {@link winterroom.exercise.ExerciseClock}), null while nobody has set it.
 */
public record StoredExercise(String id, String actor, Instant createdAt, String rulesetVersion, JsonNode exercise,
                             List<JsonNode> moves, long version, String name, Instant startAt, String joinCode,
                             int steps, Instant endedAt, JsonNode clock) {

    public enum State { live, ended }

    /** An exercise whose clock nobody has set. */
    public StoredExercise(String id, String actor, Instant createdAt, String rulesetVersion, JsonNode exercise,
                          List<JsonNode> moves, long version, String name, Instant startAt, String joinCode,
                          int steps, Instant endedAt) {
        this(id, actor, createdAt, rulesetVersion, exercise, moves, version, name, startAt, joinCode, steps, endedAt, null);
    }

    public State state() { return endedAt == null ? State.live : State.ended; }

    /** The same exercise one move on. */
    public StoredExercise withMove(JsonNode move) {
        List<JsonNode> more = new java.util.ArrayList<>(moves);
        more.add(move);
        boolean step = !move.has("decision");
        return new StoredExercise(id, actor, createdAt, rulesetVersion, exercise, List.copyOf(more), version + 1, name, startAt,
                joinCode, steps + (step ? 1 : 0), endedAt, clock);
    }

    /** The same exercise with its clock set anew. */
    public StoredExercise withClock(JsonNode next) {
        return new StoredExercise(id, actor, createdAt, rulesetVersion, exercise, moves, version, name, startAt, joinCode, steps,
                endedAt, next);
    }

    /** The last move of this exercise, the one a save appends. */
    public JsonNode lastMove() { return moves.get(moves.size() - 1); }
}
