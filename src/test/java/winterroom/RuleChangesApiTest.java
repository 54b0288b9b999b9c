package winterroom;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import winterroom.Http.Answer;
import winterroom.store.FileRulesetVersionStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static winterroom.Http.delete;
import static winterroom.Http.get;
import static winterroom.Http.post;
import static winterroom.Http.put;

/** A policy owner's loop through HTTP: validate, preview, activate with history, roll back, re-run. */
class RuleChangesApiTest {
    static final String POLICY_VALUES = "tables/policy-values.csv";

    /** The shipped policy values with T3's "more than 5" changed to "more than {@code n}". */
    static String t3MoreThan(Path rules, int n) {
        String csv = TestRules.read(rules.resolve(POLICY_VALUES));
        String changed = csv.replace("T3.handovers_over_60_more_than,5,", "T3.handovers_over_60_more_than," + n + ",");
        assertNotEquals(csv, changed, "the T3 row is where the test expects it");
        return changed;
    }

    static String body(Map<String, ?> files) throws Exception {
        return Json.mapper().writeValueAsString(Map.of("files", files));
    }

    static boolean hasProblem(JsonNode list, String file, String messagePart) {
        for (JsonNode p : list) {
            if (p.path("file").asText().equals(file) && p.path("message").asText().contains(messagePart)) return true;
        }
        return false;
    }

    @Test
    void validateReportsErrorsWithLineAndColumnAndWarningsForMetadataAndCatalogues(@TempDir Path dir) {
        WinterRoom room = TestRules.room(dir);
        JavalinTest.test(room.newWebApp(), (server, client) -> {
            String broken = """
                    package winterroom.rules
                    import winterroom.facts.*

                    rule "Broken"
                    when
                        $m : Measure( metric == "ae_4h_pct", value <=  )
                    then
                    end
                    """;
            Answer bad = post(client, "/api/v1/rules/validate", body(Map.of("extra.drl", broken)));
            assertEquals(200, bad.status(), bad.text());
            assertFalse(bad.body().get("valid").asBoolean());
            JsonNode error = bad.body().at("/errors/0");
            assertEquals("extra.drl", error.get("file").asText(), bad.text());
            assertEquals(6, error.get("line").asInt(), bad.text());
            assertEquals(1, bad.body().get("errors").size(), "one error, not echoed: " + bad.text());
            assertTrue(error.get("column").asInt() > 0, "a column where Drools gives one: " + bad.text());

            String sloppy = """
                    package winterroom.rules
                    import winterroom.facts.*

                    rule "No metadata at all"
                    when
                        $m : Measure( metric == "ae_4hr_pct", value < 50 )
                    then
                        insertLogical(new Recommendation("MA99", $m.getOrg(), "made up"));
                    end

                    rule "Borrows a code"
                        @code("T3")
                        @title("A second rule with T3's code")
                        @source("test")
                    when
                        $m : Measure( metric in ("ae_4h_pct", "beds_closed_d_and_v") )
                    then
                    end
                    """;
            Answer warned = post(client, "/api/v1/rules/validate", body(Map.of("sloppy.drl", sloppy)));
            assertTrue(warned.body().get("valid").asBoolean(), warned.text());
            JsonNode w = warned.body().get("warnings");
            assertTrue(hasProblem(w, "sloppy.drl", "has no @code"), w.toString());
            assertTrue(hasProblem(w, "sloppy.drl", "has no @title"), w.toString());
            assertTrue(hasProblem(w, "sloppy.drl", "has no @source"), w.toString());
            assertTrue(hasProblem(w, "sloppy.drl", "already used by rule"), w.toString());
            assertTrue(hasProblem(w, "sloppy.drl", "metric id 'ae_4hr_pct'"), w.toString());
            assertTrue(hasProblem(w, "sloppy.drl", "metric id 'beds_closed_d_and_v'"), w.toString());
            assertTrue(hasProblem(w, "sloppy.drl", "action id 'MA99'"), w.toString());
            assertFalse(hasProblem(w, "sloppy.drl", "metric id 'ae_4h_pct'"), "a known metric is not a warning: " + w);
            for (JsonNode p : w) {
                if (p.path("message").asText().contains("'No metadata at all' has no @code")) assertEquals(4, p.get("line").asInt(), p.toString());
                if (p.path("message").asText().contains("ae_4hr_pct")) {
                    assertEquals(6, p.get("line").asInt());
                    assertEquals(30, p.get("column").asInt());
                }
            }
            // the shipped rules themselves raise no catalogue warnings
            Answer clean = post(client, "/api/v1/rules/validate", body(Map.of("opel.drl", TestRules.read(room.ruleChanges().folder().resolve("opel.drl")))));
            assertEquals(0, clean.body().get("warnings").size(), clean.text());
        });
    }

    @Test
    void namesOutsideTheFolderAndMalformedCandidatesAreRejected(@TempDir Path dir) {
        WinterRoom room = TestRules.room(dir);
        JavalinTest.test(room.newWebApp(), (server, client) -> {
            for (String name : new String[]{"../escape.drl", "/etc/escape.drl", "tables/../../escape.drl", "notes.txt", ".hidden.drl"}) {
                Answer a = post(client, "/api/v1/rules/validate", body(Map.of(name, "x")));
                assertEquals(400, a.status(), name + ": " + a.text());
                assertEquals("files." + name, a.body().at("/details/0/field").asText());
            }
            Answer encoded = put(client, "/api/v1/rules/files/..%2Fescape.drl", "rule x");
            assertTrue(encoded.status() == 400 || encoded.status() == 404, encoded.text());
            assertFalse(Files.exists(dir.resolve("escape.drl")));
            assertEquals(400, post(client, "/api/v1/rules/validate", "{\"files\": []}").status());
            assertEquals(400, post(client, "/api/v1/rules/validate", "{}").status());
            assertEquals(400, post(client, "/api/v1/rules/validate", "{\"files\": {\"x.drl\": 5}}").status());
            assertEquals(400, post(client, "/api/v1/rules/validate", "{\"files\": {\"tables/t.xlsx\": \"not base64!\"}}").status());
            assertEquals(400, post(client, "/api/v1/rules/validate", "{\"files\": ").status());
            assertEquals(400, put(client, "/api/v1/rules/files/extra.drl?force=maybe", "x").status());
        });
    }

    @Test
    void previewShowsWhatAThresholdChangeWouldAlterAndWhichExpectationsBreak(@TempDir Path dir) {
        WinterRoom room = TestRules.room(dir);
        JavalinTest.test(room.newWebApp(), (server, client) -> {
            Answer p = post(client, "/api/v1/rules/preview", body(Map.of(POLICY_VALUES, t3MoreThan(room.ruleChanges().folder(), 6))));
            assertEquals(200, p.status(), p.text());
            JsonNode summary = p.body().get("summary");
            long cases = Files.list(Path.of("scenarios")).filter(f -> f.toString().endsWith(".json")).count()
                    + Files.list(Path.of("scenarios/exercises")).filter(f -> f.toString().endsWith(".json")).count();
            assertEquals(cases, summary.get("scenarios").asInt(), "every scenario and every exercise is a preview case");
            assertTrue(summary.get("changedScenarios").asInt() >= 1, p.text());
            assertTrue(summary.get("brokenExpectations").asInt() >= 1, p.text());
            JsonNode six = null;
            JsonNode five = null;
            for (JsonNode s : p.body().get("scenarios")) {
                if (s.get("file").asText().endsWith("t3-six-handovers-over-an-hour.json")) six = s;
                if (s.get("file").asText().endsWith("t3-near-miss-five-handovers.json")) five = s;
            }
            assertTrue(six != null, "the six-handover scenario changes: " + p.text());
            assertTrue(five == null, "five handovers did not trigger before and do not now");
            assertTrue(six.get("differences").toString().contains("{\"kind\":\"trigger\",\"change\":\"removed\",\"code\":\"T3\",\"org\":\"LTHT\""), six.toString());
            assertTrue(six.get("brokenExpectations").toString().contains("expected trigger T3 but it is missing"), six.toString());

            // a candidate that does not compile is reported, not previewed
            Answer broken = post(client, "/api/v1/rules/preview", body(Map.of("opel.drl", "rule \"x\" when then")));
            assertFalse(broken.body().get("valid").asBoolean());
            assertFalse(broken.body().get("errors").isEmpty());
            // nothing changed
            assertEquals(room.ruleChanges().versions().versions().size(), 1);
        });
    }

    @Test
    void activationChecksExpectationsKeepsVersionsAndRollsBack(@TempDir Path dir) throws Exception {
        WinterRoom room = TestRules.room(dir);
        Path folder = room.ruleChanges().folder();
        String original = room.evaluations().ruleset().version();
        String originalValues = TestRules.read(folder.resolve(POLICY_VALUES));
        JavalinTest.test(room.newWebApp(), (server, client) -> {
            String example = Files.readString(Path.of("scenarios/example-saturday-handover-delays.json"));
            Answer first = post(client, "/api/v1/evaluations", example);
            assertEquals(original, first.body().get("rulesetVersion").asText());
            assertEquals("local", first.body().get("requestedBy").asText());

            // a change that breaks T3's scenario is refused and nothing moves
            String changed = t3MoreThan(folder, 10);
            Answer refused = put(client, "/api/v1/rules/files/" + POLICY_VALUES, changed, "Content-Type", "text/csv", "X-Author", "Jo Policy", "X-Change-Note", "T3 at 10");
            assertEquals(409, refused.status(), refused.text());
            assertTrue(refused.body().get("error").asText().contains("force=true"), refused.text());
            assertTrue(refused.body().get("details").toString().contains("t3-six-handovers-over-an-hour.json"), refused.text());
            assertEquals(original, room.evaluations().ruleset().version());
            assertEquals(originalValues, TestRules.read(folder.resolve(POLICY_VALUES)));

            // a change that does not compile is refused with where it breaks
            Answer invalid = put(client, "/api/v1/rules/files/extra.drl", "rule \"x\"\nwhen\n  Measure( value >  )\nthen\nend\n");
            assertEquals(422, invalid.status(), invalid.text());
            assertTrue(invalid.body().at("/details/0/field").asText().startsWith("extra.drl:"), invalid.text());
            assertFalse(Files.exists(folder.resolve("extra.drl")));

            // forced: activated, written to the folder, recorded as forced
            Answer forced = put(client, "/api/v1/rules/files/" + POLICY_VALUES + "?force=true",
                    Json.mapper().writeValueAsString(Map.of("content", changed, "author", "Jo Policy", "note", "T3 at 10 for the pilot")));
            assertEquals(200, forced.status(), forced.text());
            assertTrue(forced.body().get("activated").asBoolean());
            assertTrue(forced.body().get("forced").asBoolean());
            String v2 = forced.body().get("version").asText();
            assertEquals(v2, room.evaluations().ruleset().version());
            assertEquals(changed, TestRules.read(folder.resolve(POLICY_VALUES)));
            assertEquals(changed, get(client, "/api/v1/rules/files/" + POLICY_VALUES).text());
            Answer second = post(client, "/api/v1/evaluations", example);
            assertEquals(v2, second.body().get("rulesetVersion").asText());
            assertFalse(second.body().at("/exceptionReport/triggers").toString().contains("\"T3\""), "T3 now needs more than 10");

            JsonNode versions = get(client, "/api/v1/rules/versions").body();
            assertEquals(v2, versions.get("active").asText());
            assertEquals(2, versions.get("versions").size());
            JsonNode newest = versions.at("/versions/0");
            assertEquals(v2, newest.get("hash").asText());
            assertEquals("Jo Policy", newest.get("author").asText());
            assertEquals("T3 at 10 for the pilot", newest.get("note").asText());
            assertTrue(newest.at("/activations/0/forced").asBoolean());
            assertEquals("local", newest.at("/activations/0/actor").asText());
            assertFalse(newest.at("/activations/0/brokenExpectations").isEmpty());

            // the first evaluation re-runs on the version that produced it, with the same outcome
            String id = first.body().get("id").asText();
            Answer rerun = post(client, "/api/v1/evaluations/" + id + "/rerun", "");
            assertEquals(200, rerun.status(), rerun.text());
            assertEquals(original, rerun.body().get("rulesetVersion").asText());
            assertTrue(rerun.body().get("sameOutcome").asBoolean(), rerun.text());
            Answer onNew = post(client, "/api/v1/evaluations/" + id + "/rerun?version=" + v2, "");
            assertFalse(onNew.body().get("sameOutcome").asBoolean());
            assertTrue(onNew.body().get("differences").toString().contains("\"code\":\"T3\""), onNew.text());
            assertEquals(404, post(client, "/api/v1/evaluations/" + id + "/rerun?version=0000", "").status());

            // a note that is not text is refused, and nothing is activated
            Answer numberNote = post(client, "/api/v1/rules/versions/" + original + "/activate", "{\"note\": 5}");
            assertEquals(400, numberNote.status(), numberNote.text());
            assertTrue(numberNote.text().contains("note must be text"), numberNote.text());
            assertEquals(v2, room.evaluations().ruleset().version());
            // roll back: the original files and version return
            Answer back = post(client, "/api/v1/rules/versions/" + original + "/activate", "{\"note\": \"pilot over\"}");
            assertEquals(200, back.status(), back.text());
            assertEquals(original, back.body().get("version").asText());
            assertEquals(original, room.evaluations().ruleset().version());
            assertEquals(originalValues, TestRules.read(folder.resolve(POLICY_VALUES)));
            assertEquals(404, post(client, "/api/v1/rules/versions/nope/activate", "").status());
            assertEquals(200, get(client, "/api/v1/rules/versions/" + original).status());

            // add a file, then delete it; deleting what is not there is a 404, deleting what breaks scenarios a 409
            String note = "package winterroom.rules\n// a note for the next owner\n";
            Answer added = put(client, "/api/v1/rules/files/notes/readme.drl", note, "Content-Type", "text/plain");
            assertEquals(200, added.status(), added.text());
            assertTrue(Files.exists(folder.resolve("notes/readme.drl")));
            assertEquals(200, delete(client, "/api/v1/rules/files/notes/readme.drl").status());
            assertFalse(Files.exists(folder.resolve("notes/readme.drl")));
            assertEquals(original, room.evaluations().ruleset().version());
            assertEquals(404, delete(client, "/api/v1/rules/files/nothing.drl").status());
            assertEquals(409, delete(client, "/api/v1/rules/files/principles.drl").status());
            assertTrue(Files.exists(folder.resolve("principles.drl")));

            // putting the active content again changes nothing
            Answer same = put(client, "/api/v1/rules/files/" + POLICY_VALUES, originalValues, "Content-Type", "text/csv");
            assertFalse(same.body().get("activated").asBoolean());

            // the service kept serving throughout
            assertEquals(201, post(client, "/api/v1/evaluations", example).status());
        });
        // history survives a restart
        FileRulesetVersionStore reopened = new FileRulesetVersionStore(dir.resolve("data"));
        assertTrue(reopened.find(original).isPresent());
        assertTrue(reopened.activations().stream().anyMatch(a -> a.forced() && a.note().equals("T3 at 10 for the pilot")));
        assertTrue(reopened.activations().stream().anyMatch(a -> a.how().equals("rollback")));
    }
}
