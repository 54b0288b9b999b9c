package winterroom.exercise;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import winterroom.Json;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The exercise clock: time inside the exercise, which the facilitator starts, pauses and resumes, in real time or
 * faster ({@code speed} exercise seconds to each real second: 60 is an exercise hour a real minute). It is kept as
 * where it stood when last set: {@code exerciseTime} at the real moment {@code setAt}. Where it stands at any later
 * moment follows from that, so every page computes it itself between changes instead of asking again:
 * {@code exerciseTime + (now - setAt) x speed} while running, {@code exerciseTime} while paused.
 *
 * <p>A clock not started stands at the current step's moment (the latest step's {@code asOf}, or the exercise's
 * start) and moves with the steps. Starting runs it from there. A step whose moment is later than where a running or
 * paused clock stands moves the clock on to it, so exercise time is never behind the situation the room sees.
 */
public record ExerciseClock(State state, int speed, Instant exerciseTime, Instant setAt, String setBy) {
    public static final int MIN_SPEED = 1, MAX_SPEED = 1440;

    public enum State {
        NOT_STARTED("not started"), RUNNING("running"), PAUSED("paused"),
        /** Only as read: the exercise has ended, and its clock stopped where it stood then. */
        ENDED("ended");

        public final String label;

        State(String label) { this.label = label; }

        public static State of(String label) {
            for (State s : values()) if (s.label.equals(label)) return s;
            throw new IllegalArgumentException("no clock state '" + label + "'");
        }
    }

    /** The clock as answered: where it stands at {@code serverTime}, with what a page needs to run it on from there. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"state", "speed", "exerciseTime", "serverTime", "setAt", "setBy"})
    public record Reading(String state, int speed, Instant exerciseTime, Instant serverTime, Instant setAt, String setBy) {}

    public ExerciseClock {
        Objects.requireNonNull(state, "state");
        if (speed < MIN_SPEED || speed > MAX_SPEED) throw new IllegalArgumentException("speed " + speed + " is outside " + MIN_SPEED + "-" + MAX_SPEED);
        if (state == State.ENDED) throw new IllegalArgumentException("a clock is kept not started, running or paused; 'ended' is how an ended exercise's clock reads");
        if (state != State.NOT_STARTED && (exerciseTime == null || setAt == null)) {
            throw new IllegalArgumentException("a clock that was started knows its exercise time and when it was set");
        }
    }

    /** The clock of an exercise nobody has started: real time, following the steps. */
    public static final ExerciseClock NOT_STARTED = new ExerciseClock(State.NOT_STARTED, 1, null, null, null);

    public boolean started() { return state == State.RUNNING || state == State.PAUSED; }

    /** The exercise time at the real moment {@code now}; {@code stepMoment} is where a clock not started stands. */
    public Instant at(Instant now, Instant stepMoment) {
        if (!started()) return stepMoment;
        if (state == State.PAUSED) return exerciseTime;
        Duration real = Duration.between(setAt, now);
        if (real.isNegative()) real = Duration.ZERO;   // another instance's clock a little ahead of ours
        return exerciseTime.plus(real.multipliedBy(speed)).truncatedTo(ChronoUnit.MILLIS);
    }

    /** Runs from the current step's moment, at this clock's speed (started again if it was running or paused). */
    public ExerciseClock start(Instant stepMoment, Instant now, String by) {
        return new ExerciseClock(State.RUNNING, speed, stepMoment, now, by);
    }

    /** Stops where it stands; this clock unchanged if it was not running. */
    public ExerciseClock pause(Instant now, String by) {
        if (state != State.RUNNING) return this;
        return new ExerciseClock(State.PAUSED, speed, at(now, null), now, by);
    }

    /** Runs on from where it was paused; this clock unchanged if it was not paused. */
    public ExerciseClock resume(Instant now, String by) {
        if (state != State.PAUSED) return this;
        return new ExerciseClock(State.RUNNING, speed, exerciseTime, now, by);
    }

    /** The same clock at another speed from now on (time so far at the old speed); this clock if the speed is the same. */
    public ExerciseClock withSpeed(int newSpeed, Instant now, String by) {
        if (newSpeed == speed) return this;
        if (!started()) return new ExerciseClock(state, newSpeed, null, now, by);
        return new ExerciseClock(state, newSpeed, at(now, null), now, by);
    }

    /**
     * After a step at {@code stepMoment}: a started clock that stands before it moves on to it (running on from
     * there if it was running). This clock unchanged otherwise, and always when not started (it follows the steps).
     */
    public ExerciseClock follow(Instant stepMoment, Instant now) {
        if (!started() || stepMoment == null || !at(now, stepMoment).isBefore(stepMoment)) return this;
        return new ExerciseClock(state, speed, stepMoment, now, setBy);
    }

    /** Where it stands at {@code now}, for an exercise whose current step is at {@code stepMoment}, ended at {@code endedAt} (or live: null). */
    public Reading reading(Instant now, Instant stepMoment, Instant endedAt) {
        Instant serverTime = now.truncatedTo(ChronoUnit.MILLIS);
        if (endedAt != null) {
            // it stopped with the exercise, where it stood at the end
            return new Reading(State.ENDED.label, speed, at(endedAt.isBefore(now) ? endedAt : now, stepMoment), serverTime, setAt, setBy);
        }
        return new Reading(state.label, speed, at(now, stepMoment), serverTime, setAt, setBy);
    }

    // ---------- as kept with the exercise ----------

    public JsonNode toJson() {
        ObjectNode n = Json.mapper().createObjectNode().put("state", state.label).put("speed", speed);
        if (exerciseTime != null) n.put("exerciseTime", exerciseTime.toString());
        if (setAt != null) n.put("setAt", setAt.toString());
        if (setBy != null) n.put("setBy", setBy);
        return n;
    }

    /** The clock as kept (null: never set, so not started). */
    public static ExerciseClock of(JsonNode kept) {
        if (kept == null || kept.isNull() || kept.isMissingNode()) return NOT_STARTED;
        return new ExerciseClock(State.of(kept.path("state").asText()), kept.path("speed").asInt(1),
                instant(kept.get("exerciseTime")), instant(kept.get("setAt")), kept.path("setBy").asText(null));
    }

    private static Instant instant(JsonNode n) { return n == null || n.isNull() ? null : Instant.parse(n.asText()); }
}
