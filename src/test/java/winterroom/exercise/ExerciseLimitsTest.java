package winterroom.exercise;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import winterroom.Json;
import winterroom.engine.Evaluator;
import winterroom.policy.ActiveRuleset;
import winterroom.policy.Ruleset;
import winterroom.situation.InvalidSituationException;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An exercise takes at most 1,000 steps: scripted, prepared injects and ad-hoc injects alike. */
class ExerciseLimitsTest {
    static final Ruleset RULES = ActiveRuleset.load(Path.of("rules")).get();

    static ObjectNode exercise(int steps, int injects) {
        ObjectNode e = Json.mapper().createObjectNode();
        e.put("name", "limits").put("start", "2019-01-14T08:00:00Z").put("step", "PT1H");
        ObjectNode base = e.putObject("base");
        base.putArray("organisations").addObject().put("code", "LTHT").put("type", "ACUTE").put("reportedOpel", 2);
        ArrayNode s = e.putArray("steps");
        for (int i = 0; i < steps; i++) s.addObject();
        if (injects > 0) {
            ArrayNode in = e.putArray("injects");
            for (int i = 0; i < injects; i++) in.addObject().put("label", "inject " + i);
        }
        return e;
    }

    @Test
    void aFileOverTheLimitIsRefusedNamingWhatIsOver() {
        InvalidSituationException steps = assertThrows(InvalidSituationException.class,
                () -> ExerciseParser.parse(exercise(1001, 0), RULES.catalogues(), true));
        assertTrue(steps.details().stream().anyMatch(f -> f.field().equals("steps") && f.message().contains("1000")), steps.details().toString());
        InvalidSituationException injects = assertThrows(InvalidSituationException.class,
                () -> ExerciseParser.parse(exercise(1, 1001), RULES.catalogues(), true));
        assertTrue(injects.details().stream().anyMatch(f -> f.field().equals("injects") && f.message().contains("1000")), injects.details().toString());
    }

    @Test
    void anInjectPastTheThousandthStepIsRefused() {
        Exercise exercise = ExerciseParser.parse(exercise(999, 0), RULES.catalogues(), true);
        Timeline timeline = new Timeline(exercise, RULES, new Evaluator(Json.mapper(), 20000, Duration.ofSeconds(30)), null);
        while (!timeline.finished()) timeline.nextScripted();
        timeline.inject(Json.mapper().createObjectNode().put("label", "the thousandth"));
        assertEquals(1000, timeline.steps().size());
        InvalidSituationException refused = assertThrows(InvalidSituationException.class,
                () -> timeline.inject(Json.mapper().createObjectNode().put("label", "one too many")));
        assertTrue(refused.getMessage().contains("limit of 1000 steps"), refused.getMessage());
        assertEquals(1000, timeline.steps().size(), "the refused inject was not applied");
    }
}
