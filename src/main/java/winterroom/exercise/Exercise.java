package winterroom.exercise;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A desk-top exercise as read from its file: a base situation and the scripted steps that change it,
 * step {@code i} falling at {@code start + i * step} unless it gives its own {@code at}.
 * {@code injects} is the master events list: prepared injects the facilitator fires in any order.
 * {@code json} is the file as given, which is all a live exercise needs to be rebuilt.
 */
public record Exercise(String name, String description, Instant start, Duration step, ObjectNode base,
                       List<JsonNode> steps, List<JsonNode> injects, JsonNode json) {

    /** When scripted step {@code i} happens. */
    public Instant scheduledAt(int i) {
        JsonNode at = steps.get(i).get("at");
        if (at != null && at.isTextual()) return ExerciseParser.instant(at.textValue());
        return start.plus(step.multipliedBy(i));
    }
}
