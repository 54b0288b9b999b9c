package winterroom.engine;

import org.junit.jupiter.api.Test;
import winterroom.Json;
import winterroom.policy.CompileResult;
import winterroom.policy.RulesFolder;
import winterroom.policy.RulesetCompiler;
import winterroom.situation.SituationParser;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A warm session's constant facts are described once, at its set-up, and that description stands in the audit of
 * every evaluation on it; a rule that modifies one gets it described as it then is, and the session is not used again.
 * An evaluation's own facts share one description for as long as they stay the same.
 */
class ConstantFactsTest {
    static final String RAISES_A_POLICY_VALUE = """
            package winterroom.rules
            import winterroom.facts.*

            rule "Raise the trolley-wait value"
                @code("TEST-RAISE")
                @title("Modifies a policy value in force")
                @source("test fixture")
                salience 1000
            when
                $p : PolicyValue( name == "T2.trolley_12h_at_least", value < 500 )
                exists Measure()
            then
                modify($p) { setValue(500) }
            end

            rule "See the trolley-wait value"
                @code("TEST-SEE")
                @title("Matches the policy value")
                @source("test fixture")
                salience 900
            when
                $p : PolicyValue( name == "T2.trolley_12h_at_least" )
                exists Measure()
            then
            end
            """;

    static final String CHANGES_A_MEASURE_UNSEEN = """
            package winterroom.rules
            import winterroom.facts.*

            rule "Note the A&E measure"
                @code("TEST-NOTE")
                @title("Matches the measure as it was submitted")
                @source("test fixture")
                salience 1000
            when
                $m : Measure( org == "LTHT", metric == "ae_4h_pct" )
            then
            end

            rule "Change the A&E measure without telling the engine"
                @code("TEST-CHANGE")
                @title("Sets the measure's value outside modify")
                @source("test fixture")
                salience 900
            when
                $m : Measure( org == "LTHT", metric == "ae_4h_pct" )
            then
                $m.setValue(1.0);
            end

            rule "See the A&E measure"
                @code("TEST-SEE-MEASURE")
                @title("Matches the measure after the change")
                @source("test fixture")
                salience 800
            when
                $m : Measure( org == "LTHT", metric == "ae_4h_pct" )
            then
            end
            """;

    @Test
    void anOwnFactListedAgainUnchangedSharesItsDescription() throws Exception {
        CompileResult c = RulesetCompiler.compile(RulesFolder.read(Path.of("rules")));
        assertTrue(c.ok(), c.errors().toString());
        EvaluationResult r = new Evaluator(Json.mapper(), 20_000).evaluate(c.ruleset(), leeds(c), "own", Instant.EPOCH);
        List<Map<String, Object>> lthtOpel = r.audit().stream().flatMap(e -> e.matched().stream())
                .filter(m -> "OrgOpel".equals(m.get("type")) && "LTHT".equals(m.get("org"))).toList();
        assertTrue(lthtOpel.size() > 1, "LTHT's OPEL is matched by several rules");
        assertTrue(lthtOpel.stream().allMatch(d -> d == lthtOpel.get(0)), "each lists the one description");
        assertTrue(((FactDescription) lthtOpel.get(0)).repeated(), "and it is marked as worth keeping written");
    }

    @Test
    void aFactChangedWithoutModifyIsDescribedAsItThenIs() throws Exception {
        SortedMap<String, byte[]> files = RulesFolder.read(Path.of("rules"));
        files.put("unseen.drl", CHANGES_A_MEASURE_UNSEEN.getBytes(StandardCharsets.UTF_8));
        CompileResult c = RulesetCompiler.compile(files);
        assertTrue(c.ok(), c.errors().toString());
        EvaluationResult r = new Evaluator(Json.mapper(), 20_000).evaluate(c.ruleset(), leeds(c), "unseen", Instant.EPOCH);
        Map<String, Object> before = measure(r, "TEST-NOTE"), after = measure(r, "TEST-SEE-MEASURE");
        assertEquals(83.2, ((Number) before.get("value")).doubleValue(), "listed as submitted before the change");
        assertEquals(1.0, ((Number) after.get("value")).doubleValue(), "listed as changed after it");
        assertTrue(before != after, "the changed fact has a description of its own");
    }

    private static winterroom.situation.Situation leeds(CompileResult c) throws java.io.IOException {
        var leeds = (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(Path.of("scenarios/leeds-whole-system-winter-day.json").toFile());
        leeds.remove("expect");
        return SituationParser.parse(leeds, c.ruleset().catalogues());
    }

    private static Map<String, Object> measure(EvaluationResult r, String code) {
        return r.audit().stream().filter(e -> code.equals(e.code())).findFirst().orElseThrow().matched().stream()
                .filter(m -> "Measure".equals(m.get("type"))).findFirst().orElseThrow();
    }

    @Test
    void theShippedRulesMatchConstantFactsByTheirOneDescription() throws Exception {
        CompileResult c = RulesetCompiler.compile(RulesFolder.read(Path.of("rules")));
        assertTrue(c.ok(), c.errors().toString());
        var leeds = (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(Path.of("scenarios/leeds-whole-system-winter-day.json").toFile());
        leeds.remove("expect");
        var situation = SituationParser.parse(leeds, c.ruleset().catalogues());
        Evaluator evaluator = new Evaluator(Json.mapper(), 20_000);
        EvaluationResult first = evaluator.evaluate(c.ruleset(), situation, "a", Instant.EPOCH);
        EvaluationResult second = evaluator.evaluate(c.ruleset(), situation, "b", Instant.EPOCH);
        Map<String, Object> constant = catalogueAction(first);
        assertInstanceOf(FactDescription.class, constant, "a catalogue action is described at set-up");
        assertTrue(catalogueActions(second).contains(constant) && catalogueActions(second).stream().anyMatch(d -> d == constant),
                "the next evaluation on the same warm session shows the same description");
    }

    @Test
    void aConstantFactARuleModifiesIsDescribedAsItThenIs() {
        SortedMap<String, byte[]> files = RulesFolder.read(Path.of("rules"));
        files.put("raise.drl", RAISES_A_POLICY_VALUE.getBytes(StandardCharsets.UTF_8));
        CompileResult c = RulesetCompiler.compile(files);
        assertTrue(c.ok(), c.errors().toString());
        var situation = SituationParser.parse(winterroom.TestSituations.trusts(1), c.ruleset().catalogues());
        Evaluator evaluator = new Evaluator(Json.mapper(), 20_000);
        // without its audit trail (a batch) as with it, the session whose constant was modified is not used again
        evaluator.evaluate(c.ruleset(), situation, "batch", Instant.EPOCH, false);
        for (String id : List.of("first", "second")) {
            EvaluationResult r = evaluator.evaluate(c.ruleset(), situation, id, Instant.EPOCH);
            // fired once in the second evaluation too: the session whose constant was modified was not used again
            only(r, "TEST-RAISE");
            Map<String, Object> seen = only(r, "TEST-SEE");
            assertEquals(500.0, ((Number) seen.get("value")).doubleValue(), id + ": matched after the modify, as it then was");
        }
    }

    private static Map<String, Object> only(EvaluationResult r, String code) {
        List<AuditEntry> entries = r.audit().stream().filter(e -> code.equals(e.code())).toList();
        assertEquals(1, entries.size(), code + " fired once in " + r.id());
        return entries.get(0).matched().stream().filter(m -> "PolicyValue".equals(m.get("type"))).findFirst().orElseThrow();
    }

    private static List<Map<String, Object>> catalogueActions(EvaluationResult r) {
        return r.audit().stream().flatMap(e -> e.matched().stream()).filter(m -> "CatalogueAction".equals(m.get("type"))).toList();
    }

    private static Map<String, Object> catalogueAction(EvaluationResult r) {
        List<Map<String, Object>> all = catalogueActions(r);
        assertTrue(!all.isEmpty(), "a rule matched a catalogue action");
        return all.get(0);
    }
}
