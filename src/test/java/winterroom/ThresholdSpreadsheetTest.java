package winterroom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.javalin.testtools.JavalinTest;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import winterroom.Http.Answer;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static winterroom.Http.post;
import static winterroom.Http.put;

/**
 * Thresholds live in decision tables a policy owner edits in a spreadsheet. Editing a value in the
 * XLSX or CSV file changes the outcome, with no rebuild. (These rooms check changes against an
 * empty scenario folder: the edits here are meant to change outcomes the shipped scenarios pin.)
 */
class ThresholdSpreadsheetTest {
    static final String OCCUPANCY_93 = """
            {"asOf": "2019-01-16T07:30:00Z", "organisations": [{"code": "LTHT", "type": "ACUTE"}],
             "measures": [{"org": "LTHT", "metric": "ga_bed_occupancy_pct", "value": 93}]}""";

    static final String SIX_HANDOVERS = """
            {"asOf": "2019-01-16T07:30:00Z", "organisations": [{"code": "LTHT", "type": "ACUTE"}, {"code": "CCG", "type": "COMMISSIONER"}],
             "measures": [{"org": "LTHT", "metric": "ambulance_handover_over_60_min", "value": 6}]}""";

    /** The shipped CSV decision table as an XLSX workbook, every cell as text, as a spreadsheet would hold it. */
    static byte[] toXlsx(Path csv) throws Exception {
        CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        try (Workbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream();
             MappingIterator<List<String>> rows = mapper.readerFor(List.class).readValues(csv.toFile())) {
            Sheet sheet = book.createSheet("Thresholds");
            int r = 0;
            while (rows.hasNext()) {
                Row row = sheet.createRow(r++);
                List<String> cells = rows.next();
                for (int c = 0; c < cells.size(); c++) if (!cells.get(c).isEmpty()) row.createCell(c).setCellValue(cells.get(c));
            }
            book.write(out);
            return out.toByteArray();
        }
    }

    /** Sets the "At or above" cell of the named rule row, as a policy owner would in a spreadsheet. */
    static byte[] setAtOrAbove(byte[] xlsx, String ruleName, String value) throws Exception {
        try (InputStream in = new java.io.ByteArrayInputStream(xlsx); Workbook book = WorkbookFactory.create(in);
             ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = book.getSheetAt(0);
            int column = -1;
            boolean found = false;
            for (Row row : sheet) {
                for (Cell cell : row) {
                    if (cell.getStringCellValue().equals("At or above")) column = cell.getColumnIndex();
                }
                Cell first = row.getCell(0);
                if (first != null && first.getStringCellValue().equals(ruleName)) {
                    row.getCell(column).setCellValue(value);
                    found = true;
                }
            }
            assertTrue(found, "row " + ruleName);
            book.write(out);
            return out.toByteArray();
        }
    }

    static WinterRoom roomWithoutScenarios(Path dir, Path rules) throws Exception {
        Path noScenarios = Files.createDirectories(dir.resolve("no-scenarios"));
        return WinterRoom.create(new ServiceConfig(0, rules, 20000).withDataDir(dir.resolve("data")).withScenarios(noScenarios));
    }

    static JsonNode ltht(Answer a) {
        for (JsonNode o : a.body().at("/opel/organisations")) if (o.get("org").asText().equals("LTHT")) return o;
        throw new AssertionError("no LTHT in " + a.text());
    }

    @Test
    void anXlsxThresholdEditChangesTheDerivedLevel(@TempDir Path dir) throws Exception {
        Path rules = TestRules.copy(dir);
        Path csv = rules.resolve("tables/opel-thresholds.csv");
        byte[] xlsx = toXlsx(csv);
        Files.delete(csv);
        Files.write(rules.resolve("tables/opel-thresholds.xlsx"), xlsx);
        WinterRoom room = roomWithoutScenarios(dir, rules);
        assertTrue(room.evaluations().ruleset().rules().stream().anyMatch(r -> "tables/opel-thresholds.xlsx".equals(r.file())));
        JavalinTest.test(room.newWebApp(), (server, client) -> {
            assertEquals(2, ltht(post(client, "/api/v1/evaluations", OCCUPANCY_93)).get("derived").asInt());

            // edited in the folder (a spreadsheet saved over the file) and reloaded: 93% is now OPEL 3
            Files.write(rules.resolve("tables/opel-thresholds.xlsx"), setAtOrAbove(xlsx, "Band 3: G&A bed occupancy (acute trust)", "93"));
            Answer reload = post(client, "/api/v1/rules/reload", "");
            assertTrue(reload.body().get("ok").asBoolean(), reload.text());
            assertEquals(3, ltht(post(client, "/api/v1/evaluations", OCCUPANCY_93)).get("derived").asInt());
            // the distance to the next level is read from the spreadsheet as from the CSV
            assertEquals(93.0, room.evaluations().ruleset().catalogues().opelScale()
                    .start(winterroom.facts.OrgType.ACUTE, "ga_bed_occupancy_pct", 3).value(), 1e-9);

            // sent through the API as base64: validate, then activate; 93% is below both thresholds now
            byte[] higher = setAtOrAbove(setAtOrAbove(xlsx, "Band 2: G&A bed occupancy (acute trust)", "94"), "Band 3: G&A bed occupancy (acute trust)", "96");
            String b64 = Base64.getEncoder().encodeToString(higher);
            Answer valid = post(client, "/api/v1/rules/validate", Json.mapper().writeValueAsString(Map.of("files", Map.of("tables/opel-thresholds.xlsx", b64))));
            assertTrue(valid.body().get("valid").asBoolean(), valid.text());
            Answer put = put(client, "/api/v1/rules/files/tables/opel-thresholds.xlsx",
                    Json.mapper().writeValueAsString(Map.of("contentBase64", b64, "note", "occupancy thresholds raised")));
            assertEquals(200, put.status(), put.text());
            JsonNode raised = ltht(post(client, "/api/v1/evaluations", OCCUPANCY_93));
            assertTrue(raised.get("derived").isNull() || raised.get("derived").asInt() < 2, raised.toString());

            // a spreadsheet that is not one is refused with the file named
            Answer garbage = put(client, "/api/v1/rules/files/tables/opel-thresholds.xlsx",
                    Json.mapper().writeValueAsString(Map.of("contentBase64", Base64.getEncoder().encodeToString("not a workbook".getBytes()))));
            assertEquals(422, garbage.status(), garbage.text());
            assertTrue(garbage.body().at("/details/0/field").asText().startsWith("tables/opel-thresholds.xlsx"), garbage.text());
        });
    }

    @Test
    void aCsvPolicyValueEditIsPickedUpFromTheFolder(@TempDir Path dir) throws Exception {
        Path rules = TestRules.copy(dir);
        WinterRoom room = roomWithoutScenarios(dir, rules);
        room.ruleChanges().watch(Duration.ofMillis(200));
        try {
            JavalinTest.test(room.newWebApp(), (server, client) -> {
                Answer before = post(client, "/api/v1/evaluations", SIX_HANDOVERS);
                assertTrue(before.body().at("/exceptionReport/triggers").toString().contains("\"T3\""));
                String version = before.body().get("rulesetVersion").asText();

                Path values = rules.resolve("tables/policy-values.csv");
                Files.writeString(values, TestRules.read(values).replace("T3.handovers_over_60_more_than,5,", "T3.handovers_over_60_more_than,6,"));
                RulesFolderReloadTest.eventually("the edited value is active", () -> !room.evaluations().ruleset().version().equals(version));

                Answer after = post(client, "/api/v1/evaluations?include=audit", SIX_HANDOVERS);
                assertFalse(after.body().at("/exceptionReport/triggers").toString().contains("\"T3\""), after.text());
                assertTrue(after.text().matches("(?s).*\"name\":\"T3.handovers_over_60_more_than\",\"value\":6(\\.0)?[,}].*"), "the audit shows the new value: " + after.text());
            });
        } finally {
            room.stop();
        }
    }
}
