package winterroom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.Test;
import winterroom.Http.Answer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static winterroom.Http.get;
import static winterroom.Http.post;

/** The answer as an action plan, the plain-text summary and organisations named by code, through HTTP. */
class ActionPlanApiTest {
    static final WinterRoom ROOM = WinterRoom.create(new ServiceConfig(0, Path.of("rules"), 20000));

    static JsonNode item(JsonNode plan, String action) {
        for (JsonNode i : plan) if (i.path("action").asText().equals(action)) return i;
        throw new AssertionError(action + " is not in the plan: " + plan);
    }

    @Test
    void theSaturdayAnswerIsAPlanWithTheReturnFirstAndOwnersByName() {
        JavalinTest.test(ROOM.newWebApp(), (server, client) -> {
            Answer a = post(client, "/api/v1/evaluations", EvaluationApiTest.example().toString());
            assertEquals(201, a.status(), a.text());
            JsonNode plan = a.body().get("actionPlan");
            assertTrue(plan.isArray() && plan.size() > 5, a.text());

            JsonNode first = plan.get(0);
            assertEquals("EXCEPTION_RETURN", first.get("action").asText(), "the return owed comes first");
            assertEquals("NHS Leeds CCG, on-call manager", first.get("owner").asText(), "a Saturday: the CCG's on-call manager submits");
            assertEquals("Leeds Teaching Hospitals NHS Trust, on-call general manager", first.get("acuteInput").asText());
            assertEquals("NHS England", first.get("for").asText());
            String why = first.get("reason").asText();
            assertTrue(why.contains("T1, T3 and T5 hold at LTHT") && why.contains("7 ambulance handovers over 60 minutes") && why.contains("power failure in ED"), why);

            // most urgent first: priorities never go back up after the return
            int last = 0;
            for (int i = 1; i < plan.size(); i++) {
                int p = plan.get(i).get("priority").asInt();
                assertTrue(p >= last, "priority order at item " + i + ": " + plan);
                last = p;
            }
            for (JsonNode i : plan) {
                String reason = i.get("reason").asText();
                assertTrue(reason.endsWith(".") && !reason.substring(0, reason.length() - 1).contains(". "), "one sentence: " + reason);
                assertFalse(Character.isLowerCase(reason.charAt(0)), "starts as a sentence: " + reason);
            }

            JsonNode aid = item(plan, "MA2");
            assertEquals("Leeds care home providers, manager on duty", aid.get("owner").asText());
            assertEquals("Leeds Teaching Hospitals NHS Trust", aid.get("for").asText());
            assertEquals(List.of("Leeds Teaching Hospitals NHS Trust"), texts(aid.get("discussWith")), "the recipient is affected (P10)");
            String merged = aid.get("reason").asText();
            // the aid names the level and the triggers by code; their figures are in the return's reason, said once
            assertEquals("Mutual aid for LTHT under significant pressure (LTHT is at OPEL 3 with T1 and T3 inside the reporting window).", merged);
            String returnReason = item(plan, "EXCEPTION_RETURN").get("reason").asText();
            for (String fact : List.of("78.5% is at or below 80%", "fell 11.7 points", "7 ambulance handovers over 60 minutes")) {
                assertTrue(returnReason.contains(fact), "the return names every trigger's figures: " + returnReason);
            }
            assertEquals(1, merged.split("Mutual aid", -1).length - 1, "the shared opening is said once: " + merged);

            assertEquals(List.of(), texts(item(plan, "SITREP_CALL").get("discussWith")), "a call of every lead undermines no one");
            assertEquals(List.of(), texts(item(plan, "MA4").get("discussWith")), "GP practices are told, not an organisation of the situation");
            assertEquals("GP practices", item(plan, "MA4").get("for").asText());

            assertFalse(a.body().has("recommendations"), "the plan carries what to do; the full recommendations on request");
            String id = a.body().get("id").asText();
            Answer full = get(client, "/api/v1/evaluations/" + id + "?include=recommendations");
            assertEquals(200, full.status());
            assertTrue(full.body().get("recommendations").size() >= plan.size());
            assertEquals(plan, full.body().get("actionPlan"), "the plan reads back as it was sent");
            Answer bad = get(client, "/api/v1/evaluations/" + id + "?include=everything");
            assertEquals(400, bad.status());
            assertTrue(bad.text().contains("include") && bad.text().contains("recommendations, audit"), bad.text());
        });
    }

    // The on-call answer is meant to fit in 16 KB (15.7 KB on the shipped rules, BENCHMARKS.md):
    // mutual-aid items share one short sentence on significant pressure, and escalation-plan items
    // carry no boilerplate impact.
    @Test
    void theSaturdayDefaultAnswerFitsIn16Kilobytes() {
        JavalinTest.test(ROOM.newWebApp(), (server, client) -> {
            Answer a = post(client, "/api/v1/evaluations", EvaluationApiTest.example().toString());
            ObjectNode answer = (ObjectNode) a.body();
            // the audit trail, the evidence behind the answer, travels by reference
            assertFalse(answer.has("audit"));
            assertTrue(answer.get("auditUrl").asText().endsWith("/audit"));
            int bytes = a.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            assertTrue(bytes <= 16 * 1024, "the default answer is " + bytes + " bytes");
        });
    }

    @Test
    void onAWeekdayTheWeekdayRolesActAndANoReturnDayHasNoReturnItem() {
        JavalinTest.test(ROOM.newWebApp(), (server, client) -> {
            ObjectNode wednesday = EvaluationApiTest.example();
            wednesday.put("asOf", "2019-01-16T07:30:00Z");
            JsonNode plan = post(client, "/api/v1/evaluations", wednesday.toString()).body().get("actionPlan");
            assertEquals("NHS Leeds CCG, Unplanned Care Team", plan.get(0).get("owner").asText());
            assertEquals("Leeds Teaching Hospitals NHS Trust, duty operational lead (A/DOP)", plan.get(0).get("acuteInput").asText());

            ObjectNode june = EvaluationApiTest.example();
            june.put("asOf", "2019-06-12T07:30:00Z");   // outside October to March: no return owed
            JsonNode junePlan = post(client, "/api/v1/evaluations", june.toString()).body().get("actionPlan");
            for (JsonNode i : junePlan) assertFalse(i.get("action").asText().equals("EXCEPTION_RETURN"), junePlan.toString());
        });
    }

    @Test
    void organisationsMayBeNamedByCodeOnlyAndAnUnknownCodeNeedsItsType() {
        JavalinTest.test(ROOM.newWebApp(), (server, client) -> {
            ObjectNode s = EvaluationApiTest.example();
            ArrayNode orgs = s.putArray("organisations");
            orgs.addObject().put("code", "LTHT").put("reportedOpel", 3);
            orgs.addObject().put("code", "CCG");
            Answer byCode = post(client, "/api/v1/evaluations", s.toString());
            assertEquals(201, byCode.status(), byCode.text());
            assertEquals(3, byCode.body().at("/opel/system").asInt());
            assertEquals("EXCEPTION_RETURN", byCode.body().at("/actionPlan/0/action").asText(), "LTHT read as the acute trust");

            orgs.addObject().put("code", "RR9");
            Answer unknown = post(client, "/api/v1/evaluations", s.toString());
            assertEquals(400, unknown.status());
            EvaluationApiTest.assertDetail(unknown.body(), "organisations[2].type", "catalogue/organisations.csv");
            EvaluationApiTest.assertDetail(unknown.body(), "organisations[2].type", "'RR9'");

            // another trust of a national sitrep, with its type, still works (import-sitrep, load tests)
            ((ObjectNode) orgs.get(2)).put("type", "ACUTE");
            Answer typed = post(client, "/api/v1/evaluations", s.toString());
            assertEquals(201, typed.status(), typed.text());
        });
    }

    @Test
    void thePlainTextSummaryIsFitForTheOnCallLog() {
        JavalinTest.test(ROOM.newWebApp(), (server, client) -> {
            Answer a = post(client, "/api/v1/evaluations", EvaluationApiTest.example().toString());
            String id = a.body().get("id").asText();
            Answer text = get(client, "/api/v1/evaluations/" + id, "Accept", "text/plain");
            assertEquals(200, text.status());
            assertTrue(text.header("Content-Type").startsWith("text/plain"), text.header("Content-Type"));
            String t = text.text();
            assertTrue(t.startsWith("Leeds system: Saturday 12/01/2019 at 07:30 (weekend)"), t);
            assertTrue(t.contains("Levels: system OPEL 3; Leeds Teaching Hospitals NHS Trust (LTHT) OPEL 3"), t);
            assertTrue(t.contains("Exception return to NHS England: OWED today (T1, T3, T5)"), t);
            assertTrue(t.contains("Submitted by: NHS Leeds CCG, on-call manager"), t);
            assertTrue(t.contains("Acute input from: Leeds Teaching Hospitals NHS Trust, on-call general manager"), t);
            // the plan in order, numbered
            JsonNode plan = a.body().get("actionPlan");
            int at = -1;
            for (int i = 0; i < plan.size(); i++) {
                int next = t.indexOf((i + 1) + ". " + plan.get(i).get("title").asText());
                assertTrue(next > at, "step " + (i + 1) + " in order: " + t);
                at = next;
            }
            for (String internal : List.of("ExceptionReportDuty", "Recommendation", "PlanItem", "SignificantPressure", "winterroom",
                    "OrgOpel", "null", "{", "&amp;", "&#")) {
                assertFalse(t.contains(internal), "names no internal class and escapes nothing: " + internal);
            }
            assertTrue(t.contains("A&E"), "plain text keeps its ampersands: " + t);

            Answer json = get(client, "/api/v1/evaluations/" + id, "Accept", "application/json, text/plain");
            assertNotNull(json.body(), "JSON when it is asked for first");
        });
    }

    @Test
    void aBatchItemCarriesItsPlanAsActionCodesMostUrgentFirst() {
        JavalinTest.test(ROOM.newWebApp(), (server, client) -> {
            String items = "[" + EvaluationApiTest.example() + "]";
            Answer a = post(client, "/api/v1/evaluations/batch", items);
            assertEquals(200, a.status(), a.text());
            JsonNode codes = a.body().at("/results/0/actionPlan");
            assertEquals("EXCEPTION_RETURN", codes.get(0).asText(), a.text());
            assertTrue(texts(codes).contains("MA2"));
        });
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
