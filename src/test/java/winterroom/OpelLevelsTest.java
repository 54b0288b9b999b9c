package winterroom;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import winterroom.Http.Answer;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static winterroom.Http.post;

/**
 * The OPEL method over HTTP: the reported level is used and the scored one is advice, the system
 * level is weighted, and both readings are policy values a policy owner can switch back.
 */
class OpelLevelsTest {
    /** LTHT reports 2 while its four-hour performance and occupancy score band 3; LCH reports 4 on its own. */
    static final String SITUATION = """
            {"asOf": "2019-01-16T07:30:00Z",
             "organisations": [{"code": "LTHT", "type": "ACUTE", "reportedOpel": 2}, {"code": "LCH", "type": "COMMUNITY", "reportedOpel": 4},
                               {"code": "LYPFT", "type": "MENTAL_HEALTH", "reportedOpel": 2}, {"code": "YAS", "type": "AMBULANCE"}],
             "measures": [{"org": "LTHT", "metric": "ae_4h_pct", "value": 85}, {"org": "LTHT", "metric": "ga_bed_occupancy_pct", "value": 95},
                          {"org": "LTHT", "metric": "nctr_pct", "value": 12}, {"org": "YAS", "metric": "nhs111_clinical_assessment_pct", "value": 49}]}""";

    static JsonNode org(JsonNode result, String code) {
        for (JsonNode o : result.at("/opel/organisations")) if (o.get("org").asText().equals(code)) return o;
        throw new AssertionError("no " + code + " in " + result);
    }

    @Test
    void theReportedLevelIsUsedAndTheScoreIsAdvice() {
        JavalinTest.test(WinterRoom.create(new ServiceConfig(0, Path.of("rules"), 20000)).newWebApp(), (server, client) -> {
            Answer a = post(client, "/api/v1/evaluations", SITUATION);
            assertEquals(201, a.status(), a.text());
            JsonNode ltht = org(a.body(), "LTHT");
            assertEquals(2, ltht.get("level").asInt());
            assertEquals("reported", ltht.get("levelSource").asText());
            assertEquals(3, ltht.get("derived").asInt());
            // (3 x 2 + 3 x 2 + 2 x 1) / 5 with the shipped weights
            assertEquals(2.8, ltht.get("score").asDouble(), 1e-9);
            assertEquals(3, ltht.get("parameters").size());
            assertEquals("ae_4h_pct", ltht.at("/parameters/0/metric").asText());
            assertEquals(3, ltht.at("/parameters/0/score").asInt());
            assertTrue(a.body().at("/opelFindings").toString().contains("measures suggest OPEL 3; LTHT reports 2"), a.text());
            // the distance to OPEL 4 (score 3.25): no single parameter's rise gets there on its own
            assertEquals(4, ltht.at("/nextLevel/level").asInt());
            assertEquals(3.25, ltht.at("/nextLevel/scoreFrom").asDouble(), 1e-9);
            assertEquals(3, ltht.at("/nextLevel/moves").size());
            for (JsonNode m : ltht.at("/nextLevel/moves")) assertTrue(m.get("toBand").isNull(), m.toString());
            // nothing reported: the derived level is used and marked so
            JsonNode yas = org(a.body(), "YAS");
            assertEquals(2, yas.get("level").asInt());
            assertEquals("derived", yas.get("levelSource").asText());
            // one band more on 111 clinical assessment would take YAS's measures to OPEL 3
            assertEquals(3, yas.at("/nextLevel/level").asInt());
            assertEquals("nhs111_clinical_assessment_pct", yas.at("/nextLevel/moves/0/metric").asText());
            assertEquals(2, yas.at("/nextLevel/moves/0/fromBand").asInt());
            assertEquals(3, yas.at("/nextLevel/moves/0/toBand").asInt());
            // and in the measure's own units: band 3 starts at 45% or below
            assertEquals("at or below", yas.at("/nextLevel/moves/0/direction").asText());
            assertEquals(45, yas.at("/nextLevel/moves/0/toValue").asDouble(), 1e-9);
            for (JsonNode m : ltht.at("/nextLevel/moves")) assertTrue(m.get("toValue") == null, "no value for a band that is not enough: " + m);
            // LCH alone at OPEL 4: (2 x 4 + 4 x 2 + 2 + 2) / 8 = 2.5 is system OPEL 3, and no one opens the Decision Management Tool
            assertEquals(3, a.body().at("/opel/system").asInt(), a.body().at("/opel").toString());
            assertEquals(2.5, a.body().at("/opel/systemScore").asDouble(), 1e-9);
            assertTrue(a.body().at("/opel/systemBasis").asText().startsWith("weighted average"));
            assertEquals(4, a.body().at("/opel/pillars/COMMUNITY").asInt());
            assertEquals(2, a.body().at("/opel/pillars/ACUTE").asInt());
            assertTrue(!a.text().contains("CONSULT_DMT"), "no Decision Management Tool below system OPEL 4");
        });
    }

    /** The distance in units is read from the parameter table a policy owner edits, CSV or not. */
    @Test
    void theDistanceToTheNextLevelFollowsTheTable(@TempDir Path dir) throws Exception {
        Path rules = TestRules.copy(dir);
        Path table = rules.resolve("tables/opel-thresholds.csv");
        String csv = java.nio.file.Files.readString(table);
        String band3 = ",AMBULANCE,nhs111_clinical_assessment_pct,,45,3,";
        assertTrue(csv.contains(band3), "the shipped band 3 row");
        java.nio.file.Files.writeString(table, csv.replace(band3, ",AMBULANCE,nhs111_clinical_assessment_pct,,47,3,"));
        JavalinTest.test(WinterRoom.create(new ServiceConfig(0, rules, 20000)).newWebApp(), (server, client) -> {
            JsonNode yas = org(post(client, "/api/v1/evaluations", SITUATION).body(), "YAS");
            assertEquals(3, yas.at("/nextLevel/moves/0/toBand").asInt(), yas.toString());
            assertEquals(47, yas.at("/nextLevel/moves/0/toValue").asDouble(), 1e-9, yas.toString());
        });
    }

    @Test
    void aPolicyOwnerCanChooseTheHigherLevelAndTheHighestOrganisation(@TempDir Path dir) throws Exception {
        Path rules = TestRules.copy(dir);
        Path values = rules.resolve("tables/policy-values.csv");
        String csv = Files.readString(values);
        csv = csv.replace(",OPEL.use_higher_of_reported_and_derived,0,", ",OPEL.use_higher_of_reported_and_derived,1,")
                .replace(",OPEL.system_highest_organisation,0,", ",OPEL.system_highest_organisation,1,");
        Files.writeString(values, csv);
        JavalinTest.test(ThresholdSpreadsheetTest.roomWithoutScenarios(dir, rules).newWebApp(), (server, client) -> {
            JsonNode r = post(client, "/api/v1/evaluations", SITUATION).body();
            assertEquals(3, org(r, "LTHT").get("level").asInt(), "the higher of reported 2 and derived 3");
            assertEquals("derived", org(r, "LTHT").get("levelSource").asText());
            assertEquals(4, r.at("/opel/system").asInt(), "the highest organisation");
            assertEquals("highest organisation level (LCH)", r.at("/opel/systemBasis").asText());
        });
    }
}
