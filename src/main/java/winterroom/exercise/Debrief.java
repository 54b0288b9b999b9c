package winterroom.exercise;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What a debrief report is drawn from beyond the timeline itself: who ran it, who was in the room, and the
 * lessons identified.
 */
public record Debrief(ReplayResult timeline, String state, String facilitator, Instant createdAt, Instant endedAt,
                      List<Attendee> attendance, List<Lesson> lessons) {
    public record Attendee(String name, String org, String role, Instant joinedAt) {}

    public record Lesson(String id, String text, String owner, LocalDate due, Instant recordedAt, String recordedBy) {}

    /** A report of a timeline alone (a replay: nobody attended, no lessons). */
    public static Debrief of(ReplayResult timeline) {
        return new Debrief(timeline, null, null, null, null, List.of(), List.of());
    }
}
