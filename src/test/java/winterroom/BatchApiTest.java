package winterroom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.Test;
import winterroom.Http.Answer;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static winterroom.Http.post;

/** POST /api/v1/evaluations/batch: many situations in, one compact result each out, bad items by index. */
class BatchApiTest {
    static final WinterRoom ROOM = EvaluationApiTest.ROOM;
    static final String BATCH = "/api/v1/evaluations/batch";

    static ObjectNode scenario(String file) throws Exception {
        ObjectNode s = (ObjectNode) Json.mapper().readTree(Files.readString(Path.of("scenarios", file)));
        s.remove("expect");
        return s;
    }

    static String codes(JsonNode array) {
        StringBuilder sb = new StringBuilder();
        array.forEach(c -> sb.append(sb.length() == 0 ? "" : " ").append(c.asText()));
        return sb.toString();
    }

    @Test
    void evaluatesEachItemAndReportsBadOnesByIndex() {
        JavalinTest.test(ROOM.newWebApp(), (server, client) -> {
            ArrayNode batch = Json.mapper().createArrayNode();
            batch.add(scenario("t3-six-handovers-over-an-hour.json"));
            ObjectNode bad = scenario("t3-near-miss-five-handovers.json");
            ((ObjectNode) bad.withArray("measures").get(0)).put("metric", "no_such_metric");
            batch.add(bad);
            batch.add(scenario("d2a-pathways-over-capacity.json"));
            batch.add("not a situation");

            Answer a = post(client, BATCH, batch.toString());
            assertEquals(200, a.status(), a.text());
            JsonNode r = a.body();
            assertEquals(4, r.get("count").asInt());
            assertEquals(2, r.get("evaluated").asInt());
            assertEquals(2, r.get("invalid").asInt());
            assertEquals(ROOM.evaluations().ruleset().version(), r.get("rulesetVersion").asText());

            JsonNode first = r.at("/results/0");
            assertEquals(0, first.get("index").asInt());
            assertEquals("T3", codes(first.get("triggers")));
            assertEquals("P7", codes(first.get("breaches")));
            assertTrue(codes(first.get("recommendations")).contains("EXCEPTION_RETURN"));
            assertEquals("2019-01-16", first.get("localDate").asText());
            assertEquals(2, first.at("/opel/LTHT").asInt(), "LTHT is at the OPEL 2 it reports, though six handovers over an hour score band 3 (illustrative)");
            assertFalse(first.has("result"), "no full result unless asked for");

            JsonNode second = r.at("/results/1");
            assertEquals(1, second.get("index").asInt());
            assertTrue(second.get("error").asText().contains("not valid"));
            EvaluationApiTest.assertDetail(second, "measures[0].metric", "unknown metric 'no_such_metric'");

            JsonNode third = r.at("/results/2");
            assertEquals(3, third.at("/findings/discharge").asInt());
            assertEquals(0, third.at("/findings/cas").asInt());
            assertTrue(codes(third.get("recommendations")).contains("MA6"));

            assertEquals(3, r.at("/results/3/index").asInt());
            assertTrue(r.at("/results/3/error").asText().contains("JSON object"));

            // the batch is one BATCH record on the audit trail: the items as sent, the compact results
            Answer kept = Http.get(client, "/api/v1/audit/records/" + r.get("batchId").asText());
            assertEquals(200, kept.status(), kept.text());
            assertEquals("BATCH", kept.body().get("kind").asText());
            assertEquals(r.get("rulesetVersion").asText(), kept.body().get("rulesetVersion").asText());
            JsonNode input = kept.body().get("input");
            assertEquals(batch, input);
            JsonNode result = kept.body().get("result");
            assertEquals(r.get("results"), result.get("results"));
            assertEquals(2, result.get("invalid").asInt());
            assertTrue(Http.get(client, "/api/v1/audit/verify").body().get("ok").asBoolean());
        });
    }

    @Test
    void acceptsNdjsonWithAMalformedLine() {
        JavalinTest.test(ROOM.newWebApp(), (server, client) -> {
            String ndjson = scenario("t3-six-handovers-over-an-hour.json") + "\n{\"asOf\": \n\n" + scenario("t3-near-miss-five-handovers.json") + "\n";
            Answer a = post(client, BATCH, ndjson, "Content-Type", "application/x-ndjson");
            assertEquals(200, a.status(), a.text());
            assertEquals(3, a.body().get("count").asInt());
            assertEquals("T3", codes(a.body().at("/results/0/triggers")));
            assertTrue(a.body().at("/results/1/error").asText().contains("malformed JSON on line 2"));
            assertEquals(2, a.body().at("/results/2/index").asInt());
            assertEquals("", codes(a.body().at("/results/2/triggers")), "five handovers is a near miss");
            JsonNode input = Http.get(client, "/api/v1/audit/records/" + a.body().get("batchId").asText()).body().get("input");
            assertEquals(3, input.size());
            assertEquals("{\"asOf\": ", input.get(1).asText(), "the unreadable line is kept as sent");
        });
    }

    @Test
    void fullAuditOnlyWhenAskedFor() {
        JavalinTest.test(ROOM.newWebApp(), (server, client) -> {
            String batch = "[" + scenario("cas-targets-missed.json") + "]";
            JsonNode full = post(client, BATCH + "?audit=full", batch).body();
            JsonNode result = full.at("/results/0/result");
            assertFalse(result.get("audit").isEmpty(), "the full result carries its audit trail");
            // the CAS findings as the issue describes them: metric, org, value, target, gap
            JsonNode assess = null;
            for (JsonNode f : result.get("casFindings")) if (f.get("metric").asText().equals("nhs111_clinical_assessment_pct")) assess = f;
            assertEquals("YAS", assess.get("org").asText());
            assertEquals(45, assess.get("value").asInt());
            assertEquals(50, assess.get("target").asInt());
            assertEquals(5, assess.get("gap").asInt());
            assertTrue(assess.get("value").isIntegralNumber(), "whole numbers read as whole numbers: " + assess);
            JsonNode discharge = result.get("dischargeFindings");
            assertTrue(discharge.isArray() && discharge.isEmpty(), "an empty discharge list when nothing is found");

            Answer bad = post(client, BATCH + "?audit=everything", batch);
            assertEquals(400, bad.status());
            EvaluationApiTest.assertDetail(bad.body(), "audit", "unknown value");
        });
    }

    @Test
    void rejectsWhatIsNotABatchAndKeepsServing() {
        JavalinTest.test(ROOM.newWebApp(), (server, client) -> {
            assertEquals(400, post(client, BATCH, "").status());
            assertEquals(400, post(client, BATCH, "[]").status());
            Answer object = post(client, BATCH, scenario("t3-six-handovers-over-an-hour.json").toString());
            assertEquals(400, object.status());
            assertTrue(object.body().get("error").asText().contains("JSON array"));
            Answer malformed = post(client, BATCH, "[{\"asOf\": ");
            assertEquals(400, malformed.status());
            assertTrue(malformed.body().get("error").asText().contains("malformed JSON"));
            assertEquals(200, post(client, BATCH, "[" + scenario("t3-six-handovers-over-an-hour.json") + "]").status());
        });
    }

    @Test
    void theBatchRouteHasItsOwnBodyLimit() throws Exception {
        // a batch over 1 MiB is fine on the batch route (default limit 32 MiB) ...
        String one = scenario("t3-six-handovers-over-an-hour.json").toString();
        StringBuilder big = new StringBuilder("[");
        int n = (int) (1.5 * 1024 * 1024 / one.length()) + 1;
        for (int i = 0; i < n; i++) big.append(i == 0 ? "" : ",").append(one);
        big.append("]");
        JavalinTest.test(ROOM.newWebApp(), (server, client) -> {
            Answer a = post(client, BATCH, big.toString());
            assertEquals(200, a.status(), () -> a.text().substring(0, Math.min(300, a.text().length())));
            assertEquals(n, a.body().get("evaluated").asInt());
            // ... while a single evaluation keeps its 1 MiB limit
            assertEquals(413, post(client, "/api/v1/evaluations", big.toString()).status());
        });
        // and the batch limit is configurable
        WinterRoom small = WinterRoom.create(new ServiceConfig(0, Path.of("rules"), 20000).withBatchMaxBytes(64 * 1024));
        JavalinTest.test(small.newWebApp(), (server, client) -> {
            Answer a = post(client, BATCH, big.toString());
            assertEquals(413, a.status());
            assertTrue(a.body().get("error").asText().contains("for a batch"), a.text());
            assertEquals(200, post(client, BATCH, "[" + one + "]").status());
        });
    }
}
