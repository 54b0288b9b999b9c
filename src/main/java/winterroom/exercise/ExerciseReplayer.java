package winterroom.exercise;

import com.fasterxml.jackson.databind.JsonNode;
import winterroom.Json;
import winterroom.engine.Evaluator;
import winterroom.policy.Ruleset;

import java.util.List;

/**
 * Replays exercises against a ruleset: every scripted step in order in one stateful session.
 * A plain Java entry point for the HTTP API, the command line and ruleset previews.
 */
public final class ExerciseReplayer {
    private ExerciseReplayer() {}

    /** Checks the file, then replays all of it. Throws InvalidSituationException for a bad file. */
    public static ReplayResult replay(Ruleset ruleset, JsonNode exerciseFile) {
        return replay(ruleset, exerciseFile, new Evaluator(Json.mapper(), 20000));
    }

    public static ReplayResult replay(Ruleset ruleset, JsonNode exerciseFile, Evaluator evaluator) {
        return replay(ruleset, ExerciseParser.parse(exerciseFile, ruleset.catalogues(), true), evaluator, null);
    }

    public static ReplayResult replay(Ruleset ruleset, Exercise exercise, Evaluator evaluator, String id) {
        try (Timeline timeline = new Timeline(exercise, ruleset, evaluator, id)) {
            while (!timeline.finished()) timeline.nextScripted();
            return timeline.result();
        }
    }

    /**
     * Rebuilds a live exercise from what was applied so far: each move is {"scripted": true} for the
     * next scripted step or {"inject": {...}} for an ad-hoc inject. The timeline is left open for more.
     */
    public static Timeline rebuild(Ruleset ruleset, Exercise exercise, List<JsonNode> moves, Evaluator evaluator, String id) {
        Timeline timeline = new Timeline(exercise, ruleset, evaluator, id);
        try {
            for (JsonNode move : moves) {
                if (move.has("inject")) timeline.inject(move.get("inject"));
                else timeline.nextScripted();
            }
            return timeline;
        } catch (RuntimeException e) {
            timeline.close();
            throw e;
        }
    }
}
