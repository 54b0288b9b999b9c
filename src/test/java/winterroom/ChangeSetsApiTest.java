package winterroom;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import winterroom.Http.Answer;
import winterroom.audit.RecordKind;
import winterroom.audit.RecordQuery;
import winterroom.cli.WinterRoomCommand;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static winterroom.Http.get;
import static winterroom.Http.post;

/** Change sets through HTTP: propose, preview that reads, four-eyes approval, emergencies, file replacement, diff, impact. */
class ChangeSetsApiTest {
    static final Path SITREP = SitrepData.WHOLE;

    /** A token for name and role, and its tokens-file line. */
    static String[] newToken(String name, String role) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new WinterRoomCommand());
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("new-token", name, role));
        String[] lines = out.toString().strip().split("\\R");
        return new String[]{lines[0].substring(lines[0].lastIndexOf(' ') + 1), lines[lines.length - 1]};
    }

    static String change(Map<String, ?> files, List<String> delete, String note, boolean emergency) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("files", files);
        if (delete != null) body.put("delete", delete);
        if (note != null) body.put("note", note);
        if (emergency) body.put("emergency", true);
        return Json.mapper().writeValueAsString(body);
    }

    @Test
    void aChangeIsActivatedOnlyWhenASecondPolicyOwnerApprovesIt(@TempDir Path dir) throws Exception {
        String[] olu = newToken("olu", "POLICY_OWNER");
        String[] pat = newToken("pat", "POLICY_OWNER");
        Path tokens = dir.resolve("tokens.csv");
        Files.writeString(tokens, olu[1] + "\n" + pat[1] + "\n");
        WinterRoom room = WinterRoom.create(new ServiceConfig(0, TestRules.copy(dir), 20000).withTokens(tokens).withDataDir(dir.resolve("data")));
        String before = room.ruleChanges().active().version();
        String[] asOlu = {"Authorization", "Bearer " + olu[0]};
        String[] asPat = {"Authorization", "Bearer " + pat[0]};
        JavalinTest.test(room.newWebApp(), (server, client) -> {
            String t3 = RuleChangesApiTest.t3MoreThan(room.ruleChanges().folder(), 6);
            Answer proposed = post(client, "/api/v1/rules/changes",
                    change(Map.of(RuleChangesApiTest.POLICY_VALUES, t3), null, "T3 at more than 6", false), asOlu);
            assertEquals(201, proposed.status(), proposed.text());
            JsonNode cs = proposed.body();
            String id = cs.get("id").asText();
            assertEquals("pending", cs.get("state").asText());
            assertEquals("olu", cs.get("author").asText(), "the author is the caller, never typed");
            assertTrue(cs.at("/validation/valid").asBoolean(), proposed.text());
            assertTrue(cs.get("awaiting").asText().contains("second policy owner"), proposed.text());
            assertEquals(before, room.ruleChanges().active().version(), "nothing is active before approval");

            // the preview reads: summary, broken scenarios first, each difference in words, wording collapsed
            JsonNode preview = cs.get("preview");
            assertTrue(preview.at("/summary/brokenScenarios").asInt() >= 1, preview.toString());
            JsonNode first = preview.at("/scenarios/0");
            assertFalse(first.get("brokenExpectations").isEmpty(), "broken expectations come first: " + first);
            JsonNode six = null;
            for (JsonNode s : preview.get("scenarios")) if (s.get("file").asText().equals("scenarios/t3-six-handovers-over-an-hour.json")) six = s;
            assertTrue(six != null, preview.toString());
            assertTrue(six.get("says").toString().contains("T3 at LTHT no longer holds"), six.toString());
            assertTrue(six.get("brokenExpectations").toString().contains("\"expected trigger T3 but it is missing\""), six.toString());
            for (JsonNode b : six.get("brokenExpectations")) {
                assertFalse(b.asText().contains("got ["), "only what is missing, never every code that fired: " + b);
            }
            for (JsonNode s : preview.get("scenarios")) {
                for (JsonNode d : s.get("differences")) {
                    assertFalse(d.get("kind").asText().equals("recommendation") && d.get("change").asText().equals("changed")
                            && !d.has("says"), "a recommendation differs only by its codes and values: " + d);
                }
            }

            // rule code is proposed by a rule author only
            Answer drl = post(client, "/api/v1/rules/changes", change(Map.of("extra.drl", "package winterroom.rules\n"), null, null, false), asOlu);
            assertEquals(403, drl.status(), drl.text());
            assertTrue(drl.body().get("error").asText().contains("RULE_AUTHOR"), drl.text());

            // four-eyes: approving your own change is refused
            Answer own = post(client, "/api/v1/rules/changes/" + id + "/approve", "", asOlu);
            assertEquals(403, own.status(), own.text());
            assertTrue(own.body().get("error").asText().contains("second policy owner"), own.text());

            // a second owner's approval is refused while it breaks expectations, then given with force
            Answer refused = post(client, "/api/v1/rules/changes/" + id + "/approve", "{\"note\": \"checked with the acute lead\"}", asPat);
            assertEquals(409, refused.status(), refused.text());
            assertEquals(before, room.ruleChanges().active().version());
            Answer approved = post(client, "/api/v1/rules/changes/" + id + "/approve?force=true", "{\"note\": \"checked with the acute lead\"}", asPat);
            assertEquals(200, approved.status(), approved.text());
            assertEquals("activated", approved.body().get("state").asText());
            assertEquals("pat", approved.body().at("/approvals/0/by").asText());
            String after = room.ruleChanges().active().version();
            assertNotEquals(before, after);
            assertEquals(after, approved.body().at("/activation/version").asText());
            Answer again = post(client, "/api/v1/rules/changes/" + id + "/approve", "", asPat);
            assertEquals(409, again.status(), again.text());

            // the activation names the change, who approved and who proposed; approvals join the audit trail
            JsonNode versions = get(client, "/api/v1/rules/versions", asOlu).body();
            JsonNode act = versions.at("/versions/0/activations/0");
            assertEquals(id, act.get("change").asText(), act.toString());
            assertEquals("pat", act.get("actor").asText());
            assertEquals("olu", act.get("author").asText());
            assertEquals("change", act.get("how").asText());
            var approvals = room.audit().query(new RecordQuery(java.util.Set.of(RecordKind.RULESET_APPROVAL), null, null, null, null, null, null, null, 10));
            assertEquals(1, approvals.items().size());
            assertEquals("pat", approvals.items().get(0).actor());
            assertEquals(id, approvals.items().get(0).subject());

            // the diff between the two versions names the table cell that changed
            Answer diff = get(client, "/api/v1/rules/versions/" + before + "/diff/" + after, asOlu);
            assertEquals(200, diff.status(), diff.text());
            JsonNode file = diff.body().at("/files/0");
            assertEquals(RuleChangesApiTest.POLICY_VALUES, file.get("name").asText(), diff.text());
            JsonNode cell = file.at("/cells/0");
            assertEquals("Value T3 handover delays", cell.get("row").asText());
            assertEquals("Value", cell.get("column").asText());
            assertEquals("5", cell.get("before").asText());
            assertEquals("6", cell.get("after").asText());
            assertEquals(1, file.get("lines").size(), "one line changed: " + file);
            assertEquals(404, get(client, "/api/v1/rules/versions/" + before + "/diff/0000", asOlu).status());
        });
    }

    @Test
    void replacingACsvTableByASpreadsheetIsOneChangeAndASpreadsheetBesideItIsOneClearError(@TempDir Path dir) throws Exception {
        WinterRoom room = TestRules.room(dir);
        Path csv = room.ruleChanges().folder().resolve("tables/opel-thresholds.csv");
        String xlsx = Base64.getEncoder().encodeToString(ThresholdSpreadsheetTest.toXlsx(csv));
        JavalinTest.test(room.newWebApp(), (server, client) -> {
            Answer beside = post(client, "/api/v1/rules/changes", change(Map.of("tables/opel-thresholds.xlsx", xlsx), null, null, false));
            assertEquals(422, beside.status(), beside.text());
            assertEquals(1, beside.body().get("details").size(), "one message, not one per rule: " + beside.text());
            String message = beside.body().at("/details/0/message").asText();
            assertTrue(message.contains("tables/opel-thresholds.xlsx") && message.contains("tables/opel-thresholds.csv"), message);

            // the local user can only activate as an emergency, and is told why
            Answer replaced = post(client, "/api/v1/rules/changes",
                    change(Map.of("tables/opel-thresholds.xlsx", xlsx), List.of("tables/opel-thresholds.csv"), "thresholds now kept as a spreadsheet", true));
            assertEquals(201, replaced.status(), replaced.text());
            JsonNode cs = replaced.body();
            assertEquals("activated", cs.get("state").asText());
            assertTrue(cs.get("emergency").asBoolean());
            assertEquals("local", cs.get("author").asText());
            assertEquals(0, cs.at("/preview/summary/changedScenarios").asInt(), "the same table in another format changes nothing: " + cs.get("preview"));
            assertTrue(cs.get("awaiting").asText().contains("retrospective approval"), cs.toString());
            assertTrue(Files.exists(room.ruleChanges().folder().resolve("tables/opel-thresholds.xlsx")));
            assertFalse(Files.exists(csv), "the CSV went in the same activation");
            assertEquals(1, room.ruleChanges().versions().activations().stream().filter(a -> "emergency".equals(a.how())).count(), "one activation");

            JsonNode list = get(client, "/api/v1/rules/changes").body();
            assertEquals(cs.get("id").asText(), list.at("/awaitingRetrospectiveApproval/0").asText(), "shown until given");
            assertTrue(list.at("/fourEyes/localUse").asText().contains("tokens file"), list.toString());
            Answer self = post(client, "/api/v1/rules/changes/" + cs.get("id").asText() + "/approve", "");
            assertEquals(403, self.status());
            assertTrue(self.body().get("error").asText().contains("no tokens file"), self.text());

            // the version diff compares the table across formats, cell by cell: nothing differs
            JsonNode diff = get(client, "/api/v1/rules/versions/" + cs.get("base").asText() + "/diff/" + cs.get("candidate").asText()).body();
            JsonNode file = diff.at("/files/0");
            assertEquals("replaced", file.get("change").asText(), diff.toString());
            assertEquals("tables/opel-thresholds.csv", file.get("replaces").asText());
            assertFalse(file.has("cells"), "same cells: " + file);
        });
    }

    @Test
    void badProposalsAreClearErrors(@TempDir Path dir) throws Exception {
        WinterRoom room = TestRules.room(dir);
        JavalinTest.test(room.newWebApp(), (server, client) -> {
            assertEquals(400, post(client, "/api/v1/rules/changes", "{\"files\": {}, \"author\": \"me\"}").status());
            assertEquals(400, post(client, "/api/v1/rules/changes", "{\"files\": {\"a.drl\": \"x\"}, \"emergency\": \"yes\"}").status());
            assertEquals(400, post(client, "/api/v1/rules/changes", "{\"files\": {\"../a.drl\": \"x\"}}").status());
            Answer broken = post(client, "/api/v1/rules/changes", "{\"files\": {\"opel.drl\": \"rule \\\"x\\\" when then\"}}");
            assertEquals(422, broken.status(), broken.text());
            assertTrue(broken.body().at("/details/0/field").asText().startsWith("opel.drl"), broken.text());
            assertEquals(404, get(client, "/api/v1/rules/changes/nope").status());
            assertEquals(404, post(client, "/api/v1/rules/changes/nope/approve", "").status());
            assertEquals(0, get(client, "/api/v1/rules/changes").body().get("changes").size(), "a change that does not compile is not kept");
        });
    }

    @Test
    void impactRunsLastWinterUnderBothRulesets(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isReadable(SITREP), "the sitrep file " + SITREP.toAbsolutePath() + " is absent");
        WinterRoom room = TestRules.room(dir);
        JavalinTest.test(room.newWebApp(), (server, client) -> {
            String t3 = RuleChangesApiTest.t3MoreThan(room.ruleChanges().folder(), 6);
            Answer proposed = post(client, "/api/v1/rules/changes", change(Map.of(RuleChangesApiTest.POLICY_VALUES, t3), null, null, false));
            String id = proposed.body().get("id").asText();
            Answer impact = post(client, "/api/v1/rules/changes/" + id + "/impact", Files.readString(SITREP), "Content-Type", "text/csv");
            assertEquals(200, impact.status(), impact.text().substring(0, Math.min(500, impact.text().length())));
            JsonNode r = impact.body();
            assertEquals(8442, r.get("situations").asInt());
            int activeT3 = r.at("/active/triggers/T3").asInt();
            int candidateT3 = r.at("/candidate/triggers/T3").asInt();
            assertTrue(activeT3 > candidateT3 && candidateT3 > 0, r.get("active") + " / " + r.get("candidate"));
            assertTrue(r.get("changed").asInt() >= activeT3 - candidateT3, r.get("changed").toString());
            JsonNode item = r.at("/items/0");
            assertTrue(item.get("label").asText().matches("[A-Z0-9]+ 2\\d{3}-\\d\\d-\\d\\d"), item.toString());
            assertTrue(item.at("/removed/triggers").toString().contains("T3"), item.toString());

            // NDJSON situations too
            String example = Json.mapper().readTree(Files.readString(Path.of("scenarios/t3-six-handovers-over-an-hour.json"))).toString();
            Answer nd = post(client, "/api/v1/rules/changes/" + id + "/impact", example + "\n" + example + "\n", "Content-Type", "application/x-ndjson");
            assertEquals(200, nd.status(), nd.text());
            assertEquals(2, nd.body().at("/active/triggers/T3").asInt());
            assertEquals(0, nd.body().at("/candidate/triggers/T3").asInt(0));
            assertEquals(2, nd.body().get("changed").asInt());
            assertEquals(415, post(client, "/api/v1/rules/changes/" + id + "/impact", "x", "Content-Type", "text/plain").status());
            assertEquals(400, post(client, "/api/v1/rules/changes/" + id + "/impact", "{not json\n", "Content-Type", "application/x-ndjson").status());
        });
    }

    @Test
    void impactCanRunKeptEvaluationsChosenByPeriod(@TempDir Path dir) throws Exception {
        WinterRoom room = TestRules.room(dir);
        JavalinTest.test(room.newWebApp(), (server, client) -> {
            String six = Files.readString(Path.of("scenarios/t3-six-handovers-over-an-hour.json"));
            assertEquals(201, post(client, "/api/v1/evaluations", six).status());
            String t3 = RuleChangesApiTest.t3MoreThan(room.ruleChanges().folder(), 6);
            String id = post(client, "/api/v1/rules/changes", change(Map.of(RuleChangesApiTest.POLICY_VALUES, t3), null, null, false)).body().get("id").asText();
            Answer kept = post(client, "/api/v1/rules/changes/" + id + "/impact?from=2000-01-01", "");
            assertEquals(200, kept.status(), kept.text());
            assertEquals(1, kept.body().get("situations").asInt());
            assertEquals(1, kept.body().at("/active/triggers/T3").asInt());
            assertEquals(1, kept.body().get("changed").asInt());
            assertEquals(400, post(client, "/api/v1/rules/changes/" + id + "/impact?from=2099-01-01", "").status(), "nothing kept then");
            assertEquals(400, post(client, "/api/v1/rules/changes/" + id + "/impact?from=last-week", "").status());
        });
    }

    @Test
    void coverageSaysWhichRulesNoScenarioExercises(@TempDir Path dir) {
        WinterRoom room = TestRules.room(dir);
        JavalinTest.test(room.newWebApp(), (server, client) -> {
            Answer c = get(client, "/api/v1/rules/coverage");
            assertEquals(200, c.status(), c.text());
            JsonNode r = c.body();
            assertTrue(r.get("cases").asInt() > 50);
            assertEquals(r.get("rules").asInt(), r.get("covered").size() + r.get("unexercised").size());
            boolean t3 = false;
            for (JsonNode rule : r.get("covered")) {
                if (rule.get("code").asText().equals("T3")) t3 = rule.get("cases").toString().contains("scenarios/t3-six-handovers-over-an-hour.json");
            }
            assertTrue(t3, "T3 fires in its scenario: " + r.get("covered"));
        });
    }
}
