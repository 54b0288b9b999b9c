package winterroom.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The audit recorder keeps at most so many entries, and so many facts in each, and says what it left out. */
class AuditCapTest {
    static final String PAIRS_AND_ALL = """
            package winterroom.rules
            import winterroom.facts.*
            import java.util.List

            rule "Every pair of measures"
                @code("TEST-PAIRS")
                @title("Fires once for each ordered pair of measures")
                @source("test fixture")
            when
                $a : Measure()
                $b : Measure()
            then
            end

            rule "All the measures at once"
                @code("TEST-ALL")
                @title("Collects every measure into one match")
                @source("test fixture")
                salience 100
            when
                $all : List( size > 0 ) from collect( Measure() )
            then
            end
            """;

    @Test
    void aRulesetThatFiresFarMoreThanAPlanNeedsGetsACappedTrail() {
        SortedMap<String, byte[]> files = RulesFolder.read(Path.of("rules"));
        files.put("capped.drl", PAIRS_AND_ALL.getBytes(StandardCharsets.UTF_8));
        CompileResult c = RulesetCompiler.compile(files);
        assertTrue(c.ok(), c.errors().toString());

        ObjectNode s = winterroom.TestSituations.trusts(125);
        var situation = SituationParser.parse(s, c.ruleset().catalogues());
        // 250 measures make 62,500 pairs: more than the trail keeps
        EvaluationResult r = new Evaluator(Json.mapper(), 200_000).evaluate(c.ruleset(), situation, "capped", Instant.EPOCH);

        List<AuditEntry> audit = r.audit();
        AuditEntry last = audit.get(audit.size() - 1);
        assertEquals(AuditRecorder.CAPPED_RULE, last.rule());
        int left = ((Number) last.matched().get(0).get("firingsNotRecorded")).intValue();
        long pairsKept = audit.stream().filter(e -> "TEST-PAIRS".equals(e.code())).count();
        assertTrue(pairsKept > 0 && pairsKept < AuditRecorder.MAX_ENTRIES, "pairs kept: " + pairsKept);
        assertTrue(pairsKept + left >= 62_500, "every pair was either kept or counted: " + pairsKept + " + " + left);

        List<AuditEntry> all = audit.stream().filter(e -> "TEST-ALL".equals(e.code())).toList();
        assertEquals(1, all.size());
        List<Map<String, Object>> matched = all.get(0).matched();
        assertEquals(AuditRecorder.MAX_FACTS + 1, matched.size());
        assertEquals(Map.of("type", "More", "notDescribed", 50), matched.get(AuditRecorder.MAX_FACTS));
    }
}
