package winterroom;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import winterroom.Http.Answer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static winterroom.Http.get;
import static winterroom.Http.post;

/** Edits made straight in the rules folder are picked up; a broken edit is reported and the active ruleset keeps serving. */
class RulesFolderReloadTest {
    static final String EXTRA_RULE = """
            package winterroom.rules
            import winterroom.facts.*

            rule "Extra: a major incident is always worth a sitrep call"
                @code("TEST-EXTRA")
                @title("A rule added by editing the folder")
                @source("test fixture")
            when
                Event( type == EventType.MAJOR_INCIDENT, description == "never in any scenario" )
            then
                insertLogical(new Recommendation("SITREP_CALL", null, "a major incident"));
            end
            """;

    /** Waits (polling, up to a generous bound for a loaded machine) until the condition holds. */
    static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting until " + what);
            Thread.sleep(100);
        }
    }

    @Test
    void folderEditsArePickedUpAndABrokenEditNeverStopsTheService(@TempDir Path dir) throws Exception {
        WinterRoom room = TestRules.room(dir);
        Path folder = room.ruleChanges().folder();
        String original = room.evaluations().ruleset().version();
        String example = Files.readString(Path.of("scenarios/example-saturday-handover-delays.json"));
        room.ruleChanges().watch(Duration.ofMillis(200));
        try {
            JavalinTest.test(room.newWebApp(), (server, client) -> {
                // a good edit: picked up without asking
                Files.writeString(folder.resolve("extra.drl"), EXTRA_RULE);
                eventually("the extra rule is active", () -> !room.evaluations().ruleset().version().equals(original));
                String withExtra = room.evaluations().ruleset().version();
                assertTrue(room.evaluations().ruleset().rules().stream().anyMatch(r -> "TEST-EXTRA".equals(r.code())));
                JsonNode status = get(client, "/api/v1/rules/status").body();
                assertEquals(withExtra, status.get("active").asText());
                assertTrue(status.at("/lastAttempt/ok").asBoolean(), status.toString());
                assertEquals("watch", status.at("/lastAttempt/how").asText());
                assertTrue(get(client, "/api/v1/rules/versions").body().toString().contains("edited in the rules folder"));

                // a broken edit: reported, never activated, requests keep working on the last good ruleset
                Files.writeString(folder.resolve("extra.drl"), EXTRA_RULE.replace("description == \"never in any scenario\"", "description == "));
                eventually("the broken edit is reported", () -> !room.ruleChanges().status().lastAttempt().ok());
                Answer broken = get(client, "/api/v1/rules/status");
                assertEquals(withExtra, broken.body().get("active").asText());
                assertFalse(broken.body().at("/lastAttempt/ok").asBoolean());
                assertEquals("extra.drl", broken.body().at("/lastAttempt/errors/0/file").asText(), broken.text());
                assertTrue(broken.body().at("/lastAttempt/errors/0/line").asInt() > 0, broken.text());
                assertFalse(broken.body().get("folder").asText().equals(withExtra));
                Answer evaluated = post(client, "/api/v1/evaluations", example);
                assertEquals(201, evaluated.status());
                assertEquals(withExtra, evaluated.body().get("rulesetVersion").asText());

                // asking for a reload tries again and says the same
                Answer forced = post(client, "/api/v1/rules/reload", "");
                assertEquals(200, forced.status());
                assertFalse(forced.body().get("ok").asBoolean());
                assertEquals("reload", forced.body().get("how").asText());

                // putting the file back as it was: the folder holds the active ruleset again, and status says so
                Files.writeString(folder.resolve("extra.drl"), EXTRA_RULE);
                eventually("the folder is reported back in line", () -> room.ruleChanges().status().lastAttempt().ok());
                assertEquals("unchanged", room.ruleChanges().status().lastAttempt().outcome());
                assertEquals(withExtra, room.ruleChanges().status().folder());

                // an edit that breaks a scenario's expectations is not activated either
                String values = TestRules.read(folder.resolve("tables/policy-values.csv"));
                Files.delete(folder.resolve("extra.drl"));
                Files.writeString(folder.resolve("tables/policy-values.csv"), values.replace("T3.handovers_over_60_more_than,5,", "T3.handovers_over_60_more_than,9,"));
                eventually("the expectation-breaking edit is reported", () -> {
                    var a = room.ruleChanges().status().lastAttempt();
                    return !a.ok() && !a.brokenExpectations().isEmpty();
                });
                assertEquals(withExtra, room.evaluations().ruleset().version());

                // putting the folder right is picked up: back to the original version
                Files.writeString(folder.resolve("tables/policy-values.csv"), values);
                eventually("the original rules are active again", () -> room.evaluations().ruleset().version().equals(original));
                assertTrue(get(client, "/api/v1/rules/status").body().at("/lastAttempt/ok").asBoolean());
            });
        } finally {
            room.stop();
        }
    }
}
