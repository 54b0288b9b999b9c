package winterroom.exercise;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * A decision the room recorded: which organisation, what it decided in its own words, optionally the action it
 * takes (as a situation action) and the recommendation it answers. It is time-stamped in real time when it was
 * recorded ({@code recordedAt}, the wall clock) and in exercise time ({@code exerciseTime}, the exercise clock as it
 * then stood: the latest step's moment while the clock is not started), and it belongs to the latest step
 * ({@code asOf}, {@code afterStep}). Its action becomes a fact of the next step ({@code factAtStep}), so the rules
 * judge what the room actually did.
 *
 * @param exerciseTime the exercise clock when it was recorded (null: recorded before the exercise had a clock)
 * @param afterStep  index of the latest step when it was made (null: before the first step)
 * @param factAtStep index of the step its action joined (null: no action, or no step since)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "org", "text", "action", "answers", "by", "participant", "recordedAt", "exerciseTime", "asOf", "afterStep", "factAtStep"})
public record Decision(String id, String org, String text, JsonNode action, String answers, String by, String participant,
                       Instant recordedAt, Instant exerciseTime, Instant asOf, Integer afterStep, Integer factAtStep) {

    Decision atStep(int step) {
        return new Decision(id, org, text, action, answers, by, participant, recordedAt, exerciseTime, asOf, afterStep, step);
    }

    /** When it was decided inside the exercise: the exercise clock, or the step's moment for a decision kept before the clock. */
    public Instant decidedAt() { return exerciseTime != null ? exerciseTime : asOf; }
}
