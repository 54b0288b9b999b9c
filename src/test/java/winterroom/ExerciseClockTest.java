package winterroom;

import org.junit.jupiter.api.Test;
import winterroom.exercise.ExerciseClock;
import winterroom.exercise.ExerciseClock.State;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The exercise clock's arithmetic, on fixed moments: where it stands follows from where it stood when last set. */
class ExerciseClockTest {
    static final Instant DAY1 = Instant.parse("2019-01-07T08:00:00Z"), DAY2 = Instant.parse("2019-01-08T08:00:00Z");
    static final Instant REAL = Instant.parse("2026-12-01T10:00:00Z");

    static Instant real(long seconds) { return REAL.plusSeconds(seconds); }

    @Test
    void aClockNotStartedStandsAtTheCurrentStep() {
        ExerciseClock c = ExerciseClock.NOT_STARTED;
        assertEquals(DAY1, c.at(real(600), DAY1));
        assertEquals(DAY2, c.at(real(600), DAY2), "it follows the steps");
        assertSame(c, c.follow(DAY2, real(5)));
        ExerciseClock.Reading r = c.reading(real(0), DAY1, null);
        assertEquals("not started", r.state());
        assertEquals(1, r.speed());
        assertEquals(DAY1, r.exerciseTime());
    }

    @Test
    void runningAtSixtyAnExerciseHourPassesInARealMinute() {
        ExerciseClock c = ExerciseClock.NOT_STARTED.withSpeed(60, real(0), "fiona").start(DAY1, real(0), "fiona");
        assertEquals(State.RUNNING, c.state());
        assertEquals(DAY1, c.at(real(0), null));
        assertEquals(DAY1.plus(Duration.ofHours(1)), c.at(real(60), null));
        assertEquals(DAY1, c.at(real(-5), null), "a real moment a little before it was set (another instance's clock) does not run it backwards");

        ExerciseClock paused = c.pause(real(90), "fiona");
        assertEquals(State.PAUSED, paused.state());
        Instant stood = DAY1.plus(Duration.ofMinutes(90));
        assertEquals(stood, paused.at(real(90), null));
        assertEquals(stood, paused.at(real(3600), null), "paused, it stands still");
        assertSame(paused, paused.pause(real(100), "fiona"), "pausing a paused clock changes nothing");

        ExerciseClock resumed = paused.resume(real(1000), "fiona");
        assertEquals(stood, resumed.at(real(1000), null));
        assertEquals(stood.plus(Duration.ofMinutes(10)), resumed.at(real(1010), null));
        assertSame(resumed, resumed.resume(real(1020), "fiona"));
    }

    @Test
    void anotherSpeedCountsFromNowWithTheTimeSoFarKept() {
        ExerciseClock c = ExerciseClock.NOT_STARTED.start(DAY1, real(0), "fiona");
        assertEquals(DAY1.plusSeconds(100), c.at(real(100), null), "real time by default");
        ExerciseClock faster = c.withSpeed(1440, real(100), "fiona");
        assertEquals(DAY1.plusSeconds(100), faster.at(real(100), null));
        assertEquals(DAY1.plusSeconds(100).plus(Duration.ofDays(1)), faster.at(real(160), null), "an exercise day a real minute");
        assertSame(faster, faster.withSpeed(1440, real(200), "fiona"));
        ExerciseClock notYet = ExerciseClock.NOT_STARTED.withSpeed(60, real(0), "fiona");
        assertEquals("not started", notYet.reading(real(30), DAY1, null).state());
        assertEquals(DAY1, notYet.at(real(30), DAY1), "a speed chosen before the start does not run the clock");
        assertEquals(60, notYet.start(DAY1, real(40), "fiona").speed(), "it is the speed it starts at");
        assertThrows(IllegalArgumentException.class, () -> c.withSpeed(0, real(0), "x"));
        assertThrows(IllegalArgumentException.class, () -> c.withSpeed(ExerciseClock.MAX_SPEED + 1, real(0), "x"));
    }

    @Test
    void aStepLaterThanTheClockMovesItOnAndAnEarlierOneDoesNot() {
        ExerciseClock c = ExerciseClock.NOT_STARTED.withSpeed(60, real(0), "fiona").start(DAY1, real(0), "fiona");
        assertSame(c, c.follow(DAY1, real(30)), "the clock is past the step's moment");
        ExerciseClock moved = c.follow(DAY2, real(30));
        assertEquals(DAY2, moved.at(real(30), null));
        assertEquals(DAY2.plus(Duration.ofMinutes(1)), moved.at(real(31), null), "and runs on from there");
        ExerciseClock paused = c.pause(real(10), "fiona").follow(DAY2, real(30));
        assertEquals(State.PAUSED, paused.state());
        assertEquals(DAY2, paused.at(real(99), null));
    }

    @Test
    void anEndedExerciseReadsWhereItsClockStoodAtTheEnd() {
        ExerciseClock c = ExerciseClock.NOT_STARTED.withSpeed(60, real(0), "fiona").start(DAY1, real(0), "fiona");
        ExerciseClock.Reading r = c.reading(real(500), DAY1, real(120));
        assertEquals("ended", r.state());
        assertEquals(DAY1.plus(Duration.ofHours(2)), r.exerciseTime());
        assertEquals(real(500), r.serverTime());
    }

    @Test
    void itIsKeptAndReadBackAsJson() {
        ExerciseClock c = ExerciseClock.NOT_STARTED.withSpeed(60, real(0), "fiona").start(DAY1, real(0), "fiona").pause(real(45), "fiona");
        assertEquals(c, ExerciseClock.of(c.toJson()));
        assertEquals(ExerciseClock.NOT_STARTED, ExerciseClock.of(null));
        assertEquals("{\"state\":\"paused\",\"speed\":60,\"exerciseTime\":\"2019-01-07T08:45:00Z\",\"setAt\":\"2026-12-01T10:00:45Z\",\"setBy\":\"fiona\"}",
                c.toJson().toString());
    }
}
