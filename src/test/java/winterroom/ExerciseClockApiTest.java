package winterroom;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import winterroom.Http.Answer;
import winterroom.auth.Role;
import winterroom.auth.Tokens;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static winterroom.ExerciseRoomTest.as;
import static winterroom.Http.get;
import static winterroom.Http.post;

/**
 * The exercise clock over HTTP: the facilitator starts, pauses and resumes it and sets its speed; participants,
 * observers and viewers read it and change nothing; it moves on with the steps, stamps the room's decisions, is
 * told to every open view, and is kept with the exercise through a restart. No assertion here depends on how fast
 * the machine runs: a running clock is only checked where it was set, or for not going backwards.
 */
class ExerciseClockApiTest {
    static final String FACILITATOR = "fiona-token-0123456789", VIEWER = "vera-token-0123456789";
    static final String DAY1 = "2019-01-07T08:00:00Z", DAY2 = "2019-01-08T08:00:00Z";

    static WinterRoom room(Path dir) throws Exception {
        Path tokens = dir.resolve("tokens.csv");
        if (!Files.exists(tokens)) {
            Files.writeString(tokens, Tokens.line("fiona", Role.ASSESSOR, FACILITATOR) + "\n" + Tokens.line("vera", Role.VIEWER, VIEWER) + "\n");
        }
        return WinterRoom.create(new ServiceConfig(0, Path.of("rules"), 20000).withTokens(tokens)
                .withDataDir(dir.resolve("data")).withRulesPoll(Duration.ZERO));
    }

    static void assertProblem(Answer a, String field) {
        assertEquals(400, a.status(), a.text());
        assertTrue(a.body().get("error").asText().startsWith("the clock was not changed"), a.text());
        List<String> fields = new ArrayList<>();
        a.body().get("details").forEach(d -> fields.add(d.get("field").asText()));
        assertTrue(fields.contains(field), "a problem named '" + field + "': " + a.text());
    }

    static Instant time(JsonNode clock) { return Instant.parse(clock.get("exerciseTime").asText()); }

    @Test
    void theFacilitatorRunsTheClockAndTheRoomSeesIt(@TempDir Path dir) throws Exception {
        String file = Files.readString(Path.of("scenarios/exercises/snow-and-flu-desktop-exercise.json"));
        String[] ids = new String[1], tokens = new String[2];
        WinterRoom first = room(dir);
        JavalinTest.test(first.newWebApp(), (server, client) -> {
            Answer started = post(client, "/api/v1/exercises?audit=false", file, as(FACILITATOR));
            String id = ids[0] = started.body().get("id").asText();
            String at = "/api/v1/exercises/" + id;
            String code = started.body().get("joinCode").asText();
            String sam = tokens[0] = post(client, at + "/participants", "{\"code\": \"" + code + "\", \"name\": \"Sam Patel\", \"org\": \"LTHT\"}").body().get("token").asText();
            String obi = tokens[1] = post(client, at + "/participants", "{\"code\": \"" + code + "\", \"name\": \"Obi\", \"role\": \"observer\"}").body().get("token").asText();
            List<String> told = Collections.synchronizedList(new ArrayList<>());
            Runnable stop = first.exercises().updates().subscribe(id, told::add);

            // before anyone starts it, the clock stands at the exercise's start, in real time
            JsonNode idle = get(client, at + "/clock", as(VIEWER)).body();
            assertEquals("not started", idle.get("state").asText());
            assertEquals(1, idle.get("speed").asInt());
            assertEquals(DAY1, idle.get("exerciseTime").asText());
            assertTrue(idle.has("serverTime"));
            assertEquals(idle.get("state"), started.body().at("/clock/state"), "the exercise carries its clock");

            // only the facilitator runs it
            String start60 = "{\"action\": \"start\", \"speed\": 60}";
            assertEquals(403, post(client, at + "/clock", start60, as(sam)).status(), "a participant changes nothing");
            assertEquals(403, post(client, at + "/clock", start60, as(obi)).status(), "an observer changes nothing");
            Answer byVera = post(client, at + "/clock", start60, as(VIEWER));
            assertEquals(403, byVera.status(), byVera.text());
            assertTrue(byVera.body().get("error").asText().contains("ASSESSOR"), byVera.text());
            assertEquals(401, post(client, at + "/clock", start60).status());

            // bad input is a 400 naming the field, and changes nothing
            assertProblem(post(client, at + "/clock", "{\"action\": \"go\"}", as(FACILITATOR)), "action");
            assertProblem(post(client, at + "/clock", "{\"action\": 3}", as(FACILITATOR)), "action");
            assertProblem(post(client, at + "/clock", "{\"speed\": 0}", as(FACILITATOR)), "speed");
            assertProblem(post(client, at + "/clock", "{\"speed\": 1441}", as(FACILITATOR)), "speed");
            assertProblem(post(client, at + "/clock", "{\"speed\": 1.5}", as(FACILITATOR)), "speed");
            assertProblem(post(client, at + "/clock", "{\"speed\": \"60\"}", as(FACILITATOR)), "speed");
            assertProblem(post(client, at + "/clock", "{\"action\": \"start\", \"tempo\": 60}", as(FACILITATOR)), "tempo");
            assertProblem(post(client, at + "/clock", "{}", as(FACILITATOR)), "");
            assertProblem(post(client, at + "/clock", "[]", as(FACILITATOR)), "");
            assertEquals(400, post(client, at + "/clock", "{\"action\": ", as(FACILITATOR)).status());
            assertEquals(400, post(client, at + "/clock", "", as(FACILITATOR)).status());
            Answer early = post(client, at + "/clock", "{\"action\": \"pause\"}", as(FACILITATOR));
            assertEquals(409, early.status(), early.text());
            assertTrue(early.body().get("error").asText().contains("start it first"), early.text());
            assertEquals(404, post(client, "/api/v1/exercises/no-such-exercise/clock", start60, as(FACILITATOR)).status());
            assertEquals(404, get(client, "/api/v1/exercises/no-such-exercise/clock", as(VIEWER)).status());
            assertEquals("not started", get(client, at + "/clock", as(VIEWER)).body().get("state").asText());
            assertFalse(told.contains("clock"), "nothing changed, nothing told: " + told);

            // started at 60x, it runs from the current moment (the start: no step yet)
            Answer running = post(client, at + "/clock", start60, as(FACILITATOR));
            assertEquals(200, running.status(), running.text());
            assertEquals("running", running.body().get("state").asText());
            assertEquals(60, running.body().get("speed").asInt());
            assertEquals(DAY1, running.body().get("exerciseTime").asText(), "read at the moment it was set");
            assertEquals("fiona", running.body().get("setBy").asText());
            assertTrue(told.contains("clock"), "every open view is told: " + told);
            JsonNode seen = get(client, at + "?audit=false", as(sam)).body().get("clock");
            assertEquals("running", seen.get("state").asText());
            assertEquals(60, seen.get("speed").asInt());
            assertFalse(time(seen).isBefore(time(running.body())));

            // paused, it stands still wherever it had got to
            JsonNode pause = post(client, at + "/clock", "{\"action\": \"pause\"}", as(FACILITATOR)).body();
            assertEquals("paused", pause.get("state").asText());
            assertFalse(time(pause).isBefore(Instant.parse(DAY1)));
            assertEquals(pause.get("exerciseTime"), get(client, at + "/clock", as(obi)).body().get("exerciseTime"));
            assertEquals(pause.get("exerciseTime"), post(client, at + "/clock", "{\"action\": \"pause\"}", as(FACILITATOR)).body().get("exerciseTime"),
                    "pausing again changes nothing");

            // a decision carries the exercise time beside the real time
            Answer decided = post(client, at + "/decisions", "{\"org\": \"LTHT\", \"text\": \"Open the escalation ward\"}", as(sam));
            assertEquals(201, decided.status(), decided.text());
            assertEquals(pause.get("exerciseTime"), decided.body().get("exerciseTime"));
            assertTrue(decided.body().has("recordedAt"));

            // another speed, still paused; the steps move it on when they are later than where it stands
            JsonNode faster = post(client, at + "/clock", "{\"speed\": 1440}", as(FACILITATOR)).body();
            assertEquals("paused", faster.get("state").asText());
            assertEquals(1440, faster.get("speed").asInt());
            assertEquals(pause.get("exerciseTime"), faster.get("exerciseTime"));
            assertEquals(201, post(client, at + "/steps?audit=false", "", as(FACILITATOR)).status());
            assertEquals(pause.get("exerciseTime"), get(client, at + "/clock", as(VIEWER)).body().get("exerciseTime"), "day 1 is not later than the clock");
            assertEquals(201, post(client, at + "/steps?audit=false", "", as(FACILITATOR)).status());
            JsonNode day2 = get(client, at + "/clock", as(VIEWER)).body();
            assertEquals(DAY2, day2.get("exerciseTime").asText(), "day 2 moved the clock on to its moment");
            assertEquals("paused", day2.get("state").asText());
            stop.run();
        });
        first.stop();

        // a restart shows it where it stands, with the decision's exercise time
        WinterRoom second = room(dir);
        JavalinTest.test(second.newWebApp(), (server, client) -> {
            String at = "/api/v1/exercises/" + ids[0];
            JsonNode kept = get(client, at + "/clock", as(tokens[0])).body();
            assertEquals("paused", kept.get("state").asText(), kept.toString());
            assertEquals(1440, kept.get("speed").asInt());
            assertEquals(DAY2, kept.get("exerciseTime").asText());
            JsonNode ex = get(client, at + "?audit=false", as(tokens[1])).body();
            assertEquals(kept.get("exerciseTime"), ex.at("/clock/exerciseTime"));
            assertFalse(ex.at("/decisions/0/exerciseTime").isMissingNode());

            // resumed, it runs on from there; started again, it runs from the current step's moment
            JsonNode resumed = post(client, at + "/clock", "{\"action\": \"resume\", \"speed\": 60}", as(FACILITATOR)).body();
            assertEquals("running", resumed.get("state").asText());
            assertEquals(60, resumed.get("speed").asInt());
            assertEquals(DAY2, resumed.get("exerciseTime").asText());
            JsonNode later = get(client, at + "/clock", as(VIEWER)).body();
            assertFalse(time(later).isBefore(time(resumed)), "it never goes back");
            JsonNode restarted = post(client, at + "/clock", "{\"action\": \"start\"}", as(FACILITATOR)).body();
            assertEquals(DAY2, restarted.get("exerciseTime").asText());
            assertEquals(60, restarted.get("speed").asInt(), "starting again keeps the speed");

            JsonNode records = get(client, "/api/v1/audit/records?kind=EXERCISE_CLOCK&subject=" + ids[0], as(VIEWER)).body().get("items");
            assertEquals(List.of("start", "pause", "", "resume", "start"), DurabilityTest.fieldOfEach(records, "/input/action").stream()
                    .map(a -> a == null ? "" : a).toList(), records.toString());
            assertEquals("fiona", records.get(0).get("actor").asText());
            assertTrue(get(client, "/api/v1/audit/verify", as(VIEWER)).body().get("ok").asBoolean());

            // the end stops it where it stands, and it takes no more changes
            JsonNode ended = post(client, at + "/end?audit=false", "", as(FACILITATOR)).body();
            assertEquals("ended", ended.at("/clock/state").asText());
            JsonNode stood = get(client, at + "/clock", as(VIEWER)).body();
            assertEquals("ended", stood.get("state").asText());
            assertEquals(stood.get("exerciseTime"), get(client, at + "/clock", as(VIEWER)).body().get("exerciseTime"));
            Answer afterEnd = post(client, at + "/clock", "{\"action\": \"resume\"}", as(FACILITATOR));
            assertEquals(409, afterEnd.status(), afterEnd.text());

            // the debrief shows each decision's exercise time
            JsonNode report = get(client, at + "/report", as(VIEWER)).body();
            String decidedAt = report.at("/decisions/0/exerciseTime").asText();
            assertFalse(decidedAt.isEmpty(), report.get("decisions").toString());
            String html = get(client, at + "/report.html", as(VIEWER)).text();
            assertTrue(html.contains("<th>Exercise time</th>") && html.contains("<td>" + decidedAt + "</td>"), "the decision log has the exercise time");
        });
        second.stop();
    }

    @Test
    void aDecisionIsLateWhenTheExerciseClockHasPassedItsDecideBy() throws Exception {
        JavalinTest.test(ExerciseApiTest.ROOM.newWebApp(), (server, client) -> {
            String at = post(client, "/api/v1/exercises?audit=false", Files.readString(Path.of("scenarios/example-saturday-handover-delays.json")))
                    .header("Location");
            JsonNode step = post(client, at + "/steps?audit=false", "{\"label\": \"as found\"}").body();
            assertEquals("2019-01-12T07:30:00Z", step.get("asOf").asText());
            // at the step's moment, with the clock not started: well within its decideBy (11:30)
            JsonNode onTime = post(client, at + "/decisions", "{\"org\": \"LTHT\", \"text\": \"Flexible labour booked\", \"answers\": \"EP_FLEXIBLE_LABOUR\"}").body();
            assertEquals("2019-01-12T07:30:00Z", onTime.get("exerciseTime").asText(), "a clock not started stands at the step");

            // an exercise day a real minute: the two hours pass in five real seconds or so; wait for them, then pause
            assertEquals(200, post(client, at + "/clock", "{\"action\": \"start\", \"speed\": 1440}").status());
            Instant decideBy = Instant.parse("2019-01-12T09:30:00Z");
            long giveUp = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!time(get(client, at + "/clock").body()).isAfter(decideBy) && System.nanoTime() < giveUp) Thread.sleep(250);
            JsonNode stopped = post(client, at + "/clock", "{\"action\": \"pause\"}").body();
            assertTrue(time(stopped).isAfter(decideBy), "the clock ran past 09:30: " + stopped);
            JsonNode late = post(client, at + "/decisions", "{\"org\": \"LTHT\", \"text\": \"Sitrep call at last\", \"answers\": \"SITREP_CALL\"}").body();
            assertEquals(stopped.get("exerciseTime"), late.get("exerciseTime"));
            assertEquals("2019-01-12T07:30:00Z", late.get("asOf").asText(), "still the same step");

            Map<String, String> outcomes = new java.util.HashMap<>();
            get(client, at + "/report").body().get("recommendationsAgainstDecisions")
                    .forEach(o -> outcomes.put(o.get("recommendation").asText() + "@" + o.get("org").asText(), o.get("outcome").asText()));
            assertEquals("taken", outcomes.get("EP_FLEXIBLE_LABOUR@LTHT"), outcomes.toString());
            assertEquals("later than decideBy", outcomes.get("SITREP_CALL@LTHT"), "judged on exercise time, not the step's: " + outcomes);
        });
    }

    @Test
    void aParticipantIsRefusedTheClockWithoutATokensFileToo() {
        JavalinTest.test(ExerciseApiTest.ROOM.newWebApp(), (server, client) -> {
            Answer started = post(client, "/api/v1/exercises?audit=false", ExerciseApiTest.file("easter-bank-holiday-weekend.json"));
            String at = "/api/v1/exercises/" + started.body().get("id").asText();
            String sam = post(client, at + "/participants", "{\"code\": \"" + started.body().get("joinCode").asText()
                    + "\", \"name\": \"Sam Patel\", \"org\": \"LTHT\"}").body().get("token").asText();
            Answer refused = post(client, at + "/clock", "{\"action\": \"start\"}", as(sam));
            assertEquals(403, refused.status(), refused.text());
            assertTrue(refused.body().get("error").asText().contains("only the facilitator"), refused.text());
            assertEquals("not started", get(client, at + "/clock", as(sam)).body().get("state").asText());
            Answer run = post(client, at + "/clock", "{\"action\": \"start\"}");
            assertEquals(200, run.status(), "the local user is the facilitator: " + run.text());
            assertEquals(1, run.body().get("speed").asInt(), "real time unless told otherwise");
        });
    }
}
