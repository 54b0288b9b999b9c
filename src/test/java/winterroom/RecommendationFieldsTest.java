package winterroom;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.Test;
import winterroom.Http.Answer;
import winterroom.policy.CompileResult;
import winterroom.policy.RulesFolder;
import winterroom.policy.RulesetCompiler;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.SortedMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static winterroom.Http.post;

/**
 * What every recommendation carries beyond the catalogue action: the time to decide by (P16), the risk it
 * accepts at OPEL 3-4 (P14), its impact on the provider and the recipient, and the infection-control flag
 * on transfers during an outbreak (P8). Read through HTTP as a caller sees them.
 */
class RecommendationFieldsTest {
    static final WinterRoom ROOM = WinterRoom.create(new ServiceConfig(0, Path.of("rules"), 20000));

    /** LTHT at the given level on a January Saturday, more pathway 2 patients than places, with or without flu. */
    static String situation(int lthtLevel, boolean flu) {
        return """
            {"system": "Leeds", "asOf": "2019-01-12T07:30:00Z",
             "organisations": [{"code": "LTHT", "type": "ACUTE", "reportedOpel": %d},
                               {"code": "LCH", "type": "COMMUNITY", "reportedOpel": 2},
                               {"code": "CCG", "type": "COMMISSIONER"}],
             "measures": [{"org": "LTHT", "metric": "d2a_p2_waiting", "value": 40},
                          {"org": "LTHT", "metric": "d2a_p2_capacity", "value": 30}],
             "events": [%s], "actions": []}""".formatted(lthtLevel, flu ? "{\"type\": \"FLU\", \"description\": \"flu on two wards\"}" : "");
    }

    static JsonNode recommendation(JsonNode result, String action) {
        for (JsonNode r : result.get("recommendations")) if (r.get("action").asText().equals(action)) return r;
        throw new AssertionError(action + " not recommended: " + result.get("recommendations"));
    }

    @Test
    void atOpel3EveryRecommendationCarriesItsDecisionTimeRiskAndImpact() {
        JavalinTest.test(ROOM.newWebApp(), (server, client) -> {
            Answer a = post(client, "/api/v1/evaluations", situation(3, true));
            assertEquals(201, a.status(), a.body().toString());
            Instant asOf = Instant.parse("2019-01-12T07:30:00Z");
            for (JsonNode r : a.body().get("recommendations")) {
                String id = r.get("action").asText();
                assertTrue(r.hasNonNull("decideBy"), id + " has no decideBy");
                double hours = r.get("decideWithinHours").asDouble();
                assertTrue(hours > 0, id);
                assertEquals(asOf.plus(Duration.ofSeconds(Math.round(hours * 3600))), Instant.parse(r.get("decideBy").asText()), id);
                assertEquals(3, r.get("atOpel").asInt(), id + ": LTHT is at 3, so the system is at least 3");
                assertTrue(r.hasNonNull("riskAccepted") && !r.get("riskAccepted").asText().isBlank(), id + " accepts no risk at OPEL 3");
            }
            // P14: the organisation at OPEL 3 is asked to log the risk it accepts
            assertEquals("LTHT", recommendation(a.body(), "RECORD_ACCEPTED_RISK").get("orgs").get(0).asText());
            // mutual aid: what it costs the provider and brings the recipient
            JsonNode ma5 = recommendation(a.body(), "MA5");
            assertTrue(ma5.at("/impact/provider").asText().contains("community bed providers"), ma5.toString());
            assertTrue(ma5.at("/impact/recipient").asText().contains("LTHT"), ma5.toString());
            // P8: a transfer during the flu outbreak carries the flag, and the protocol is recommended with it
            assertTrue(ma5.get("infectionControl").asBoolean(), "MA5 moves patients during an outbreak");
            assertTrue(recommendation(a.body(), "INFECTION_CONTROL_TRANSFER").get("reasons").toString().contains("MA5"));
            assertFalse(recommendation(a.body(), "RECORD_ACCEPTED_RISK").get("infectionControl").asBoolean(), "not a transfer");
        });
    }

    @Test
    void belowOpel3NoRiskIsStatedAndWithoutAnOutbreakNoTransferIsFlagged() {
        JavalinTest.test(ROOM.newWebApp(), (server, client) -> {
            Answer a = post(client, "/api/v1/evaluations", situation(2, false));
            assertEquals(201, a.status(), a.body().toString());
            JsonNode ma5 = recommendation(a.body(), "MA5");
            assertEquals(2, ma5.get("atOpel").asInt());
            assertTrue(ma5.get("riskAccepted").isNull(), "riskAccepted is for OPEL 3-4 (P14)");
            assertFalse(ma5.get("infectionControl").asBoolean(), "no outbreak declared");
            assertNotNull(ma5.get("impact"), "the impact is shown at every level");
            assertFalse(a.body().get("recommendations").toString().contains("RECORD_ACCEPTED_RISK"));
            assertFalse(a.body().get("recommendations").toString().contains("INFECTION_CONTROL_TRANSFER"));
        });
    }

    @Test
    void anActionsOwnDecisionTimeWinsOverItsCategory() {
        SortedMap<String, byte[]> files = RulesFolder.read(Path.of("rules"));
        var times = RulesetCompiler.compile(files).ruleset().catalogues().decisionTimes();
        assertEquals(2, times.windowFor("SITREP_CALL", "COORDINATION").hours(), "SITREP_CALL has its own row");
        assertEquals(8, times.windowFor("AGREE_WITH_AFFECTED", "COORDINATION").hours(), "its category's row");
        assertEquals(24, times.windowFor("NO_SUCH_ACTION", "NO_SUCH_CATEGORY").hours(), "the * row");
    }

    @Test
    void aBadDecisionTimeRowIsAProblemNamingItsFileAndRow() {
        SortedMap<String, byte[]> files = RulesFolder.read(Path.of("rules"));
        files.put("catalogue/decision-times.csv", """
            appliesTo,hours,basis
            *,24,default
            SITREP_CALL,soon,not a number
            NOT_AN_ACTION,4,unknown key
            MUTUAL_AID,0,not above zero
            """.getBytes(StandardCharsets.UTF_8));
        CompileResult r = RulesetCompiler.compile(files);
        String problems = r.errors().toString();
        assertTrue(problems.contains("SITREP_CALL': hours must be a number"), problems);
        assertTrue(problems.contains("NOT_AN_ACTION': not an action id"), problems);
        assertTrue(problems.contains("MUTUAL_AID': hours must be above 0"), problems);
        assertTrue(r.errors().stream().allMatch(p -> "catalogue/decision-times.csv".equals(p.file()) && p.line() != null), problems);
        assertEquals(3, r.errors().size(), problems);
    }
}
