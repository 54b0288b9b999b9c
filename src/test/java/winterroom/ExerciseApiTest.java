package winterroom;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.Test;
import winterroom.Http.Answer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static winterroom.Http.delete;
import static winterroom.Http.get;
import static winterroom.Http.post;

/** Desk-top exercises over HTTP: whole replays, live exercises driven step by step, and their reports. */
class ExerciseApiTest {
    static final WinterRoom ROOM = WinterRoom.create(new ServiceConfig(0, Path.of("rules"), 20000));

    static String file(String name) throws Exception { return Files.readString(Path.of("scenarios/exercises", name)); }

    static void assertDetail(JsonNode error, String field, String messagePart) {
        EvaluationApiTest.assertDetail(error, field, messagePart);
    }

    @Test
    void replaysAWholeExercise() {
        JavalinTest.test(ROOM.newWebApp(), (server, client) -> {
            Answer a = post(client, "/api/v1/exercises/replay", file("snow-and-flu-desktop-exercise.json"));
            assertEquals(200, a.status(), a.text());
            JsonNode r = a.body();
            assertEquals(12, r.get("steps").size());
            JsonNode step4 = r.get("steps").get(4);
            assertEquals(4, step4.get("index").asInt());
            assertEquals("2019-01-11T08:00:00Z", step4.get("asOf").asText());
            assertEquals(4, step4.at("/result/opel/system").asInt());
            assertTrue(step4.at("/changes/new").toString().contains("DMT_ACUTE_SUSPEND_ROUTINE_OP"));
            assertTrue(step4.at("/result/audit").size() > 0);
            assertEquals(0, step4.get("expectationsBroken").size());
            assertEquals(3, r.at("/summary/daysAtOpel/4").asInt());
            assertEquals(4, r.at("/summary/exceptionReturns").asInt());

            JsonNode slim = post(client, "/api/v1/exercises/replay?audit=false", file("snow-and-flu-desktop-exercise.json")).body();
            assertEquals(0, slim.at("/steps/4/result/audit").size());
            assertEquals(r.get("summary"), slim.get("summary"));
        });
    }

    @Test
    void badExerciseFilesGetJsonErrors() {
        JavalinTest.test(ROOM.newWebApp(), (server, client) -> {
            Answer bad = post(client, "/api/v1/exercises/replay", """
                {"name": "x", "start": "2019-01-07T08:00:00Z", "base": {"organisations": [{"code": "LTHT", "type": "ACUTE"}]},
                 "steps": [{"measures": [{"org": "LTHT", "metric": "ae_4h_pct", "value": "low"}]}]}""");
            assertEquals(400, bad.status());
            assertDetail(bad.body(), "steps[0].measures[0].value", "must be a number");
            Answer empty = post(client, "/api/v1/exercises/replay", "{\"name\": \"x\", \"start\": \"2019-01-07T08:00:00Z\", \"base\": {\"organisations\": []}}");
            assertEquals(400, empty.status());
            assertDetail(empty.body(), "steps", "required");
            assertEquals(400, post(client, "/api/v1/exercises/replay", "{\"steps\": [").status());
            assertEquals(400, post(client, "/api/v1/exercises", "[]").status());
            // the live stream of an exercise that does not exist is a JSON 404, not an open stream
            Answer noStream = get(client, "/api/v1/exercises/no-such-exercise/events");
            assertEquals(404, noStream.status(), noStream.text());
            assertTrue(noStream.body().get("error").asText().contains("no-such-exercise"), noStream.text());
            // the service keeps serving
            assertEquals(200, post(client, "/api/v1/exercises/replay", file("easter-bank-holiday-weekend.json")).status());
        });
    }

    @Test
    void aLiveExerciseIsDrivenStepByStepWithInjects() {
        JavalinTest.test(ROOM.newWebApp(), (server, client) -> {
            Answer started = post(client, "/api/v1/exercises", file("easter-bank-holiday-weekend.json"));
            assertEquals(201, started.status(), started.text());
            String location = started.header("Location");
            assertEquals("/api/v1/exercises/" + started.body().get("id").asText(), location);
            assertEquals(0, started.body().get("steps").size());
            assertFalse(started.body().get("finished").asBoolean());

            Answer first = post(client, location + "/steps", "");
            assertEquals(201, first.status(), first.text());
            assertEquals(0, first.body().get("index").asInt());
            assertEquals("Maundy Thursday", first.body().get("label").asText());

            // an ad-hoc inject on the same day: a significant event; measures carry forward
            Answer inject = post(client, location + "/steps?audit=false", """
                {"label": "Power cut at the LGI", "narrative": "Typed by the facilitator.",
                 "events": [{"type": "SIGNIFICANT_EVENT", "org": "LTHT", "description": "power cut at the LGI"}]}""");
            assertEquals(201, inject.status(), inject.text());
            assertTrue(inject.body().get("inject").asBoolean());
            assertEquals("2019-04-18T07:00:00Z", inject.body().get("asOf").asText());
            assertEquals(List.of("T5"), inject.body().at("/result/exceptionReport/triggers").findValuesAsText("code"));
            assertEquals(89, inject.body().at("/result/opel/organisations/0/drivers").findValue("value").asInt(), "LTHT's measures carried forward");
            assertEquals(0, inject.body().at("/result/audit").size());

            Answer badInject = post(client, location + "/steps", "{\"measures\": [{\"org\": \"LTHT\", \"metric\": \"ae_4hr\", \"value\": 3}]}");
            assertEquals(400, badInject.status());
            assertDetail(badInject.body(), "measures[0].metric", "unknown metric");
            Answer backwards = post(client, location + "/steps", "{\"at\": \"2019-04-01T08:00:00Z\"}");
            assertEquals(400, backwards.status());
            assertDetail(backwards.body(), "at", "before the previous step");

            Answer second = post(client, location + "/steps", "");
            assertEquals("Good Friday (bank holiday)", second.body().get("label").asText());
            assertEquals(2, second.body().get("index").asInt());
            // nobody declares a higher level on Good Friday: no sitrep call, but the answer says what the measures suggest
            assertFalse(second.body().at("/changes/new").toString().contains("SITREP_CALL"), second.text());
            assertTrue(second.body().at("/result/opelFindings").toString().contains("measures suggest OPEL 3; LTHT reports 2"), second.text());

            JsonNode timeline = get(client, location + "?audit=false").body();
            assertEquals(3, timeline.get("steps").size());
            assertEquals(1, timeline.at("/summary/injects").asInt());
            assertTrue(timeline.at("/steps/1/inject").asBoolean());

            for (int i = 2; i < 6; i++) assertEquals(201, post(client, location + "/steps", "").status());
            Answer over = post(client, location + "/steps", "");
            assertEquals(409, over.status());
            assertTrue(over.body().get("error").asText().contains("send an inject"));

            JsonNode report = get(client, location + "/report").body();
            assertEquals(7, report.get("steps").size());
            assertTrue(report.get("finished").asBoolean());
            // the inject's T5 on Maundy Thursday owes no return (April, not a bank holiday); Easter Monday does
            assertEquals(1, report.at("/summary/exceptionReturns").asInt());
            assertFalse(report.at("/steps/1/exceptionReturn").asBoolean());
            assertTrue(report.at("/steps/5/exceptionReturn").asBoolean(), "Easter Monday owes a return");

            Answer html = get(client, location + "/report.html");
            assertEquals(200, html.status());
            assertTrue(html.header("Content-Type").startsWith("text/html"));
            String page = html.text();
            assertTrue(page.contains("<svg") && page.contains("Easter Monday") && page.contains("@media print"));
            assertTrue(page.contains("class=\"mark-inject\""), "the inject is marked on the chart");
            assertFalse(page.contains("<script") || page.contains("<link") || page.contains("src=\"http") || page.contains("url(http"),
                    "self-contained: nothing loaded from elsewhere");

            Answer ended = post(client, location + "/end?audit=false", "");
            assertEquals(200, ended.status(), ended.text());
            assertEquals("ended", ended.body().get("state").asText());
            assertFalse(ended.body().has("joinCode"), "nobody joins an ended exercise");
            // an ended exercise is kept with its report, and takes no more moves
            assertEquals("ended", get(client, location + "?audit=false").body().get("state").asText());
            assertEquals(7, get(client, location + "/report").body().get("steps").size());
            assertEquals(200, get(client, location + "/report.html").status());
            assertEquals(409, post(client, location + "/steps", "").status());
            assertEquals(409, post(client, location + "/end", "").status());
            assertEquals(409, delete(client, location).status(), "an ended exercise is not deleted");
            String id = location.substring(location.lastIndexOf('/') + 1);
            JsonNode listed = get(client, "/api/v1/exercises?state=ended").body().get("items");
            assertTrue(listed.toString().contains(id));
            assertFalse(get(client, "/api/v1/exercises?state=live").body().get("items").toString().contains(id));
            assertEquals(400, get(client, "/api/v1/exercises?state=over").status());
        });
    }

    @Test
    void exercisesRunAtOnceWithoutDisturbingEachOther() {
        JavalinTest.test(ROOM.newWebApp(), (server, client) -> {
            String a = post(client, "/api/v1/exercises", file("snow-and-flu-desktop-exercise.json")).header("Location");
            String b = post(client, "/api/v1/exercises", file("snow-and-flu-desktop-exercise.json")).header("Location");
            for (int i = 0; i < 5; i++) post(client, a + "/steps", "");
            post(client, b + "/steps", "");
            assertEquals(5, get(client, a + "?audit=false").body().get("steps").size());
            assertEquals(1, get(client, b + "?audit=false").body().get("steps").size());
            assertEquals(4, get(client, a + "/report").body().at("/steps/4/opel/system").asInt());
            assertEquals(2, get(client, b + "/report").body().at("/steps/0/opel/system").asInt());

            // several facilitators pressing "next" at once: every step is applied exactly once or refused
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) calls.add(() -> post(client, b + "/steps?audit=false", "").status());
            int applied = 0;
            for (Future<Integer> f : pool.invokeAll(calls)) {
                int status = f.get();
                assertTrue(status == 201 || status == 409, "status " + status);
                if (status == 201) applied++;
            }
            pool.shutdown();
            JsonNode steps = get(client, b + "?audit=false").body().get("steps");
            assertEquals(1 + applied, steps.size());
            for (int i = 0; i < steps.size(); i++) assertEquals(i, steps.get(i).get("scriptedStep").asInt(), "no step applied twice");
        });
    }

    @Test
    void aLiveExerciseLeavesItsHistoryOnTheAuditTrail() {
        JavalinTest.test(ROOM.newWebApp(), (server, client) -> {
            Answer started = post(client, "/api/v1/exercises", file("easter-bank-holiday-weekend.json"));
            String id = started.body().get("id").asText();
            String location = started.header("Location");
            JsonNode first = post(client, location + "/steps", "").body();
            String inject = "{\"label\": \"Power cut at the LGI\", \"events\": [{\"type\": \"SIGNIFICANT_EVENT\", \"org\": \"LTHT\", \"description\": \"power cut\"}]}";
            assertEquals(201, post(client, location + "/steps", inject).status());
            assertEquals(400, post(client, location + "/steps", "{\"at\": \"2019-04-01T08:00:00Z\"}").status(), "refused: not recorded");
            assertEquals(200, post(client, location + "/end", "").status());

            JsonNode steps = get(client, "/api/v1/audit/records?kind=EXERCISE_STEP&subject=" + id).body().get("items");
            assertEquals(2, steps.size());
            assertEquals(Json.mapper().readTree("{\"scripted\": true}"), steps.get(0).get("input"));
            for (String part : List.of("/label", "/asOf", "/changes", "/result/id", "/result/opel", "/result/recommendations")) {
                JsonNode kept = steps.get(0).at("/result" + part);
                assertTrue(first.at(part).equals((x, y) -> x.isNumber() && y.isNumber() ? Double.compare(x.asDouble(), y.asDouble())
                        : x.equals(y) ? 0 : 1, kept), "the step as it was answered: " + part + "\n" + first.at(part) + "\n" + kept);
            }
            assertEquals(first.at("/result/audit").size(), steps.get(0).at("/result/result/audit").size());
            assertEquals(Json.mapper().readTree(inject), steps.get(1).at("/input/inject"));
            assertTrue(steps.get(1).at("/result/inject").asBoolean());
            assertEquals("2019-04-18T07:00:00Z", steps.get(1).get("asOf").asText());
            assertTrue(steps.get(1).get("tags").toString().contains("trigger:T5"));

            JsonNode history = get(client, "/api/v1/audit/records?subject=" + id).body().get("items");
            assertEquals(List.of("EXERCISE_START", "EXERCISE_STEP", "EXERCISE_STEP", "EXERCISE_END"), DurabilityTest.fieldOfEach(history, "/kind"));
            assertEquals(Json.mapper().readTree(file("easter-bank-holiday-weekend.json")), history.get(0).get("input"));
            assertEquals(started.body().get("rulesetVersion").asText(), history.get(1).get("rulesetVersion").asText());
            assertTrue(get(client, "/api/v1/audit/verify").body().get("ok").asBoolean());
        });
    }

    @Test
    void aLiveExerciseCanStartFromASituation() {
        JavalinTest.test(ROOM.newWebApp(), (server, client) -> {
            Answer started = post(client, "/api/v1/exercises", Files.readString(Path.of("scenarios/example-saturday-handover-delays.json")));
            assertEquals(201, started.status(), started.text());
            String location = started.header("Location");
            JsonNode day1 = post(client, location + "/steps?audit=false", "{\"label\": \"as found\"}").body();
            assertEquals("2019-01-12T07:30:00Z", day1.get("asOf").asText());
            assertTrue(day1.at("/result/exceptionReport/required").asBoolean());
            // with no script, each inject without a time is the next day
            JsonNode day2 = post(client, location + "/steps?audit=false", """
                {"label": "next morning", "measures": [{"org": "LTHT", "metric": "ae_4h_pct", "value": 88}]}""").body();
            assertEquals("2019-01-13T07:30:00Z", day2.get("asOf").asText());
            assertFalse(day2.at("/result/exceptionReport/triggers").toString().contains("\"T1\""));
        });
    }
}
