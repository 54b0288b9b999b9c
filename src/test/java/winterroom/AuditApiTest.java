package winterroom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import winterroom.Http.Answer;
import winterroom.audit.StorageConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static winterroom.Http.get;
import static winterroom.Http.post;

/** The audit trail through HTTP: finding past evaluations, exporting them, checking the chain, running one again. */
class AuditApiTest {
    @TempDir
    Path temp;

    static ObjectNode scenario(String name) throws IOException {
        ObjectNode s = (ObjectNode) Json.mapper().readTree(Files.readString(Path.of("scenarios", name + ".json")));
        s.remove("expect");
        return s;
    }

    static String evaluate(HttpClient client, ObjectNode situation) {
        Answer a = post(client, "/api/v1/evaluations", situation.toString());
        assertEquals(201, a.status(), a.text());
        return a.body().get("id").asText();
    }

    static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("items").forEach(i -> out.add(i.get("id").asText()));
        return out;
    }

    /** The service these tests run: on an in-memory database here, on other stores in subclasses. */
    ServiceConfig config(Path rules) { return new ServiceConfig(0, rules, 20000); }

    /** One database two services share. */
    StorageConfig sharedStore() { return StorageConfig.inMemory(); }

    @Test
    void findsEvaluationsByOrganisationTriggerBreachAndTime() {
        WinterRoom room = WinterRoom.create(config(Path.of("rules")));
        JavalinTest.test(room.newWebApp(), (server, client) -> {
            String saturday = evaluate(client, scenario("example-saturday-handover-delays"));   // LTHT, T1 T3 T5, P4 P7
            String t3 = evaluate(client, scenario("t3-six-handovers-over-an-hour"));
            String nearMiss = evaluate(client, scenario("t3-near-miss-five-handovers"));
            String july = evaluate(client, scenario("window-july-no-return-owed"));

            JsonNode all = get(client, "/api/v1/evaluations").body();
            assertEquals(List.of(saturday, t3, nearMiss, july), ids(all));
            JsonNode first = all.get("items").get(0);
            assertEquals("local", first.get("actor").asText(), "the caller: everyone is the local user without a tokens file");
            assertEquals(room.evaluations().ruleset().version(), first.get("rulesetVersion").asText());
            assertEquals("2019-01-12T07:30:00Z", first.get("asOf").asText());
            assertEquals(3, first.get("systemOpel").asInt());
            assertTrue(first.get("exceptionReportRequired").asBoolean());
            assertEquals("[\"T1\",\"T3\",\"T5\"]", first.get("triggers").toString());
            assertEquals("[\"P4\",\"P7\"]", first.get("breaches").toString());
            assertEquals("/api/v1/evaluations/" + saturday, first.get("href").asText());
            assertTrue(all.get("nextCursor").isNull());

            assertEquals(List.of(saturday, t3, july), ids(get(client, "/api/v1/evaluations?trigger=T3").body()), "July is outside the reporting window but T3 still holds");
            assertEquals(List.of(saturday), ids(get(client, "/api/v1/evaluations?breach=P4&org=LTHT").body()));
            assertEquals(List.of(), ids(get(client, "/api/v1/evaluations?breach=P17").body()));
            JsonNode julyOnly = get(client, "/api/v1/evaluations?asOfFrom=2019-07-01&asOfTo=2019-08-01").body();
            assertEquals(List.of(july), ids(julyOnly));
            assertEquals(4, ids(get(client, "/api/v1/evaluations?from=2000-01-01&to=2999-01-01").body()).size());
            assertEquals(0, ids(get(client, "/api/v1/evaluations?from=2999-01-01T00:00:00Z").body()).size());

            // keyset pages of two: every evaluation once, in order
            JsonNode page1 = get(client, "/api/v1/evaluations?limit=2").body();
            assertEquals(List.of(saturday, t3), ids(page1));
            JsonNode page2 = get(client, "/api/v1/evaluations?limit=2&cursor=" + page1.get("nextCursor").asText()).body();
            assertEquals(List.of(nearMiss, july), ids(page2));
            assertTrue(page2.get("nextCursor").isNull());
        });
    }

    @Test
    void badQueriesAreRejectedWithEveryProblemNamed() {
        WinterRoom room = WinterRoom.create(config(Path.of("rules")));
        JavalinTest.test(room.newWebApp(), (server, client) -> {
            Answer bad = get(client, "/api/v1/evaluations?from=yesterday&limit=0&cursor=abc&org=LT%25HT&colour=red");
            assertEquals(400, bad.status());
            String details = bad.body().get("details").toString();
            for (String field : List.of("from", "limit", "cursor", "org", "colour")) {
                assertTrue(details.contains("\"field\":\"" + field + "\""), field + " in " + details);
            }
            Answer backwards = get(client, "/api/v1/evaluations?from=2019-02-01&to=2019-01-01");
            assertEquals(400, backwards.status());
            assertTrue(backwards.body().get("details").toString().contains("must be after from"));
            assertEquals(400, get(client, "/api/v1/evaluations/export?format=xml").status());
            assertEquals(400, get(client, "/api/v1/audit/records?kind=GOSSIP").status());
            assertEquals(404, get(client, "/api/v1/audit/records/nothing").status());
            assertEquals(200, get(client, "/api/v1/evaluations").status(), "and the service keeps serving");
        });
    }

    @Test
    void exportsAsNdjsonAndCsv() {
        WinterRoom room = WinterRoom.create(config(Path.of("rules")));
        JavalinTest.test(room.newWebApp(), (server, client) -> {
            String saturday = evaluate(client, scenario("example-saturday-handover-delays"));
            String july = evaluate(client, scenario("window-july-no-return-owed"));

            Answer nd = get(client, "/api/v1/evaluations/export?format=ndjson");
            assertEquals(200, nd.status());
            assertTrue(nd.header("Content-Type").startsWith("application/x-ndjson"));
            String[] lines = nd.text().strip().split("\n");
            assertEquals(2, lines.length);
            JsonNode line = Json.mapper().readTree(lines[0]);
            assertEquals(saturday, line.get("id").asText());
            assertEquals("EVALUATION", line.get("kind").asText());
            assertEquals("Leeds", line.at("/input/system").asText());
            assertEquals(3, line.at("/result/opel/system").asInt());
            assertTrue(line.get("hash").asText().matches("hmac:[0-9a-f]{64}"), line.get("hash").asText());
            assertEquals(line.get("hash"), Json.mapper().readTree(lines[1]).get("prevHash"), "each line chains to the one before");

            Answer csv = get(client, "/api/v1/evaluations/export?format=csv&trigger=T3");
            assertEquals(200, csv.status());
            assertTrue(csv.header("Content-Type").startsWith("text/csv"));
            List<String> rows = csv.text().lines().toList();
            assertEquals(3, rows.size(), csv.text());
            assertTrue(rows.get(1).contains(saturday) && rows.get(1).contains("\"T1 T3 T5\""), rows.get(1));
            assertTrue(rows.get(2).contains(july), "T3 holds in July too, outside the reporting window: " + rows.get(2));
            List<String> breachRows = get(client, "/api/v1/evaluations/export?format=csv&breach=P4").text().lines().toList();
            assertEquals(2, breachRows.size());
            assertFalse(breachRows.get(1).contains(july));

            Answer empty = get(client, "/api/v1/evaluations/export?format=csv&breach=P17");
            assertEquals(1, empty.text().lines().count(), "only the header when nothing matches");
        });
    }

    @Test
    void verifyReportsTheFirstTamperedRecord() throws Exception {
        WinterRoom room = WinterRoom.create(config(Path.of("rules")));
        JavalinTest.test(room.newWebApp(), (server, client) -> {
            evaluate(client, scenario("example-saturday-handover-delays"));
            String second = evaluate(client, scenario("t3-six-handovers-over-an-hour"));
            evaluate(client, scenario("t2-one-trolley-wait"));
            JsonNode ok = get(client, "/api/v1/audit/verify").body();
            assertTrue(ok.get("ok").asBoolean(), ok.toString());
            assertEquals(4, ok.get("records").asInt(), "the ruleset activation at start and three evaluations");
            assertFalse(ok.has("firstBroken"));
            evaluate(client, scenario("example-saturday-handover-delays"));
            JsonNode daily = get(client, "/api/v1/audit/verify?from=4&hash=" + ok.get("head").asText()).body();
            assertTrue(daily.get("ok").asBoolean(), daily.toString());
            assertEquals(4, daily.get("from").asInt());
            assertEquals(1, daily.get("records").asInt(), "only the record after the checkpoint: " + daily);
            assertEquals(400, get(client, "/api/v1/audit/verify?from=yesterday").status());
            assertEquals(400, get(client, "/api/v1/audit/verify?hash=" + ok.get("head").asText()).status());

            try (Connection c = room.database().connection(); var st = c.createStatement()) {
                st.executeUpdate("update audit_record set actor = 'someone else' where id = '" + second + "'");
            }
            JsonNode broken = get(client, "/api/v1/audit/verify").body();
            assertFalse(broken.get("ok").asBoolean());
            assertEquals(2, broken.get("records").asInt());
            assertEquals(second, broken.at("/firstBroken/id").asText());
            assertEquals(3, broken.at("/firstBroken/seq").asInt());

            JsonNode activations = get(client, "/api/v1/audit/records?kind=RULESET_ACTIVATION").body();
            assertEquals(1, activations.get("items").size());
            assertEquals(room.evaluations().ruleset().version(), activations.at("/items/0/subject").asText());
            JsonNode record = get(client, "/api/v1/audit/records/" + second).body();
            assertEquals("someone else", record.get("actor").asText(), "the record as it is now stored");
            assertFalse(record.at("/integrity/hashMatches").asBoolean(), "a changed record says so when read: " + record.get("integrity"));
            assertTrue(record.at("/integrity/problem").asText().contains("changed after it was recorded"), record.get("integrity").toString());
            JsonNode untouched = get(client, "/api/v1/audit/records/" + activations.at("/items/0/id").asText()).body();
            assertTrue(untouched.at("/integrity/hashMatches").asBoolean(), untouched.get("integrity").toString());
            assertTrue(untouched.get("hash").asText().startsWith("hmac:"), "the chain is keyed: " + untouched.get("hash"));
        });
    }

    @Test
    void reRunsJoinTheTrailAndShowWhatANewPolicyChanges() throws Exception {
        // two services over one database: the second was started after the policy owner changed the T3 rule
        StorageConfig shared = sharedStore();
        WinterRoom before = WinterRoom.create(new ServiceConfig(0, Path.of("rules"), 20000).withStorage(shared));
        Path rules = copyRules(temp.resolve("rules"));
        Path drl = rules.resolve("exception-reporting.drl");
        String text = Files.readString(drl);
        // the T3 rule now wants more than two handovers over the threshold (7 is no longer enough)
        String raised = text.replace("metric == \"ambulance_handover_over_60_min\", value > $limit )",
                "metric == \"ambulance_handover_over_60_min\", value > $limit + 2 )");
        assertNotEquals(text, raised, "the T3 condition was found and changed");
        Files.writeString(drl, raised);
        WinterRoom after = WinterRoom.create(new ServiceConfig(0, rules, 20000).withStorage(shared));
        assertNotEquals(before.evaluations().ruleset().version(), after.evaluations().ruleset().version());

        String[] id = new String[1];
        JavalinTest.test(before.newWebApp(), (server, client) -> {
            id[0] = evaluate(client, scenario("example-saturday-handover-delays"));
            JsonNode same = post(client, "/api/v1/evaluations/" + id[0] + "/rerun", "").body();
            assertTrue(same.get("sameOutcome").asBoolean(), same.toString());
            assertEquals(id[0], same.get("evaluation").asText());
        });
        JavalinTest.test(after.newWebApp(), (server, client) -> {
            Answer rerun = post(client, "/api/v1/evaluations/" + id[0] + "/rerun?version=active", "");
            assertEquals(200, rerun.status(), rerun.text());
            JsonNode r = rerun.body();
            assertFalse(r.get("sameOutcome").asBoolean(), r.toString());
            assertEquals(before.evaluations().ruleset().version(), r.get("originalRulesetVersion").asText());
            assertEquals(after.evaluations().ruleset().version(), r.get("rulesetVersion").asText());
            assertTrue(r.get("differences").toString().contains("\"T3\""), r.get("differences").toString());
            assertFalse(r.at("/result/exceptionReport/triggers").toString().contains("\"T3\""));

            // both re-runs are evidence, linked to their original
            JsonNode reruns = get(client, "/api/v1/audit/records?kind=EVALUATION_RERUN&subject=" + id[0]).body();
            assertEquals(2, reruns.get("items").size());
            assertEquals(r.get("rerun").asText(), reruns.at("/items/1/id").asText());
            assertEquals(after.evaluations().ruleset().version(), reruns.at("/items/1/rulesetVersion").asText());

            assertEquals(404, post(client, "/api/v1/evaluations/" + id[0] + "/rerun?version=0000", "").status());
            assertEquals(404, post(client, "/api/v1/evaluations/nothing/rerun", "").status());
            JsonNode check = get(client, "/api/v1/audit/verify").body();
            assertTrue(check.get("ok").asBoolean(), check.toString());
            // two start-up activations, one evaluation, two re-runs
            assertEquals(5, check.get("records").asInt(), check.toString());
        });
    }

    @Test
    void activatingAnotherRulesetJoinsTheChain() throws Exception {
        WinterRoom room = TestRules.room(temp);
        JavalinTest.test(room.newWebApp(), (server, client) -> {
            Path values = room.ruleChanges().folder().resolve("tables/policy-values.csv");
            String csv = Files.readString(values);
            String changed = csv.replace("T3.handovers_over_60_more_than,5,", "T3.handovers_over_60_more_than,6,");
            assertNotEquals(csv, changed);
            Answer put = Http.put(client, "/api/v1/rules/files/tables/policy-values.csv?force=true", changed, "X-Author", "olu", "X-Change-Note", "raise T3");
            assertTrue(put.status() < 300, put.text());
            JsonNode activations = get(client, "/api/v1/audit/records?kind=RULESET_ACTIVATION").body();
            assertEquals(2, activations.get("items").size(), activations.toString());
            JsonNode latest = activations.get("items").get(1);
            assertEquals(room.evaluations().ruleset().version(), latest.get("subject").asText());
            assertEquals(activations.at("/items/0/subject").asText(), latest.at("/result/previous").asText());
            assertTrue(get(client, "/api/v1/audit/verify").body().get("ok").asBoolean());
        });
    }

    static Path copyRules(Path target) throws IOException {
        Path source = Path.of("rules");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.sorted(Comparator.naturalOrder()).toList()) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(to);
                else Files.copy(p, to);
            }
        }
        return target;
    }
}
