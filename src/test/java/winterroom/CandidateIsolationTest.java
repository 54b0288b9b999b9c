package winterroom;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import winterroom.changes.CandidateSandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static winterroom.Http.get;
import static winterroom.Http.post;
import static winterroom.Http.put;

/**
 * Candidates that pass the static check yet would harm the process they run in (a join that grows
 * without bound, a consequence that runs for minutes) are tried in a worker process: they come back as
 * 422s that say what happened and name the rule, while the service keeps serving and its ruleset and
 * rules folder stay as they were.
 */
class CandidateIsolationTest {
    /** No Java at all, so nothing for the static check to refuse: four measures deep, 60 measures make 13 million matches. */
    static final String EXPLODING_JOIN = """
            package winterroom.rules
            import winterroom.facts.*

            rule "Every four measures together"
                @code("TEST-JOIN")
                @title("A join with no constraint, four patterns deep")
                @source("test fixture")
            when
                $a : Measure()
                $b : Measure()
                $c : Measure()
                $d : Measure()
            then
            end
            """;

    /** Bounded loops only, but a million steps a firing and a firing for every three measures (216,000 of them). */
    static final String SLOW_CONSEQUENCE = """
            package winterroom.rules
            import winterroom.facts.*

            function long spin() {
                long s = 0;
                for (int i = 0; i < 1000; i++) {
                    for (int j = 0; j < 1000; j++) {
                        s = s + (i ^ j);
                    }
                }
                return s;
            }

            rule "Spins for every three measures"
                @code("TEST-SPIN")
                @title("A consequence that takes a long time")
                @source("test fixture")
            when
                $a : Measure()
                $b : Measure()
                $c : Measure()
            then
                long s = spin();
            end
            """;

    /** A scenario of 30 trusts with two measures each, the only case candidates are tried on. */
    static Path scenarios(Path dir) throws IOException {
        Path to = dir.resolve("scenarios");
        Files.createDirectories(to.resolve("exercises"));
        ObjectNode s = TestSituations.trusts(30);
        s.put("name", "Thirty trusts");
        Files.writeString(to.resolve("thirty-trusts.json"), Json.mapper().writeValueAsString(s));
        return to;
    }

    /** Firing and evaluation limits far above the candidate's, so only the worker's time limit can stop it. */
    static WinterRoom room(Path dir, Duration candidateTime, int heapMb) throws IOException {
        ServiceConfig config = new ServiceConfig(0, TestRules.copy(dir), 10_000_000, Duration.ofMinutes(10), scenarios(dir))
                .withCandidateLimits(new CandidateSandbox.Limits(candidateTime, heapMb));
        return WinterRoom.create(config);
    }

    static String candidate(String file, String drl) throws IOException {
        return Json.mapper().writeValueAsString(Map.of("files", Map.of(file, drl)));
    }

    static final String SITUATION = """
            {"asOf": "2019-01-16T07:30:00Z", "organisations": [{"code": "LTHT", "type": "ACUTE", "reportedOpel": 2}],
             "measures": [{"org": "LTHT", "metric": "ambulance_handover_over_60_min", "value": 6}]}""";

    @Test
    void aJoinThatGrowsWithoutBoundRunsOutOfItsWorkersMemoryNotTheServices(@TempDir Path dir) throws IOException {
        WinterRoom room = room(dir, Duration.ofSeconds(60), 96);
        String before = room.ruleChanges().active().version();
        JavalinTest.test(room.newWebApp(), (server, client) -> {
            String body = candidate("exploding.drl", EXPLODING_JOIN);
            assertEquals(200, post(client, "/api/v1/rules/validate", body).status(), "it compiles: only running it harms");

            Http.Answer preview = post(client, "/api/v1/rules/preview", body);
            assertEquals(422, preview.status(), preview.text());
            assertTrue(preview.body().get("error").asText().contains("ran out of memory"), preview.text());

            Http.Answer activate = put(client, "/api/v1/rules/files/exploding.drl", EXPLODING_JOIN, "Content-Type", "text/plain");
            assertEquals(422, activate.status(), activate.text());
            assertTrue(activate.body().get("error").asText().contains("ran out of memory"), activate.text());

            assertEquals(201, post(client, "/api/v1/evaluations", SITUATION).status(), "the service keeps serving");
            assertEquals(before, get(client, "/api/v1/rules").body().get("version").asText());
        });
        assertFalse(Files.exists(dir.resolve("rules/exploding.drl")), "the refused file was not written");
    }

    @Test
    void aConsequenceThatRunsPastTheTimeLimitIsRefusedNamingTheRule(@TempDir Path dir) throws IOException {
        // long enough for the worker to start and compile on a loaded machine; the rule would spin for minutes
        WinterRoom room = room(dir, Duration.ofSeconds(45), 256);
        JavalinTest.test(room.newWebApp(), (server, client) -> {
            Http.Answer preview = post(client, "/api/v1/rules/preview", candidate("spin.drl", SLOW_CONSEQUENCE));
            assertEquals(422, preview.status(), preview.text());
            String error = preview.body().get("error").asText();
            // the watch names the rule firing at the limit, or just between two firings, the one that fired last
            assertTrue(error.contains("ran past its time limit of 45 s while rule 'Spins for every three measures' was firing")
                    || error.contains("(the last rule to fire was 'Spins for every three measures')"), error);
            assertEquals("spin.drl", preview.body().at("/details/0/field").asText(), preview.text());
            assertEquals(201, post(client, "/api/v1/evaluations", SITUATION).status(), "the service keeps serving");
        });
    }
}
