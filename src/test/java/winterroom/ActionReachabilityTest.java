package winterroom;

import org.junit.jupiter.api.Test;
import winterroom.engine.EvaluationResult;
import winterroom.engine.Evaluator;
import winterroom.exercise.ExerciseFiles;
import winterroom.exercise.ExerciseReplayer;
import winterroom.exercise.ReplayStep;
import winterroom.facts.CatalogueAction;
import winterroom.policy.ActiveRuleset;
import winterroom.policy.Ruleset;
import winterroom.scenarios.ScenarioFiles;
import winterroom.situation.SituationParser;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every action in catalogue/actions.csv is recommended by some rule: the shipped scenarios and exercises,
 * evaluated against the shipped rules, between them recommend each one. An action no rule can reach is
 * dead policy (it reads as if the plan were covered when it is not) and fails this test until a rule
 * recommends it, a scenario shows it, or it is removed.
 */
class ActionReachabilityTest {
    static final Ruleset RULES = ActiveRuleset.load(Path.of("rules")).get();

    @Test
    void everyCatalogueActionIsRecommendedInSomeShippedScenarioOrExercise() {
        Map<String, String> firstSeen = new TreeMap<>();
        Evaluator evaluator = new Evaluator(Json.mapper(), 20000);
        for (ScenarioFiles.Scenario s : ScenarioFiles.read(Path.of("scenarios"))) {
            EvaluationResult r = evaluator.evaluate(RULES, SituationParser.parse(s.json(), RULES.catalogues()), s.file(), Instant.now(), false);
            r.recommendationCodes().forEach(a -> firstSeen.putIfAbsent(a, s.file()));
        }
        for (ExerciseFiles.ExerciseFile e : ExerciseFiles.readAll(Path.of("scenarios/exercises"))) {
            for (ReplayStep step : ExerciseReplayer.replay(RULES, e.json()).steps()) {
                step.result().recommendationCodes().forEach(a -> firstSeen.putIfAbsent(a, e.file()));
            }
        }
        List<String> unreachable = new ArrayList<>();
        for (CatalogueAction a : RULES.catalogues().actions().values()) if (!firstSeen.containsKey(a.id())) unreachable.add(a.id());
        assertEquals(List.of(), unreachable, "catalogue actions no shipped scenario or exercise sees recommended");
        // and nothing recommended is missing from the catalogue
        Set<String> uncatalogued = new TreeSet<>(firstSeen.keySet());
        uncatalogued.removeAll(RULES.catalogues().actions().keySet());
        assertEquals(Set.of(), uncatalogued);
    }

    /** Each suspension the Decision Management Tool offers comes with its recovery (P15) in the same answer. */
    @Test
    void everyDmtSuspensionIsRecommendedWithItsRecovery() {
        Evaluator evaluator = new Evaluator(Json.mapper(), 20000);
        int suspensions = 0;
        for (ScenarioFiles.Scenario s : ScenarioFiles.read(Path.of("scenarios"))) {
            EvaluationResult r = evaluator.evaluate(RULES, SituationParser.parse(s.json(), RULES.catalogues()), s.file(), Instant.now(), false);
            for (EvaluationResult.RecommendedAction a : r.recommendations()) {
                if (!"DMT_SUSPENSION".equals(a.category())) continue;
                suspensions++;
                assertTrue(a.recoveryAction() != null && r.recommendationCodes().contains(a.recoveryAction()),
                        s.file() + ": " + a.action() + " is recommended without its recovery " + a.recoveryAction());
            }
        }
        assertTrue(suspensions >= 10, "the scenarios exercise the tool's suspensions: " + suspensions);
    }
}
