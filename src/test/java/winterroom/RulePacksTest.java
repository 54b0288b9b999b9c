package winterroom;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import winterroom.engine.EvaluationResult;
import winterroom.engine.Evaluator;
import winterroom.policy.ActiveRuleset;
import winterroom.policy.Ruleset;
import winterroom.scenarios.ScenarioFiles;
import winterroom.situation.SituationParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rule packs as policy data: the risk matrix decides priority, findings have their documented shape. */
class RulePacksTest {
    static final Evaluator EVALUATOR = new Evaluator(Json.mapper(), 20000);

    static EvaluationResult evaluate(Ruleset rules, String scenario) throws IOException {
        JsonNode json = Json.mapper().readTree(Files.readString(Path.of("scenarios", scenario)));
        return EVALUATOR.evaluate(rules, SituationParser.parse(json, rules.catalogues()), scenario, Instant.now());
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
    }

    @Test
    void theShippedRulesCompileWithoutWarningsAndRecommendOnlyCataloguedActions() {
        Ruleset rules = ActiveRuleset.load(Path.of("rules")).get();
        assertEquals(List.of(), rules.warnings());
        for (var s : ScenarioFiles.read(Path.of("scenarios"))) {
            var r = EVALUATOR.evaluate(rules, SituationParser.parse(s.json(), rules.catalogues()), s.file(), Instant.now());
            for (var a : r.recommendations()) {
                assertTrue(!a.category().equals("UNCATALOGUED"), s.file() + " recommends " + a.action() + ", which is not in the catalogue");
                assertTrue(a.provider() != null && a.recipient() != null, a.action() + " names provider and recipient");
            }
        }
    }

    @Test
    void dischargeFindingsNameThePathwayAndTheGap() throws IOException {
        Ruleset rules = ActiveRuleset.load(Path.of("rules")).get();
        List<Map<String, Object>> d = evaluate(rules, "d2a-pathways-over-capacity.json").findings().get("discharge");
        Map<String, Object> p1 = d.stream().filter(f -> Integer.valueOf(1).equals(f.get("pathway"))).findFirst().orElseThrow();
        assertEquals(55L, p1.get("waiting"));
        assertEquals(40L, p1.get("capacity"));
        assertEquals(15L, p1.get("gap"));
        Map<String, Object> dtoc = evaluate(rules, "d2a-dtoc-from-counts.json").findings().get("discharge").get(0);
        assertEquals(2.5, dtoc.get("value"));
        assertEquals(2.4, dtoc.get("target"));
        assertEquals(0.1, dtoc.get("gap"), "arithmetic noise is rounded away");
    }

    /**
     * The same score has different priorities in different cells (15 is Medium at likelihood 5 x
     * consequence 3 and Very High at 3 x 5): a policy owner moves two risks into those cells by
     * editing the register, and the priorities follow the matrix with no rule change.
     */
    @Test
    void priorityFollowsTheMatrixCellNotTheScore(@TempDir Path tmp) throws IOException {
        Path folder = tmp.resolve("rules");
        copy(Path.of("rules"), folder);
        Path register = folder.resolve("tables/risk-register.csv");
        String csv = Files.readString(register)
                .replace("ADVERSE_WEATHER,3,Adverse weather limits the system's capacity to meet demand,2,5,",
                        "ADVERSE_WEATHER,3,Adverse weather limits the system's capacity to meet demand,5,3,")
                .replace("FLU,4,Flu or infection outbreaks compromise staff and services,3,4,",
                        "FLU,4,Flu or infection outbreaks compromise staff and services,3,5,");
        assertTrue(csv.contains("demand,5,3,") && csv.contains("services,3,5,"), "the register was edited");
        Files.writeString(register, csv);
        Ruleset edited = ActiveRuleset.load(folder).get();

        Map<String, Object> weather = evaluate(edited, "ev-adverse-weather.json").findings().get("event").get(0);
        assertEquals(15L, ((Number) weather.get("score")).longValue());
        assertEquals("Medium", weather.get("priority"));
        Map<String, Object> flu = evaluate(edited, "ev-flu-and-norovirus.json").findings().get("event").stream()
                .filter(f -> f.get("event").equals("FLU")).findFirst().orElseThrow();
        assertEquals(15L, ((Number) flu.get("score")).longValue());
        assertEquals("Very High", flu.get("priority"));
        assertTrue(evaluate(edited, "ev-flu-and-norovirus.json").recommendations().stream()
                .filter(r -> r.action().equals("FLU_POCT_AE")).findFirst().orElseThrow()
                .reasons().get(0).contains("Very High priority"));

        // the shipped register: adverse weather is likelihood 2 x consequence 5, Medium
        Map<String, Object> shipped = evaluate(ActiveRuleset.load(Path.of("rules")).get(), "ev-adverse-weather.json").findings().get("event").get(0);
        assertEquals("Medium", shipped.get("priority"));
        assertEquals(10L, ((Number) shipped.get("score")).longValue());
    }

    /** Drools caches decision-table DRL by path: two rulesets with different policy values must not share it. */
    @Test
    void anEditedDecisionTableDoesNotLeakIntoAnotherRuleset(@TempDir Path tmp) throws IOException {
        Path folder = tmp.resolve("rules");
        copy(Path.of("rules"), folder);
        Path values = folder.resolve("tables/policy-values.csv");
        Files.writeString(values, Files.readString(values).replace("T3.handovers_over_60_more_than,5,", "T3.handovers_over_60_more_than,4,"));
        Ruleset shipped = ActiveRuleset.load(Path.of("rules")).get();
        Ruleset edited = ActiveRuleset.load(folder).get();
        Ruleset shippedAgain = ActiveRuleset.load(Path.of("rules")).get();
        assertEquals(List.of("T3"), evaluate(edited, "t3-near-miss-five-handovers.json").triggerCodes());
        assertEquals(List.of(), evaluate(shipped, "t3-near-miss-five-handovers.json").triggerCodes());
        assertEquals(List.of(), evaluate(shippedAgain, "t3-near-miss-five-handovers.json").triggerCodes());
    }
}
