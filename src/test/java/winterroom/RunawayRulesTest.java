package winterroom;

import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static winterroom.Http.get;
import static winterroom.Http.post;

/** A rule that loops forever is stopped and reported as a 422 naming it, while other requests carry on. */
class RunawayRulesTest {
    static final String LOOPING_RULE = """
            package winterroom.rules
            import winterroom.facts.*

            rule "Rewrites its own event for ever"
                @code("TEST-LOOP")
                @title("A deliberately broken rule that re-activates itself")
                @source("test fixture")
            when
                $e : Event( type == EventType.MAJOR_INCIDENT, description == "loop" )
            then
                modify($e) { setDescription("loop") }
            end
            """;

    static final String LOOPING_SITUATION = """
            {"asOf": "2019-01-16T07:30:00Z", "organisations": [{"code": "LTHT", "type": "ACUTE"}],
             "events": [{"type": "MAJOR_INCIDENT", "description": "loop"}]}""";

    static final String ORDINARY_SITUATION = """
            {"asOf": "2019-01-16T07:30:00Z", "organisations": [{"code": "LTHT", "type": "ACUTE", "reportedOpel": 2}],
             "measures": [{"org": "LTHT", "metric": "ambulance_handover_over_60_min", "value": 6}]}""";

    static Path rulesWithLoop(Path dir) throws IOException {
        Path rules = TestRules.copy(dir);
        Files.writeString(rules.resolve("broken-loop.drl"), LOOPING_RULE);
        return rules;
    }

    @Test
    void theFiringLimitStopsALoopingRule(@TempDir Path dir) throws IOException {
        WinterRoom room = WinterRoom.create(new ServiceConfig(0, rulesWithLoop(dir), 5000, Duration.ofSeconds(30)));
        JavalinTest.test(room.newWebApp(), (server, client) -> {
            Http.Answer stopped = post(client, "/api/v1/evaluations", LOOPING_SITUATION);
            assertEquals(422, stopped.status());
            // the limit is the configured 5000 plus a share for each of the situation's 3 facts
            assertTrue(stopped.body().get("error").asText().contains("limit of 5075 rule firings"), stopped.text());
            assertEquals("Rewrites its own event for ever", stopped.body().at("/details/0/message").asText());

            Http.Answer fine = post(client, "/api/v1/evaluations", ORDINARY_SITUATION);
            assertEquals(201, fine.status(), fine.text());
            assertTrue(fine.body().at("/exceptionReport/triggers").toString().contains("T3"));
            assertTrue(get(client, "/metrics").text().contains("outcome=\"runaway\""));
        });
    }

    @Test
    void theTimeLimitStopsALoopingRuleTooFastForTheFiringLimit(@TempDir Path dir) throws IOException {
        WinterRoom room = WinterRoom.create(new ServiceConfig(0, rulesWithLoop(dir), Integer.MAX_VALUE, Duration.ofSeconds(3)));
        JavalinTest.test(room.newWebApp(), (server, client) -> {
            Http.Answer stopped = post(client, "/api/v1/evaluations", LOOPING_SITUATION);
            assertEquals(422, stopped.status());
            assertTrue(stopped.body().get("error").asText().contains("time limit of 3000 ms"), stopped.text());
            assertEquals(201, post(client, "/api/v1/evaluations", ORDINARY_SITUATION).status());
        });
    }
}
