package winterroom.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import winterroom.Json;
import winterroom.api.EvaluationAnswer;
import winterroom.engine.EvaluationResult;
import winterroom.engine.Evaluator;
import winterroom.policy.ActiveRuleset;
import winterroom.policy.Ruleset;
import winterroom.situation.SituationParser;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A result written once ({@link ResultJson}) is byte for byte what its JSON tree wrote, as results were kept before,
 * and the answer cut from it is byte for byte the answer made from the tree, for every shipped scenario.
 */
class ResultJsonTest {
    static final List<EvaluationResult> RESULTS = new ArrayList<>();

    @BeforeAll
    static void evaluateEveryScenario() throws Exception {
        Ruleset ruleset = ActiveRuleset.load(Path.of("rules")).get();
        Evaluator evaluator = new Evaluator(Json.mapper(), 20000);
        try (var files = Files.list(Path.of("scenarios"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                ObjectNode input = (ObjectNode) Json.mapper().readTree(p.toFile());
                input.remove("expect");
                RESULTS.add(evaluator.evaluate(ruleset, SituationParser.parse(input, ruleset.catalogues()), "id-" + p.getFileName(),
                        Instant.parse("2026-12-03T10:15:30.123456Z")));
            }
        }
        assertTrue(RESULTS.size() > 90, "the shipped scenarios were found");
    }

    @Test
    void aResultIsWrittenAsItsTreeWasForEveryScenario() throws Exception {
        for (EvaluationResult r : RESULTS) {
            String tree = Json.mapper().writeValueAsString(Json.mapper().valueToTree(r));
            String once = ResultJson.write(r, json -> new String(json.copy(), StandardCharsets.UTF_8));
            assertEquals(tree, once, r.id());
            // written again, what every evaluation repeats is copied as first written (Repeats)
            assertEquals(tree, ResultJson.write(r, json -> new String(json.copy(), StandardCharsets.UTF_8)), r.id() + ", again");
        }
    }

    @Test
    void theAnswerCutFromTheBytesIsTheAnswerFromTheTree() throws Exception {
        List<Set<String>> includes = List.of(Set.of(), Set.of("recommendations"), Set.of("audit"), Set.of("audit", "recommendations"));
        for (EvaluationResult r : RESULTS) {
            JsonNode tree = Json.mapper().valueToTree(r);
            for (Set<String> include : includes) {
                for (String actor : List.of("local", "Jo \"the\" Bloggs \u2014 \u00e9\u5317 </script>")) {
                    String fromTree = Json.mapper().writeValueAsString(EvaluationAnswer.of(tree, actor, include));
                    String cut = ResultJson.write(r, json -> new String(EvaluationAnswer.of(json, actor, include), StandardCharsets.UTF_8));
                    assertEquals(fromTree, cut, r.id() + " " + include);
                }
            }
        }
    }

    @Test
    void theTopLevelFieldsAreFoundWhateverTheirContent() throws Exception {
        EvaluationResult r = RESULTS.get(0);
        ResultJson.write(r, json -> {
            JsonNode tree = Json.mapper().valueToTree(r);
            List<String> names = new ArrayList<>();
            tree.fieldNames().forEachRemaining(names::add);
            assertEquals(names, json.names());
            for (int i = 0; i < names.size(); i++) {
                java.io.ByteArrayOutputStream field = new java.io.ByteArrayOutputStream();
                try {
                    json.writeField(i, field);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                assertEquals("\"" + names.get(i) + "\":" + tree.get(names.get(i)), field.toString(StandardCharsets.UTF_8));
            }
            return null;
        });
    }

    public record Numbers(double d, Double boxed, float f, Float boxedFloat, BigDecimal decimal, long l, int i, List<Object> any,
                          Map<String, Object> map) {}

    @Test
    void decimalsAreWrittenAsATreeWritesThem() throws Exception {
        double[] doubles = {2.0, 100.0, 120.0, 0.1, 1e-5, 1e-7, 1e7, 1.5e10, 12.345, 3.2, 0.0, -0.0, -2.5, 1e21, 1e300, 123456789.0,
                Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (double d : doubles) {
            Numbers n = new Numbers(d, d, (float) d, (float) d, new BigDecimal("12.500"), 42L, 7, List.of(d, (float) d, new BigDecimal("1.0E+3")),
                    Map.of("x", d));
            assertEquals(Json.mapper().writeValueAsString(Json.mapper().valueToTree(n)), new String(ResultJson.treeLike(n), StandardCharsets.UTF_8),
                    "for " + d);
        }
    }

    @Test
    void aDoublesDigitsAreLaidOutAsBigDecimalLaysThemOut() {
        java.util.Random random = new java.util.Random(20261203);
        char[] coefficient = new char[24], out = new char[32];
        for (int i = 0; i < 1_000_000; i++) {
            double d = switch (i % 5) {
                case 0 -> Double.longBitsToDouble(random.nextLong());                                     // any bits
                case 1 -> random.nextInt(2_000_001) - 1_000_000;                                           // whole numbers
                case 2 -> (random.nextInt(200_001) - 100_000) / Math.pow(10, random.nextInt(9));          // a few decimals
                case 3 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);                     // any magnitude
                default -> Math.pow(10, random.nextInt(60) - 30) * (random.nextBoolean() ? 1 : -1);        // powers of ten
            };
            if (!Double.isFinite(d)) continue;
            String expected = new BigDecimal(Double.toString(d)).stripTrailingZeros().toString();
            assertEquals(expected, new String(out, 0, ResultJson.treeDigits(Double.toString(d), coefficient, out)), "for " + d);
            assertEquals(expected, new String(out, 0, ResultJson.treeDigits(d, coefficient, out)), "from the double, for " + d);
        }
        for (double d : new double[]{0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, 1e-7, 1e-6, 1e-3, 1e7, 9999999.0, 1e22,
                100, -1500, 10_000_000, 9007199254740991.0, 9007199254740992.0, -9007199254740993.0, 123456789012345.0}) {
            assertEquals(new BigDecimal(Double.toString(d)).stripTrailingZeros().toString(),
                    new String(out, 0, ResultJson.treeDigits(Double.toString(d), coefficient, out)), "for " + d);
            assertEquals(new BigDecimal(Double.toString(d)).stripTrailingZeros().toString(),
                    new String(out, 0, ResultJson.treeDigits(d, coefficient, out)), "from the double, for " + d);
        }
    }
}
