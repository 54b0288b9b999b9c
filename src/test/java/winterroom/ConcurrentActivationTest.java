package winterroom;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import winterroom.Http.Answer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static winterroom.Http.post;
import static winterroom.Http.put;

/**
 * Evaluations keep running while rulesets are activated again and again: no request fails, every
 * result names a version that was active, and its content is what that version says (T3 fires
 * under the shipped "more than 5" and not under "more than 10").
 */
class ConcurrentActivationTest {
    static final int EVALUATORS = 4;
    static final int ACTIVATIONS = 6;

    @Test
    void evaluationsNeverFailAndAlwaysNameTheVersionTheyRanOn(@TempDir Path dir) throws Exception {
        WinterRoom room = TestRules.room(dir);
        Path folder = room.ruleChanges().folder();
        String original = room.evaluations().ruleset().version();
        String shipped = TestRules.read(folder.resolve(RuleChangesApiTest.POLICY_VALUES));
        String raised = RuleChangesApiTest.t3MoreThan(folder, 10);
        String example = Files.readString(Path.of("scenarios/example-saturday-handover-delays.json"));   // 7 handovers over an hour

        JavalinTest.test(room.newWebApp(), (server, client) -> {
            Set<String> activated = ConcurrentHashMap.newKeySet();
            activated.add(original);
            List<String> failures = new CopyOnWriteArrayList<>();
            Map<String, Integer> seen = new ConcurrentHashMap<>();
            AtomicBoolean done = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(EVALUATORS);
            List<Future<?>> evaluators = new java.util.ArrayList<>();
            for (int i = 0; i < EVALUATORS; i++) {
                evaluators.add(pool.submit(() -> {
                    while (!done.get()) {
                        Answer a = post(client, "/api/v1/evaluations?include=audit", example);
                        if (a.status() != 201) {
                            failures.add(a.status() + " " + a.text());
                            continue;
                        }
                        String version = a.body().get("rulesetVersion").asText();
                        boolean t3 = a.body().at("/exceptionReport/triggers").toString().contains("\"T3\"");
                        seen.merge(version, 1, Integer::sum);
                        JsonNode audit = a.body().get("audit");
                        if (audit.isEmpty()) failures.add("no audit on " + version);
                        if (version.equals(original) != t3) failures.add("version " + version + " but T3 " + (t3 ? "fired" : "did not fire"));
                    }
                }));
            }
            try {
                for (int i = 0; i < ACTIVATIONS; i++) {
                    String content = i % 2 == 0 ? raised : shipped;
                    Answer a = put(client, "/api/v1/rules/files/" + RuleChangesApiTest.POLICY_VALUES + "?force=true", content,
                            "Content-Type", "text/csv", "X-Change-Note", "round " + i);
                    assertEquals(200, a.status(), a.text());
                    activated.add(a.body().get("version").asText());
                    Thread.sleep(300);   // let evaluations run on this version too
                }
            } finally {
                done.set(true);
                for (Future<?> f : evaluators) f.get(120, TimeUnit.SECONDS);
                pool.shutdown();
            }
            assertEquals(List.of(), failures);
            assertTrue(activated.containsAll(seen.keySet()), "every result names an activated version: " + seen + " of " + activated);
            assertEquals(2, activated.size());
            assertEquals(2, seen.size(), "evaluations ran on both versions: " + seen);
            assertEquals(ACTIVATIONS + 1, room.ruleChanges().versions().activations().size());
        });
    }
}
