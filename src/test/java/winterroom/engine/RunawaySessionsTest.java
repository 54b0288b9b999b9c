package winterroom.engine;

import org.junit.jupiter.api.Test;
import winterroom.Json;
import winterroom.policy.CompileResult;
import winterroom.policy.RulesFolder;
import winterroom.policy.Ruleset;
import winterroom.policy.RulesetCompiler;
import winterroom.situation.Situation;
import winterroom.situation.SituationParser;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.SortedMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rules that never settle, in the warm-session set-up (which runs the ruleset's own rules over the
 * catalogue) and in an evaluation: both are stopped by the evaluation's firing and time limits, the
 * answer names the rule, and the session they ran in is disposed of rather than kept or pooled.
 */
class RunawaySessionsTest {
    static final String HEAD = "package winterroom.rules\nimport winterroom.facts.*\n\n";

    /** A rule that re-fires on its own update for ever, on facts of the given pattern. */
    static String looping(String name, String pattern) {
        return HEAD + "rule \"" + name + "\"\n    @code(\"TEST-LOOP\")\n    @title(\"loops\")\n    @source(\"test fixture\")\n"
                + "when\n    $f : " + pattern + "\nthen\n    update($f);\nend\n";
    }

    static Ruleset with(String drl) {
        SortedMap<String, byte[]> files = RulesFolder.read(Path.of("rules"));
        files.put("looping.drl", drl.getBytes(StandardCharsets.UTF_8));
        CompileResult c = RulesetCompiler.compile(files);
        assertTrue(c.ok(), c.errors().toString());
        return c.ruleset();
    }

    static Situation leeds(Ruleset ruleset) {
        return SituationParser.parse(winterroom.TestSituations.trusts(3), ruleset.catalogues());
    }

    @Test
    void aSetUpThatLoopsIsStoppedByTheFiringLimitAndThrownAway() {
        Ruleset ruleset = with(looping("Set-up loop", "CatalogueAction()"));
        Evaluator evaluator = new Evaluator(Json.mapper(), 5_000, Duration.ofSeconds(30));
        for (int i = 0; i < 5; i++) {
            RunawayRulesException e = assertThrows(RunawayRulesException.class,
                    () -> evaluator.evaluate(ruleset, leeds(ruleset), "loop", Instant.EPOCH));
            assertEquals("Set-up loop", e.rule(), e.getMessage());
            assertTrue(e.getMessage().contains("limit of"), e.getMessage());
        }
        assertEquals(0, ruleset.kieBase().getKieSessions().size(), "every runaway set-up's session was disposed of");
    }

    @Test
    void aSetUpThatRunsPastTheTimeLimitIsStoppedByIt() {
        Ruleset ruleset = with(looping("Set-up loop", "CatalogueAction()"));
        Evaluator evaluator = new Evaluator(Json.mapper(), Integer.MAX_VALUE, Duration.ofMillis(300));
        RunawayRulesException e = assertThrows(RunawayRulesException.class,
                () -> evaluator.evaluate(ruleset, leeds(ruleset), "loop", Instant.EPOCH));
        assertTrue(e.getMessage().contains("time limit of 300 ms"), e.getMessage());
        assertEquals("Set-up loop", e.rule(), e.getMessage());
        assertEquals(0, ruleset.kieBase().getKieSessions().size(), "the timed-out set-up's session was disposed of");
    }

    @Test
    void anEvaluationThatLoopsIsStoppedAndItsSessionIsNotPooled() {
        Ruleset ruleset = with(looping("Evaluation loop", "Organisation()"));
        Evaluator evaluator = new Evaluator(Json.mapper(), 5_000, Duration.ofSeconds(30));
        for (int i = 0; i < 5; i++) {
            RunawayRulesException e = assertThrows(RunawayRulesException.class,
                    () -> evaluator.evaluate(ruleset, leeds(ruleset), "loop", Instant.EPOCH));
            assertEquals("Evaluation loop", e.rule(), e.getMessage());
        }
        assertEquals(0, ruleset.kieBase().getKieSessions().size(), "no runaway session is left behind or given back to the pool");
    }
}
