package winterroom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import winterroom.Http.Answer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static winterroom.Http.get;
import static winterroom.Http.post;
import static winterroom.Http.put;

/**
 * Input an attacker (or a careless script) sends: each gets a 4xx that says why, nothing is wrapped or
 * truncated into a different meaning, nothing outside the rules folder is read or written, and the
 * service keeps serving.
 */
class HostileInputTest {
    static String situation(java.util.function.Consumer<ObjectNode> edit) throws Exception {
        ObjectNode s = (ObjectNode) Json.mapper().readTree(Files.readString(Path.of("scenarios/example-saturday-handover-delays.json")));
        s.remove("expect");
        edit.accept(s);
        return Json.mapper().writeValueAsString(s);
    }

    /** One organisation and nothing else, so the code under test is the only thing wrong. */
    static String oneOrganisation(String code) throws Exception {
        return "{\"asOf\":\"2019-01-12T07:30:00Z\",\"organisations\":[{\"code\":" + Json.mapper().writeValueAsString(code) + ",\"type\":\"ACUTE\",\"reportedOpel\":2}]}";
    }

    static void assertRefused(Answer a, int status, String field, String words) {
        assertEquals(status, a.status(), a.text());
        assertTrue(a.text().contains(words), "expected '" + words + "' in " + a.text());
        if (field != null) assertTrue(a.text().contains("\"field\":\"" + field + "\""), "expected field " + field + " in " + a.text());
        assertFalse(a.text().toLowerCase().contains("sql"), "no database text leaks: " + a.text());
    }

    @Test
    void badValuesAreRefusedWithTheirFieldNotWrappedOrStored(@TempDir Path dir) throws Exception {
        WinterRoom room = TestRules.room(dir);
        JavalinTest.test(room.newWebApp(), (server, client) -> {
            // numbers past an int are refused, not wrapped (4294967297 would read as 1)
            assertRefused(post(client, "/api/v1/evaluations", situation(s -> ((ObjectNode) s.get("organisations").get(0)).put("reportedOpel", 4294967297L))),
                    400, "organisations[0].reportedOpel", "1 to 4");
            assertRefused(post(client, "/api/v1/evaluations", situation(s -> s.withArray("actions").addObject()
                            .put("org", "LTHT").put("type", "CANCEL_ELECTIVE").put("count", 4294967308L).put("hoursBeforeSurgery", 12))),
                    400, "actions[1].count", "whole number");
            // dates a calendar cannot hold
            assertRefused(post(client, "/api/v1/evaluations", situation(s -> s.put("asOf", "-999999999-01-01T00:00:00Z"))), 400, "asOf", "outside");
            assertRefused(post(client, "/api/v1/evaluations", situation(s -> s.put("asOf", "+999999999-12-31T23:59:59Z"))), 400, "asOf", "outside");
            // ... and where an exercise's steps take their times from: its start, live and replayed
            ObjectNode exercise = (ObjectNode) Json.mapper().readTree(Files.readString(Path.of("scenarios/exercises/easter-bank-holiday-weekend.json")));
            exercise.put("start", "-999999999-01-01T00:00:00Z");
            assertRefused(post(client, "/api/v1/exercises", Json.mapper().writeValueAsString(exercise)), 400, "start", "outside 1900 to 2200");
            assertRefused(post(client, "/api/v1/exercises/replay", Json.mapper().writeValueAsString(exercise)), 400, "start", "outside 1900 to 2200");
            // organisation codes: characters, length, count
            assertRefused(post(client, "/api/v1/evaluations", oneOrganisation("A,B")), 400, "organisations[0].code", "'A,B' is not");
            assertRefused(post(client, "/api/v1/evaluations", oneOrganisation("X".repeat(300_000))), 400, "organisations[0].code", "this is 300000");
            StringBuilder many = new StringBuilder("{\"asOf\":\"2019-01-12T07:30:00Z\",\"organisations\":[");
            for (int i = 0; i < 2001; i++) many.append(i == 0 ? "" : ",").append("{\"code\":\"T").append(i).append("\",\"type\":\"ACUTE\"}");
            assertRefused(post(client, "/api/v1/evaluations", many.append("]}").toString()), 400, "organisations", "2001 organisations is more than the 2000");
            assertRefused(post(client, "/api/v1/evaluations", situation(s -> s.put("system", "S".repeat(5000)))), 400, "system", "at most 2000");
            // a key given twice could be read either way by two readers: refused
            assertRefused(post(client, "/api/v1/evaluations", "{\"system\":\"Leeds\",\"system\":\"Elsewhere\",\"asOf\":\"2019-01-12T07:30:00Z\","
                    + "\"organisations\":[{\"code\":\"LTHT\",\"reportedOpel\":2}]}"), 400, null, "Duplicate field 'system'");
            // a charset the service does not read bodies in, on every body route
            for (String path : new String[] {"/api/v1/evaluations", "/api/v1/evaluations/batch", "/api/v1/rules/validate", "/api/v1/exercises/replay"}) {
                assertRefused(post(client, path, "{}", "Content-Type", "application/json; charset=x"), 415, null, "charset 'x'");
            }
            assertEquals(201, post(client, "/api/v1/evaluations", situation(s -> {}), "Content-Type", "application/json; charset=UTF-8").status());
            // none of the refused situations reached the audit trail: the one good evaluation did
            Answer trail = get(client, "/api/v1/audit/records?kind=EVALUATION");
            assertEquals(1, trail.body().get("items").size(), trail.text());
            assertEquals(200, get(client, "/health").status());
        });
    }

    /**
     * No size cliff: the largest situation the limits allow (2,000 organisations, each code the longest allowed, five
     * measures each) is evaluated, kept and read back whole. Its 2,000 org: tags fit the tags column on PostgreSQL
     * too (AuditLogContract.tagsOfTheLargestSituationAreKeptWhole).
     */
    static final int LARGEST = 2000;

    @Test
    void theLargestSituationAllowedIsEvaluatedKeptAndReadBackWhole(@TempDir Path dir) throws Exception {
        WinterRoom room = TestRules.room(dir);
        ObjectNode s = Json.mapper().createObjectNode().put("asOf", "2019-01-12T07:30:00Z");
        var orgs = s.putArray("organisations");
        var measures = s.putArray("measures");
        String[] metrics = {"ae_4h_pct", "ga_bed_occupancy_pct", "nctr_pct", "escalation_beds_pct", "ambulance_handover_over_60_min"};
        for (int i = 0; i < LARGEST; i++) {
            String code = String.format("TRUST-%014d", i);   // 20 characters, the longest code allowed
            orgs.addObject().put("code", code).put("type", "ACUTE").put("reportedOpel", 1 + i % 4);
            for (int m = 0; m < metrics.length; m++) measures.addObject().put("org", code).put("metric", metrics[m]).put("value", m == 4 ? i % 9 : 70 + i % 25);
        }
        String last = String.format("TRUST-%014d", LARGEST - 1);
        String body = Json.mapper().writeValueAsString(s);
        assertTrue(body.length() < 1024 * 1024, "within the body limit: " + body.length());
        JavalinTest.test(room.newWebApp(), (server, client) -> {
            Answer a = post(client, "/api/v1/evaluations", body);
            assertEquals(201, a.status(), a.text().substring(0, Math.min(500, a.text().length())));
            assertEquals(LARGEST, a.body().get("opel").get("organisations").size());
            Answer kept = get(client, "/api/v1/evaluations/" + a.body().get("id").asText());
            assertEquals(200, kept.status());
            assertEquals(a.body().get("opel"), kept.body().get("opel"), "read back as answered");
            Answer tagged = get(client, "/api/v1/evaluations?org=" + last);
            assertEquals(1, tagged.body().get("items").size(), "the last organisation is still searchable");
        });
    }

    @Test
    void theRulesFolderNeverFollowsLinksOutOfItself(@TempDir Path dir) throws Exception {
        Path rules = TestRules.copy(dir);
        Path secret = Files.writeString(dir.resolve("secret.csv"), "code,name\nSECRET,do not serve\n");
        Files.createSymbolicLink(rules.resolve("catalogue/passwd.csv"), secret);
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.createSymbolicLink(rules.resolve("linked"), outside);
        WinterRoom room = WinterRoom.create(new ServiceConfig(0, rules, 20000).withDataDir(dir.resolve("data")));
        JavalinTest.test(room.newWebApp(), (server, client) -> {
            assertRefused(get(client, "/api/v1/rules/files/catalogue/passwd.csv"), 400, "name", "link");   // a linked file is not policy
            assertFalse(get(client, "/api/v1/rules").text().contains("passwd"));
            Answer write = put(client, "/api/v1/rules/files/linked/extra.csv", "metric,x\n", "Content-Type", "text/csv");
            assertRefused(write, 400, "name", "link");
            try (Stream<Path> written = Files.list(outside)) {
                assertEquals(0, written.count(), "nothing written through the link");
            }
            Answer overwrite = put(client, "/api/v1/rules/files/catalogue/passwd.csv", "code,name\n", "Content-Type", "text/csv");
            assertRefused(overwrite, 400, "name", "link");
            assertEquals("code,name\nSECRET,do not serve\n", Files.readString(secret), "the link's target is untouched");
            // a name too long for the file system is refused before anything is written, and leaves nothing behind
            String longName = "tables/" + "n".repeat(300) + ".csv";
            assertRefused(put(client, "/api/v1/rules/files/" + longName, "a,b\n", "Content-Type", "text/csv"), 400, "name", "at most");
            try (Stream<Path> files = Files.walk(rules)) {
                assertEquals(0, files.filter(p -> p.getFileName().toString().startsWith(".incoming-")).count());
            }
            // the version history holds no linked file either
            for (JsonNode v : get(client, "/api/v1/rules/versions").body().get("versions")) {
                assertFalse(v.toString().contains("passwd"), v.toString());
            }
        });
    }

    @Test
    void metricsWithATrailingSlashNeedATokenToo(@TempDir Path dir) throws Exception {
        String[] viewer = AccessTest.newToken("vera", "VIEWER");
        Path tokens = Files.writeString(dir.resolve("tokens.csv"), viewer[1] + "\n");
        WinterRoom room = WinterRoom.create(new ServiceConfig(0, TestRules.copy(dir), 20000).withTokens(tokens).withDataDir(dir.resolve("data")));
        JavalinTest.test(room.newWebApp(), (server, client) -> {
            assertEquals(401, get(client, "/metrics").status());
            assertEquals(401, get(client, "/metrics/").status());
            assertEquals(401, get(client, "/api/v1/rules/").status());
            assertEquals(200, get(client, "/metrics/", "Authorization", AccessTest.bearer(viewer[0])).status());
        });
    }

    @Test
    void exportedCsvCellsCannotRunAsSpreadsheetFormulas(@TempDir Path dir) throws Exception {
        WinterRoom room = TestRules.room(dir);
        JavalinTest.test(room.newWebApp(), (server, client) -> {
            String formula = "=HYPERLINK(\"http://evil.example\",\"click\")";
            assertEquals(201, post(client, "/api/v1/evaluations", situation(s -> s.put("system", formula))).status());
            String csv = get(client, "/api/v1/evaluations/export?format=csv").text();
            assertTrue(csv.contains("'=HYPERLINK"), csv);
            assertFalse(csv.contains(",=HYPERLINK") || csv.contains(",\"=HYPERLINK"), csv);
        });
    }

    /**
     * A batch whose body is still arriving holds its share of the batch budget; a second batch that would
     * take the total past it gets 429 with Retry-After at once, and evaluations and health still answer.
     */
    @Test
    void concurrentBatchesBeyondTheBudgetGet429(@TempDir Path dir) throws Exception {
        WinterRoom room = WinterRoom.create(new ServiceConfig(0, TestRules.copy(dir), 20000).withDataDir(dir.resolve("data")).withBatchMaxBytes(64 * 1024));
        JavalinTest.test(room.newWebApp(), (server, client) -> {
            String item = situation(s -> {});
            int length = 60 * 1024;
            Socket slow = null;
            Answer second = null;
            String firstAnswer = "(nothing)";
            // On a loaded machine a probe can be dispatched before the slow batch and take the budget first, so the
            // slow batch is the one refused; then the slow batch is sent again.
            for (int round = 0; round < 10 && (second == null || second.status() != 429); round++) {
                if (slow != null) slow.close();
                slow = startBatch(server.port(), length);
                for (int attempt = 0; attempt < 50; attempt++) {
                    second = post(client, "/api/v1/evaluations/batch", "[" + item + "]" + " ".repeat(20 * 1024));
                    if (second.status() == 429) break;
                    firstAnswer = answered(slow);
                    if (!firstAnswer.isEmpty()) break;   // the slow batch was refused: start it again
                    Thread.sleep(100);
                }
            }
            try (Socket first = slow) {
                assertEquals(429, second.status(), "first batch's connection: " + firstAnswer + "\nsecond: " + second.text());
                assertEquals("5", second.header("Retry-After"));
                assertEquals(201, post(client, "/api/v1/evaluations", item).status(), "single evaluations still answer");
                assertEquals(200, get(client, "/health").status());
                // the first batch completes normally once its body has arrived
                StringBuilder rest = new StringBuilder(item);
                while (rest.length() < length - 2) rest.append(' ');
                rest.setLength(length - 2);
                OutputStream out = first.getOutputStream();
                out.write((rest + "]").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                first.setSoTimeout(30_000);
                InputStream in = first.getInputStream();
                String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
                assertEquals("HTTP/1.1 200", status);
            }
            assertEquals(200, post(client, "/api/v1/evaluations/batch", "[" + item + "]").status(), "the budget is free again");
        });
    }

    /** Opens a batch request whose headers promise {@code length} bytes and sends only the first of them. */
    private static Socket startBatch(int port, int length) throws IOException {
        Socket slow = new Socket("127.0.0.1", port);
        OutputStream out = slow.getOutputStream();
        out.write(("POST /api/v1/evaluations/batch HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + length + "\r\n\r\n[").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return slow;
    }

    /** What the server has sent on this connection so far, or "" when it has sent nothing yet. */
    private static String answered(Socket socket) throws IOException {
        socket.setSoTimeout(1);
        byte[] got = new byte[2000];
        try {
            int n = socket.getInputStream().read(got);
            return n > 0 ? new String(got, 0, n, StandardCharsets.UTF_8) : "";
        } catch (java.net.SocketTimeoutException none) {
            return "";
        }
    }
}
