package winterroom;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import winterroom.Http.Answer;
import winterroom.auth.Tokens;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static winterroom.Http.delete;
import static winterroom.Http.get;
import static winterroom.Http.post;
import static winterroom.Http.put;

/**
 * An exercise run as a room: a facilitator, participants who join with the code and record their organisation's
 * decisions, an observer who only watches, decisions the rules judge at the next step, lessons after the end, and
 * the report in JSON, HTML and PDF.
 */
class ExerciseRoomTest {
    static final String FACILITATOR = "fiona-token-0123456789", VIEWER = "vera-token-0123456789";

    static String bearer(String token) { return "Bearer " + token; }

    static String[] as(String token) { return new String[]{"Authorization", bearer(token)}; }

    static boolean breach(JsonNode step, String code, String org) {
        for (JsonNode b : step.at("/result/principleBreaches")) if (b.get("code").asText().equals(code) && b.get("org").asText().equals(org)) return true;
        return false;
    }

    @Test
    void guessingTheJoinCodeIsStoppedAfterTenWrongTries(@TempDir Path dir) throws Exception {
        WinterRoom room = WinterRoom.create(new ServiceConfig(0, Path.of("rules"), 20000)
                .withDataDir(dir.resolve("data")).withRulesPoll(Duration.ZERO));
        String file = Files.readString(Path.of("scenarios/exercises/easter-bank-holiday-weekend.json"));
        JavalinTest.test(room.newWebApp(), (server, client) -> {
            Answer started = post(client, "/api/v1/exercises?audit=false", file);
            String at = "/api/v1/exercises/" + started.body().get("id").asText();
            String code = started.body().get("joinCode").asText();
            for (int i = 0; i < winterroom.service.ExerciseService.JOIN_ATTEMPTS; i++) {
                assertEquals(403, post(client, at + "/participants", "{\"code\": \"WRONG" + i + "\", \"name\": \"x\", \"org\": \"LTHT\"}").status());
            }
            // the next try is refused whatever the code, with when to come back
            Answer stopped = post(client, at + "/participants", "{\"code\": \"" + code + "\", \"name\": \"Sam\", \"org\": \"LTHT\"}");
            assertEquals(429, stopped.status(), stopped.text());
            assertTrue(stopped.body().get("error").asText().contains("too many wrong join codes"), stopped.text());
            assertTrue(Long.parseLong(stopped.header("Retry-After")) > 0, stopped.header("Retry-After"));
            // another exercise is not affected
            Answer other = post(client, "/api/v1/exercises?audit=false", file);
            Answer joined = post(client, "/api/v1/exercises/" + other.body().get("id").asText() + "/participants",
                    "{\"code\": \"" + other.body().get("joinCode").asText() + "\", \"name\": \"Sam\", \"org\": \"LTHT\"}");
            assertEquals(201, joined.status(), joined.text());
        });
    }

    @Test
    void aFacilitatorRunsAnExerciseWithTwoParticipantsAndAnObserver(@TempDir Path dir) throws Exception {
        Path tokens = dir.resolve("tokens.csv");
        Files.writeString(tokens, Tokens.line("fiona", winterroom.auth.Role.ASSESSOR, FACILITATOR) + "\n"
                + Tokens.line("vera", winterroom.auth.Role.VIEWER, VIEWER) + "\n");
        WinterRoom room = WinterRoom.create(new ServiceConfig(0, Path.of("rules"), 20000).withTokens(tokens)
                .withDataDir(dir.resolve("data")).withRulesPoll(Duration.ZERO));
        String file = Files.readString(Path.of("scenarios/exercises/snow-and-flu-desktop-exercise.json"));
        JavalinTest.test(room.newWebApp(), (server, client) -> {
            Answer started = post(client, "/api/v1/exercises?audit=false", file, as(FACILITATOR));
            assertEquals(201, started.status(), started.text());
            String id = started.body().get("id").asText();
            String at = "/api/v1/exercises/" + id;
            String code = started.body().get("joinCode").asText();
            assertEquals("fiona", started.body().get("facilitator").asText());
            assertEquals("live", started.body().get("state").asText());

            // joining: the code is the credential, and the token it gives reaches this exercise alone
            assertEquals(403, post(client, at + "/participants", "{\"code\": \"WRONG1\", \"name\": \"Sam\", \"org\": \"LTHT\"}").status());
            Answer badOrg = post(client, at + "/participants", "{\"code\": \"" + code + "\", \"name\": \"Sam\", \"org\": \"NOPE\"}");
            assertEquals(400, badOrg.status());
            assertTrue(badOrg.text().contains("org"), badOrg.text());
            Answer sam = post(client, at + "/participants", "{\"code\": \"" + code.toLowerCase() + "\", \"name\": \"Sam Patel\", \"org\": \"LTHT\"}");
            assertEquals(201, sam.status(), sam.text());
            String samToken = sam.body().get("token").asText();
            String lee = post(client, at + "/participants", "{\"code\": \"" + code + "\", \"name\": \"Lee Wong\", \"org\": \"LCH\"}").body().get("token").asText();
            String obi = post(client, at + "/participants", "{\"code\": \"" + code + "\", \"name\": \"Obi\", \"role\": \"observer\"}").body().get("token").asText();

            Answer seen = get(client, at + "?audit=false", as(samToken));
            assertEquals(200, seen.status(), seen.text());
            assertFalse(seen.body().has("joinCode"), "a participant is not shown the join code");
            assertEquals(3, seen.body().get("participants").size());
            assertEquals(401, get(client, "/api/v1/evaluations", as(samToken)).status(), "a participant's token reaches only its exercise");
            assertEquals(403, post(client, at + "/steps", "", as(samToken)).status(), "only the facilitator steps");
            assertEquals(403, post(client, at + "/end", "", as(obi)).status());

            JsonNode step0 = post(client, at + "/steps?audit=false", "", as(FACILITATOR)).body();
            assertFalse(breach(step0, "P15", "LTHT"), "near miss: nothing suspended yet");

            // decisions: attributed, checked, and facts of the next step
            String suspend = "{\"org\": \"LTHT\", \"text\": \"Suspend elective orthopaedics to free beds\", "
                    + "\"action\": {\"type\": \"SUSPEND_SERVICE\", \"service\": \"elective orthopaedics\"}}";
            Answer decided = post(client, at + "/decisions", suspend, as(samToken));
            assertEquals(201, decided.status(), decided.text());
            assertEquals("Sam Patel", decided.body().get("by").asText());
            assertEquals(0, decided.body().get("afterStep").asInt());
            assertNotNull(decided.body().get("recordedAt"));
            assertEquals(403, post(client, at + "/decisions", suspend.replace("\"LTHT\"", "\"LCH\""), as(samToken)).status(), "Sam speaks for LTHT only");
            assertEquals(403, post(client, at + "/decisions", suspend, as(obi)).status(), "an observer decides nothing");
            assertEquals(403, post(client, at + "/decisions", suspend, as(VIEWER)).status());
            Answer bad = post(client, at + "/decisions", "{\"org\": \"LCH\", \"text\": \"x\", \"action\": {\"type\": \"PANIC\"}, \"answers\": \"NOPE\"}", as(lee));
            assertEquals(400, bad.status(), bad.text());
            assertTrue(bad.text().contains("action.type") && bad.text().contains("answers"), bad.text());
            assertEquals(201, post(client, at + "/decisions", "{\"org\": \"LCH\", \"text\": \"Redeploy district nurses to discharge\"}", as(lee)).status());

            JsonNode step1 = post(client, at + "/steps?audit=false", "", as(FACILITATOR)).body();
            assertTrue(breach(step1, "P15", "LTHT"), "the suspension the room recorded without recovery is a P15 breach: " + step1.at("/result/principleBreaches"));

            JsonNode now = get(client, at + "?audit=false", as(obi)).body();
            assertEquals(2, now.get("decisions").size());
            assertEquals(1, now.at("/decisions/0/factAtStep").asInt(), "the suspension became a fact of step 1");
            JsonNode trail = get(client, "/api/v1/audit/records?kind=EXERCISE_DECISION&subject=" + id, as(VIEWER)).body().get("items");
            assertEquals(2, trail.size());
            assertEquals("participant:Sam Patel (LTHT)", trail.get(0).get("actor").asText());
            assertEquals(3, get(client, "/api/v1/audit/records?kind=EXERCISE_JOIN&subject=" + id, as(VIEWER)).body().get("items").size());

            // the end keeps it; lessons come after, and the report holds the room
            assertEquals(200, post(client, at + "/end?audit=false", "", as(FACILITATOR)).status());
            assertEquals(409, post(client, at + "/decisions", suspend, as(samToken)).status(), "an ended exercise takes no decisions");
            assertEquals(409, post(client, at + "/participants", "{\"code\": \"" + code + "\", \"name\": \"Late\", \"org\": \"LTHT\"}").status());
            Answer lesson = post(client, at + "/lessons", "{\"text\": \"Pair every suspension with its recovery plan\", \"owner\": \"LTHT COO\", \"due\": \"2027-01-31\"}", as(FACILITATOR));
            assertEquals(201, lesson.status(), lesson.text());
            assertEquals(400, post(client, at + "/lessons", "{\"text\": \"\", \"due\": \"soon\"}", as(FACILITATOR)).status());
            assertEquals(403, post(client, at + "/lessons", "{\"text\": \"x\", \"owner\": \"y\"}", as(samToken)).status());
            String lessonId = lesson.body().get("id").asText();
            Answer edited = put(client, at + "/lessons/" + lessonId, "{\"text\": \"Pair every suspension with a recovery plan before it starts\", \"owner\": \"LTHT COO\", \"due\": \"2027-02-28\"}", as(FACILITATOR));
            assertEquals(200, edited.status(), edited.text());
            assertEquals(404, put(client, at + "/lessons/nope", "{\"text\": \"x\", \"owner\": \"y\"}", as(FACILITATOR)).status());

            JsonNode report = get(client, at + "/report", as(VIEWER)).body();
            assertEquals(3, report.get("attendance").size());
            assertEquals(2, report.get("decisions").size());
            assertEquals(1, report.get("lessons").size());
            assertEquals("2027-02-28", report.at("/lessons/0/due").asText());
            List<String> outcomes = new ArrayList<>();
            report.get("recommendationsAgainstDecisions").forEach(o -> outcomes.add(o.get("outcome").asText()));
            assertTrue(outcomes.contains("not taken"), outcomes.toString());
            String html = get(client, at + "/report.html", as(VIEWER)).text();
            assertTrue(html.contains("Decision log") && html.contains("Sam Patel") && html.contains("Lessons identified")
                    && html.contains("Attendance") && html.contains("Recommendations against decisions"));
            var pdf = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://localhost:" + server.port() + at + "/report.pdf")).header("Authorization", bearer(VIEWER)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, pdf.statusCode());
            assertEquals("application/pdf", pdf.headers().firstValue("Content-Type").orElse(""));
            byte[] bytes = pdf.body();
            assertEquals("%PDF", new String(bytes, 0, 4), "a real PDF");
            assertTrue(bytes.length > 5000);
            JsonNode end = get(client, "/api/v1/audit/records?kind=EXERCISE_END&subject=" + id, as(VIEWER)).body().get("items").get(0);
            assertEquals(2, end.at("/result/report/decisions").size(), "the report as it stood at the end is on the audit trail");
        });
        room.stop();
    }

    @Test
    void aLiveExerciseStartedByMistakeIsDeletedAndItsRecordsStay() {
        JavalinTest.test(ExerciseApiTest.ROOM.newWebApp(), (server, client) -> {
            String file = ExerciseApiTest.file("easter-bank-holiday-weekend.json");
            Answer started = post(client, "/api/v1/exercises?audit=false", file);
            String id = started.body().get("id").asText();
            assertTrue(get(client, "/api/v1/exercises?state=live").body().toString().contains(id));
            assertEquals(204, delete(client, "/api/v1/exercises/" + id).status());
            assertEquals(404, get(client, "/api/v1/exercises/" + id).status());
            assertEquals(404, delete(client, "/api/v1/exercises/" + id).status());
            assertFalse(get(client, "/api/v1/exercises").body().toString().contains(id));
            JsonNode kept = get(client, "/api/v1/audit/records?subject=" + id).body().get("items");
            assertEquals(List.of("EXERCISE_START", "EXERCISE_DELETED"), DurabilityTest.fieldOfEach(kept, "/kind"));
        });
    }

    @Test
    void aLiveExerciseIsNotStartedFromAnInvalidSituation() {
        JavalinTest.test(ExerciseApiTest.ROOM.newWebApp(), (server, client) -> {
            Answer bad = post(client, "/api/v1/exercises", """
                {"asOf": "2019-01-12T07:30:00Z", "organisations": [{"code": "LTHT", "type": "HOSPITAL"}],
                 "measures": [{"org": "LTHT", "metric": "ae_4h_pct", "value": 140}]}""");
            assertEquals(400, bad.status(), bad.text());
            assertTrue(bad.text().contains("base.organisations[0].type"), bad.text());
            assertTrue(bad.text().contains("base.measures[0].value"), bad.text());
            Answer noOrgs = post(client, "/api/v1/exercises", "{\"name\": \"empty\", \"start\": \"2019-01-12T07:30:00Z\", \"base\": {}}");
            assertEquals(400, noOrgs.status(), noOrgs.text());
        });
    }
}
