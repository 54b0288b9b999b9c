package winterroom;

import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static winterroom.Http.get;
import static winterroom.Http.post;
import static winterroom.Http.put;

/**
 * The attacks that once ran as the service's user, through the HTTP API: each is refused by validate,
 * preview and PUT with the file and line, and in the folder by a reload and at start-up; each would have
 * left a marker file (or stopped the service) had it run. The marker is never there and the service keeps answering.
 */
class RuleCodeSafetyTest {
    static final String HEAD = "package winterroom.rules\nimport winterroom.facts.*\n\n";

    static String rule(String when, String then) {
        return HEAD + "rule \"attack\"\n    @code(\"ATTACK\")\n    @title(\"attack\")\n    @source(\"test\")\nwhen\n" + when + "then\n" + then + "end\n";
    }

    /** Each attack, written to create the file MARKER (a placeholder replaced by a path in the test's folder). */
    static Stream<String> attacks() {
        return Stream.of(
                // a declared type's default value, evaluated when the type is built
                HEAD + "declare Planted\n    x : boolean = new java.io.File(\"MARKER\").createNewFile()\nend\n",
                // a consequence writing a file
                rule("    Organisation()\n", "    java.nio.file.Files.writeString(java.nio.file.Path.of(\"MARKER\"), \"ran\");\n"),
                // a consequence starting a process
                rule("    Organisation()\n", "    new ProcessBuilder(\"touch\", \"MARKER\").start();\n"),
                // reflection to reach Runtime.exec
                rule("    Organisation()\n", "    Class.forName(\"java.lang.Runtime\").getMethod(\"getRuntime\").invoke(null);\n"
                        + "    new java.io.File(\"MARKER\").createNewFile();\n"),
                // an eval
                rule("    eval( new java.io.File(\"MARKER\").createNewFile() )\n", ""),
                // a constraint
                rule("    Organisation( code == (new java.io.File(\"MARKER\").createNewFile() + \"\") )\n", ""),
                // a function called from an eval
                HEAD + "function boolean plant() { return new java.io.File(\"MARKER\").createNewFile(); }\n\n"
                        + rule("    eval( plant() )\n", "").substring(HEAD.length()),
                // /etc/passwd read into a finding
                rule("    Organisation()\n", "    String p = java.nio.file.Files.readString(java.nio.file.Path.of(\"/etc/passwd\"));\n"
                        + "    new java.io.File(\"MARKER\").createNewFile();\n"),
                // stopping the service
                rule("    Organisation()\n", "    new java.io.File(\"MARKER\").createNewFile();\n    System.exit(3);\n"),
                // a thread that outlives the evaluation
                rule("    Organisation()\n", "    new Thread(() -> { try { new java.io.File(\"MARKER\").createNewFile(); } catch (Exception e) {} }).start();\n"));
    }

    @ParameterizedTest
    @MethodSource("attacks")
    void anAttackIsRefusedEverywhereAndNeverRuns(String attack, @TempDir Path dir) throws IOException {
        Path marker = dir.resolve("marker");
        String drl = attack.replace("MARKER", marker.toString());
        WinterRoom room = WinterRoom.create(new ServiceConfig(0, TestRules.copy(dir), 20000, Duration.ofSeconds(10),
                TestRules.copyScenarios(dir, "cal-boxing-day.json")));
        JavalinTest.test(room.newWebApp(), (server, client) -> {
            String body = Json.mapper().writeValueAsString(Map.of("files", Map.of("attack.drl", drl)));

            Http.Answer validate = post(client, "/api/v1/rules/validate", body);
            assertEquals(200, validate.status(), validate.text());
            assertFalse(validate.body().get("valid").asBoolean(), validate.text());
            assertEquals("attack.drl", validate.body().at("/errors/0/file").asText(), validate.text());
            assertTrue(validate.body().at("/errors/0/line").asInt() > 0, "the error names the line: " + validate.text());

            Http.Answer preview = post(client, "/api/v1/rules/preview", body);
            assertFalse(preview.body().get("valid").asBoolean(), preview.text());

            Http.Answer putIt = put(client, "/api/v1/rules/files/attack.drl", drl, "Content-Type", "text/plain");
            assertEquals(422, putIt.status(), putIt.text());
            assertTrue(putIt.body().at("/details/0/field").asText().startsWith("attack.drl:"), putIt.text());

            assertFalse(Files.exists(marker), "the attack ran: " + marker + " exists");
            assertFalse(Files.exists(dir.resolve("rules/attack.drl")), "the refused file was not written");

            // written straight into the folder and picked up by a reload: refused, the active rules unchanged
            String before = get(client, "/api/v1/rules/versions").body().at("/active").asText();
            Files.writeString(dir.resolve("rules/attack.drl"), drl);
            Http.Answer reload = post(client, "/api/v1/rules/reload", "");
            assertFalse(reload.body().get("ok").asBoolean(), reload.text());
            assertEquals("rejected", reload.body().get("outcome").asText(), reload.text());
            assertEquals("attack.drl", reload.body().at("/errors/0/file").asText(), "the refusal names the file: " + reload.text());
            assertEquals(before, get(client, "/api/v1/rules/versions").body().at("/active").asText(), "the active rules are unchanged");
            assertFalse(Files.exists(marker), "the reload ran the attack");
            assertEquals(200, get(client, "/health").status(), "the service still answers");
        });
        assertFalse(Files.exists(marker), "nothing ran afterwards either");

        // in the folder at start-up: the service does not start, says which file and line, and ran nothing
        IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> WinterRoom.create(new ServiceConfig(0, dir.resolve("rules"), 20000)));
        assertTrue(refused.getMessage().matches("(?s).*attack\\.drl:\\d+.*"), refused.getMessage());
        assertFalse(Files.exists(marker), "starting on the folder ran the attack");
    }
}
