package winterroom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import winterroom.Http.Answer;

import static winterroom.Http.get;
import static winterroom.Http.post;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The evaluation API through HTTP, as an on-call manager's tool would use it. */
class EvaluationApiTest {
    static final WinterRoom ROOM = WinterRoom.create(new ServiceConfig(0, Path.of("rules"), 20000));

    static ObjectNode example() throws Exception {
        return (ObjectNode) Json.mapper().readTree(Files.readString(Path.of("scenarios/example-saturday-handover-delays.json")));
    }

    /** Posts a situation expected to be rejected and returns the details of the error. */
    static JsonNode rejected(HttpClient client, Object situation, int status) throws Exception {
        String body = situation instanceof String s ? s : Json.mapper().writeValueAsString(situation);
        Answer a = post(client, "/api/v1/evaluations", body);
        assertEquals(status, a.status(), () -> "body: " + a.body());
        assertTrue(a.body().hasNonNull("error"), "a JSON error with a message");
        return a.body();
    }

    static void assertDetail(JsonNode error, String field, String messagePart) {
        for (JsonNode d : error.path("details")) {
            if (d.path("field").asText().equals(field) && d.path("message").asText().contains(messagePart)) return;
        }
        throw new AssertionError("no detail for " + field + " containing '" + messagePart + "' in " + error);
    }

    @Test
    void evaluatesASituationAndReadsItBack() {
        JavalinTest.test(ROOM.newWebApp(), (server, client) -> {
            Answer created = post(client, "/api/v1/evaluations", example().toString());
            assertEquals(201, created.status());
            String location = created.header("Location");
            assertEquals("/api/v1/evaluations/" + created.body().get("id").asText(), location);
            JsonNode r = created.body();
            assertEquals(ROOM.evaluations().ruleset().version(), r.get("rulesetVersion").asText());
            assertEquals("2019-01-12", r.at("/calendar/localDate").asText());
            assertTrue(r.at("/calendar/weekend").asBoolean());
            assertTrue(r.at("/calendar/reportingWindow").asBoolean());
            assertEquals(3, r.at("/opel/system").asInt());
            assertTrue(r.at("/exceptionReport/required").asBoolean());
            assertEquals("CCG on-call manager", r.at("/exceptionReport/submitter").asText());
            assertEquals("LTHT on-call general manager", r.at("/exceptionReport/acuteLead").asText());
            assertTrue(r.at("/exceptionReport/triggers").toString().contains("\"T3\""));
            assertTrue(r.at("/principleBreaches").toString().contains("\"P7\""));

            // the audit is by reference; it names the rule, its file and source, the facts it matched and what it produced
            assertFalse(r.has("audit"), "the default answer leaves the audit out");
            String auditUrl = r.get("auditUrl").asText();
            assertEquals("/api/v1/evaluations/" + r.get("id").asText() + "/audit", auditUrl);
            JsonNode entries = get(client, auditUrl).body().get("audit");
            assertEquals(entries, get(client, "/api/v1/evaluations/" + r.get("id").asText() + "?include=audit").body().get("audit"));
            JsonNode t3 = null;
            for (JsonNode a : entries) if ("T3".equals(a.path("code").asText())) t3 = a;
            assertNotNull(t3, "T3 firing in the audit");
            assertEquals("exception-reporting.drl", t3.get("file").asText());
            assertTrue(t3.get("source").asText().contains("000:L7295"));
            assertTrue(t3.get("matched").toString().contains("ambulance_handover_over_60_min"));
            assertEquals("ExceptionTrigger", t3.at("/produced/0/type").asText());

            Answer read = get(client, location);
            assertEquals(200, read.status());
            assertEquals(r, read.body());
        });
    }

    /** A new evaluation's answer is cut from the bytes its record was written from; a GET makes it from the kept tree. */
    @Test
    void theAnswerToAPostIsByteForByteTheAnswerToItsGet() {
        JavalinTest.test(ROOM.newWebApp(), (server, client) -> {
            for (String scenario : new String[]{"example-saturday-handover-delays", "leeds-whole-system-winter-day", "t1-fall-of-10-5-points"}) {
                ObjectNode situation = (ObjectNode) Json.mapper().readTree(Files.readString(Path.of("scenarios/" + scenario + ".json")));
                situation.remove("expect");
                for (String include : new String[]{"", "?include=recommendations", "?include=audit", "?include=audit,recommendations"}) {
                    Answer created = post(client, "/api/v1/evaluations" + include, situation.toString());
                    assertEquals(201, created.status(), created.text());
                    assertEquals("application/json", created.header("Content-Type"));
                    Answer read = get(client, created.header("Location") + include);
                    assertEquals(read.text(), created.text(), scenario + include);
                }
            }
        });
    }

    @Test
    void listsRulesCataloguesAndHealth() {
        JavalinTest.test(ROOM.newWebApp(), (server, client) -> {
            JsonNode rules = get(client, "/api/v1/rules").body();
            assertFalse(rules.get("files").isEmpty());
            boolean t3 = false;
            for (JsonNode r : rules.get("rules")) {
                assertFalse(r.path("code").asText().isBlank(), "every rule has a code: " + r);
                assertFalse(r.path("title").asText().isBlank(), "every rule has a title: " + r);
                assertFalse(r.path("source").asText().isBlank(), "every rule has a source: " + r);
                t3 |= r.get("code").asText().equals("T3");
            }
            assertTrue(t3);
            JsonNode metrics = get(client, "/api/v1/catalogue/metrics").body();
            assertTrue(metrics.toString().contains("\"ambulance_handover_over_60_min\""));
            JsonNode actions = get(client, "/api/v1/catalogue/actions").body();
            assertTrue(actions.toString().contains("\"MA1\""));
            Answer health = get(client, "/health");
            assertEquals(200, health.status());
            assertEquals("ok", health.body().get("status").asText());
            assertEquals(ROOM.evaluations().ruleset().version(), health.body().get("rulesetVersion").asText());
        });
    }

    @Test
    void malformedJsonAndMissingFields() {
        JavalinTest.test(ROOM.newWebApp(), (server, client) -> {
            assertTrue(rejected(client, "{\"asOf\": ", 400).get("error").asText().contains("malformed JSON"));
            rejected(client, "", 400);
            rejected(client, "[1,2]", 400);
            ObjectNode noAsOf = example();
            noAsOf.remove("asOf");
            assertDetail(rejected(client, noAsOf, 400), "asOf", "required");
            ObjectNode noOrgs = example();
            noOrgs.remove("organisations");
            assertDetail(rejected(client, noOrgs, 400), "organisations", "required");
            ObjectNode badDate = example();
            badDate.put("asOf", "12/01/2019");
            assertDetail(rejected(client, badDate, 400), "asOf", "not a date-time");
        });
    }

    @Test
    void measuresAreCheckedAgainstTheCatalogue() {
        JavalinTest.test(ROOM.newWebApp(), (server, client) -> {
            ObjectNode unknown = example();
            ((ObjectNode) unknown.withArray("measures").get(2)).put("metric", "ae_4hr_percent");
            assertDetail(rejected(client, unknown, 400), "measures[2].metric", "unknown metric 'ae_4hr_percent'");

            ObjectNode strangerOrg = example();
            ((ObjectNode) strangerOrg.withArray("measures").get(0)).put("org", "HARROGATE");
            assertDetail(rejected(client, strangerOrg, 400), "measures[0].org", "not in the situation");

            ObjectNode outOfRange = example();
            ((ObjectNode) outOfRange.withArray("measures").get(3)).put("value", 140);
            assertDetail(rejected(client, outOfRange, 400), "measures[3].value", "outside the valid range");

            ObjectNode notNumber = example();
            ((ObjectNode) notNumber.withArray("measures").get(3)).put("value", "high");
            assertDetail(rejected(client, notNumber, 400), "measures[3].value", "must be a number");

            String infinite = example().toString().replace("\"value\":78.5", "\"value\":1e999");
            assertDetail(rejected(client, infinite, 400), "measures[3].value", "finite");

            ObjectNode negative = example();
            ((ObjectNode) negative.withArray("measures").get(2)).put("value", -1);
            assertDetail(rejected(client, negative, 400), "measures[2].value", "cannot be negative");

            ObjectNode duplicate = example();
            duplicate.withArray("measures").add(Json.mapper().valueToTree(Map.of("org", "LTHT", "metric", "ae_4h_pct", "value", 80)));
            assertDetail(rejected(client, duplicate, 400), "measures[5]", "duplicate measure");

            ObjectNode bands = example();
            ((ObjectNode) bands.withArray("measures").get(2)).put("value", 30);   // over 60 above over 30 (12)
            assertDetail(rejected(client, bands, 400), "measures[2].value", "out of order");
        });
    }

    @Test
    void eventsAndActionsAreChecked() {
        JavalinTest.test(ROOM.newWebApp(), (server, client) -> {
            ObjectNode event = example();
            ((ObjectNode) event.withArray("events").get(0)).put("type", "ALIEN_INVASION");
            assertDetail(rejected(client, event, 400), "events[0].type", "unknown event type");
            ObjectNode action = example();
            ((ObjectNode) action.withArray("actions").get(0)).put("type", "CLOSE_HOSPITAL");
            assertDetail(rejected(client, action, 400), "actions[0].type", "unknown action type");
            ObjectNode org = example();
            ((ObjectNode) org.withArray("organisations").get(0)).put("type", "HOSPITAL");
            assertDetail(rejected(client, org, 400), "organisations[0].type", "unknown organisation type");
            ObjectNode level = example();
            ((ObjectNode) level.withArray("organisations").get(0)).put("reportedOpel", 5);
            assertDetail(rejected(client, level, 400), "organisations[0].reportedOpel", "1 to 4");
        });
    }

    @Test
    void oversizeBodiesUnknownIdsAndTheServiceKeepsServing() {
        JavalinTest.test(ROOM.newWebApp(), (server, client) -> {
            ObjectNode big = example();
            ArrayNode padding = big.putArray("padding");
            String filler = "x".repeat(1024);
            for (int i = 0; i < 1100; i++) padding.add(filler);
            assertEquals(413, rejected(client, big, 413).has("error") ? 413 : 0);

            Answer missing = get(client, "/api/v1/evaluations/no-such-id");
            assertEquals(404, missing.status());
            assertTrue(missing.body().get("error").asText().contains("not found"));
            assertEquals(404, get(client, "/api/v1/nothing-here").status());

            // after all that, a good request still works
            assertEquals(201, post(client, "/api/v1/evaluations", example().toString()).status());
        });
    }

    /** What a raw HTTP/1.1 exchange answers (status line, headers, body), its sending side closed after the body when asked. */
    static String exchange(int port, String head, byte[] body, boolean closeAfter) throws Exception {
        try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(60_000);
            var out = s.getOutputStream();
            out.write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            if (closeAfter) s.shutdownOutput();
            return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void aBodySentInChunksIsEvaluatedAndOneCutShortIsRefused() {
        JavalinTest.test(ROOM.newWebApp(), (server, client) -> {
            byte[] situation = example().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String head = "POST /api/v1/evaluations HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nConnection: close\r\n";

            // no length declared (the client streams it, chunked): read to its end
            var http = java.net.http.HttpClient.newHttpClient();
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + server.port() + "/api/v1/evaluations"))
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(situation))).build();
            var streamed = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(201, streamed.statusCode(), streamed.body());
            JsonNode created = Json.mapper().readTree(streamed.body());
            assertEquals(created, get(client, "/api/v1/evaluations/" + created.get("id").asText()).body(), "the answer sent is the one kept");

            // a body that ends before the length it declares is refused, in JSON, and nothing is kept
            long kept = kept();
            String cut = exchange(server.port(), head + "Content-Length: " + situation.length + "\r\n\r\n",
                    java.util.Arrays.copyOf(situation, situation.length / 2), true);
            assertTrue(cut.startsWith("HTTP/1.1 400"), cut);
            assertTrue(cut.contains("\"error\""), "a JSON error: " + cut);
            assertEquals(kept, kept(), "nothing kept of a body cut short");
        });
    }

    /** How many evaluations the room keeps. */
    static long kept() {
        java.util.concurrent.atomic.AtomicLong n = new java.util.concurrent.atomic.AtomicLong();
        ROOM.evaluations().forEach(winterroom.store.EvaluationQuery.all(), e -> n.incrementAndGet());
        return n.get();
    }
}
