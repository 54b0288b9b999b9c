package winterroom;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import winterroom.engine.EvaluationResult;
import winterroom.engine.Evaluator;
import winterroom.exercise.ExerciseFiles;
import winterroom.policy.ActiveRuleset;
import winterroom.policy.RuleInfo;
import winterroom.policy.Ruleset;
import winterroom.scenarios.Expectations;
import winterroom.scenarios.ScenarioFiles;
import winterroom.scenarios.ScenarioFiles.Scenario;
import winterroom.situation.SituationParser;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs every scenario file in scenarios/ against the shipped rules and checks its expectations. */
class ScenarioTest {
    static final Ruleset RULES = ActiveRuleset.load(Path.of("rules")).get();
    static final List<Scenario> SCENARIOS = ScenarioFiles.read(Path.of("scenarios"));
    static final Evaluator EVALUATOR = new Evaluator(Json.mapper(), 20000);

    static EvaluationResult evaluate(Scenario s) {
        return EVALUATOR.evaluate(RULES, SituationParser.parse(s.json(), RULES.catalogues()), s.file(), Instant.now());
    }

    @TestFactory
    Stream<DynamicTest> everyScenarioMeetsItsExpectations() {
        assertFalse(SCENARIOS.isEmpty(), "no scenarios found");
        return SCENARIOS.stream().map(s -> DynamicTest.dynamicTest(s.file() + ": " + s.name(), () -> {
            assertTrue(s.expect() != null && s.expect().size() > 0, s.file() + " has no expectations");
            List<String> broken = Expectations.check(s.expect(), evaluate(s));
            assertEquals(List.of(), broken, s.file() + " broke expectations");
        }));
    }

    /** Every rule that can miss has a scenario where it fires and one where it does not (its near miss). */
    @Test
    void everyRuleCodeHasAFiringScenarioAndANearMiss() {
        Set<String> codes = new TreeSet<>();
        for (RuleInfo r : RULES.rules()) if (!r.alwaysFires() && r.code() != null) codes.add(r.code());
        Map<String, List<String>> firing = new TreeMap<>();
        Map<String, List<String>> missing = new TreeMap<>();
        for (Scenario s : SCENARIOS) {
            s.expect().path("rules").forEach(c -> firing.computeIfAbsent(c.asText(), k -> new ArrayList<>()).add(s.file()));
            s.expect().path("notRules").forEach(c -> missing.computeIfAbsent(c.asText(), k -> new ArrayList<>()).add(s.file()));
        }
        // Rules over time fire only in exercise timelines: their steps' expectations count too (ExerciseReplayTest checks them).
        for (ExerciseFiles.ExerciseFile e : ExerciseFiles.readAll(Path.of("scenarios/exercises"))) {
            for (JsonNode step : e.json().path("steps")) {
                String where = e.file() + " " + step.path("label").asText();
                step.path("expect").path("rules").forEach(c -> firing.computeIfAbsent(c.asText(), k -> new ArrayList<>()).add(where));
                step.path("expect").path("notRules").forEach(c -> missing.computeIfAbsent(c.asText(), k -> new ArrayList<>()).add(where));
            }
        }
        List<String> gaps = new ArrayList<>();
        for (String code : codes) {
            if (!firing.containsKey(code)) gaps.add(code + " has no scenario that expects it to fire");
            if (!missing.containsKey(code)) gaps.add(code + " has no near-miss scenario that expects it not to fire");
        }
        assertEquals(List.of(), gaps);
    }
}
