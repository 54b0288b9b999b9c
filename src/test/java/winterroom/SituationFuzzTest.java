package winterroom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.Test;
import winterroom.scenarios.ScenarioFiles;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mutation fuzzing of situation JSON, seeded from the shipped scenarios: every answer is 2xx or
 * 4xx with a JSON body, never a 5xx. Seeded, so a failure repeats; the seed is in the message.
 */
class SituationFuzzTest {
    static final WinterRoom ROOM = WinterRoom.create(new ServiceConfig(0, Path.of("rules"), 20000));
    static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final int CASES = 400;

    @Test
    void mutatedSituationsNeverFailTheServer() {
        List<JsonNode> seeds = new ArrayList<>();
        ScenarioFiles.read(Path.of("scenarios")).forEach(s -> seeds.add(s.json()));
        long seed = Long.getLong("fuzz.seed", 20190112L);
        Random random = new Random(seed);
        JavalinTest.test(ROOM.newWebApp(), (server, client) -> {
            int accepted = 0;
            for (int i = 0; i < CASES; i++) {
                JsonNode situation = seeds.get(random.nextInt(seeds.size())).deepCopy();
                int mutations = 1 + random.nextInt(3);
                for (int m = 0; m < mutations; m++) situation = mutate(situation, random);
                String body = random.nextInt(20) == 0 ? truncate(situation.toString(), random) : situation.toString();
                Http.Answer a = Http.post(client, "/api/v1/evaluations", body);
                String context = "case " + i + " (seed " + seed + "): " + body;
                assertTrue(a.status() >= 200 && a.status() < 500, "status " + a.status() + " for " + context + " -> " + a.text());
                assertTrue(a.body() != null && a.body().isObject(), "JSON answer for " + context);
                if (a.status() >= 400) assertTrue(a.body().hasNonNull("error"), "error message for " + context);
                else accepted++;
            }
            // the fuzzer must reach the rules, not only the parser: some mutations keep a situation valid
            assertTrue(accepted > CASES / 20, "only " + accepted + " mutated situations were valid");
            assertEquals(201, Http.post(client, "/api/v1/evaluations", seeds.get(0).toString()).status());
        });
    }

    static String truncate(String json, Random random) {
        return json.substring(0, random.nextInt(Math.max(1, json.length())));
    }

    /** One random change somewhere in the tree: drop, replace, duplicate or retype a node. */
    static JsonNode mutate(JsonNode root, Random random) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode target = containers.get(random.nextInt(containers.size()));
        if (target instanceof ObjectNode o && o.size() > 0) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            String name = names.get(random.nextInt(names.size()));
            switch (random.nextInt(4)) {
                case 0 -> o.remove(name);
                case 1 -> o.set(name, randomValue(random));
                case 2 -> o.set(name + (random.nextBoolean() ? "x" : ""), o.get(name));
                default -> o.set(name, nudge(o.get(name), random));
            }
        } else if (target instanceof ArrayNode a && a.size() > 0) {
            int i = random.nextInt(a.size());
            switch (random.nextInt(3)) {
                case 0 -> a.remove(i);
                case 1 -> a.add(a.get(i).deepCopy());
                default -> a.set(i, randomValue(random));
            }
        }
        return root;
    }

    static void collect(JsonNode node, List<JsonNode> into) {
        if (node.isContainerNode()) {
            into.add(node);
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) collect(it.next(), into);
        }
    }

    /** Small changes that keep a value plausible, so many mutants stay valid and reach the rules. */
    static JsonNode nudge(JsonNode value, Random random) {
        if (value != null && value.isNumber()) return F.numberNode(value.asDouble() + (random.nextInt(21) - 10));
        if (value != null && value.isTextual()) return F.textNode(random.nextBoolean() ? value.asText().toLowerCase() : value.asText() + " ");
        return value == null ? F.nullNode() : value;
    }

    static JsonNode randomValue(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> F.nullNode();
            case 1 -> F.numberNode(-random.nextInt(1000));
            case 2 -> F.numberNode(1e308 * 10);
            case 3 -> F.textNode("\u0000\uFFFF" + random.nextInt());
            case 4 -> F.arrayNode().add(1).add("two");
            case 5 -> F.objectNode().put("x", 1);
            case 6 -> F.booleanNode(random.nextBoolean());
            case 7 -> F.numberNode(random.nextDouble() * 200);
            case 8 -> F.textNode("2019-02-30T25:00:00Z");
            default -> F.numberNode(Long.MAX_VALUE);
        };
    }
}
