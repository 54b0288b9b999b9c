package winterroom;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import winterroom.Http.Answer;
import winterroom.policy.RuleCode;
import winterroom.policy.TableGrid;
import winterroom.policy.TableGrid.GridRow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static winterroom.Http.get;
import static winterroom.Http.post;
import static winterroom.Http.put;

/** A spreadsheet decision table read as the grid's rows and written back cell by cell. */
class TableGridTest {
    static final String FILE = "tables/opel-thresholds.xlsx";
    static final String BAND_3 = "Band 3: G&A bed occupancy (acute trust)";

    static byte[] shipped() throws Exception { return Spreadsheets.fromCsv(Path.of("rules/tables/opel-thresholds.csv")); }

    static List<GridRow> rowsWith(TableGrid g, String rule, String heading, String value) {
        int column = g.headings().indexOf(heading);
        List<GridRow> rows = new ArrayList<>();
        boolean found = false;
        for (GridRow r : g.rows()) {
            List<String> cells = new ArrayList<>(r.cells());
            if (cells.get(0).equals(rule)) { cells.set(column, value); found = true; }
            rows.add(new GridRow(r.line(), cells));
        }
        assertTrue(found, rule);
        return rows;
    }

    @Test
    void theGridIsTheBusinessColumnsAndTheDataRows() throws Exception {
        TableGrid g = TableGrid.read(FILE, shipped());
        assertEquals("xlsx", g.format());
        assertTrue(g.decisionTable());
        assertEquals(List.of("Rule", "Organisation type", "Metric", "At or above", "At or below", "Score", "Weight", "Code", "Title", "Source"), g.headings());
        assertEquals("CONDITION", g.kinds().get(1));
        GridRow band3 = g.rows().stream().filter(r -> r.cells().get(0).equals(BAND_3)).findFirst().orElseThrow();
        assertEquals("95", band3.cells().get(3), "a number cell reads as the spreadsheet shows it");
        // the same rows and lines as the CSV it was made from (one row a line there)
        TableGrid csv = TableGrid.read("tables/opel-thresholds.csv", Files.readAllBytes(Path.of("rules/tables/opel-thresholds.csv")));
        assertEquals(csv.rows(), g.rows());
        assertEquals(csv.headingLine(), g.headingLine());
    }

    @Test
    void aSavedSpreadsheetDiffersFromTheOriginalOnlyInTheEditedCell() throws Exception {
        byte[] original = shipped();
        TableGrid g = TableGrid.read(FILE, original);
        byte[] saved = TableGrid.writeSpreadsheet(FILE, original, rowsWith(g, BAND_3, "At or above", "94"));
        List<String> before = Spreadsheets.cells(original);
        List<String> after = Spreadsheets.cells(saved);
        assertEquals(before.size(), after.size());
        List<String> differ = new ArrayList<>();
        for (int i = 0; i < before.size(); i++) if (!before.get(i).equals(after.get(i))) differ.add(before.get(i) + " -> " + after.get(i));
        int line = g.rows().stream().filter(r -> r.cells().get(0).equals(BAND_3)).findFirst().orElseThrow().line();
        assertEquals(List.of(line + ":4=95 (NUMERIC) -> " + line + ":4=94 (NUMERIC)"), differ);
        // nothing written for a grid sent back unchanged
        assertEquals(before, Spreadsheets.cells(TableGrid.writeSpreadsheet(FILE, original, g.rows())));
        // a cell edit is policy, not rule code
        assertFalse(RuleCode.changes(Map.of(FILE, original), Map.of(FILE, saved)));
    }

    @Test
    void rowsRemovedAndAddedKeepTheCodeRowsAndTheHeadings() throws Exception {
        byte[] original = shipped();
        TableGrid g = TableGrid.read(FILE, original);
        List<GridRow> rows = new ArrayList<>(g.rows());
        GridRow gone = rows.remove(1);
        List<String> extra = new ArrayList<>(g.rows().get(0).cells());
        extra.set(0, "OPEL acute extra band");
        extra.set(7, "OT-AC-EXTRA");
        rows.add(new GridRow(null, extra));
        byte[] saved = TableGrid.writeSpreadsheet(FILE, original, rows);
        TableGrid h = TableGrid.read(FILE, saved);
        assertEquals(g.rows().size(), h.rows().size());
        assertFalse(h.rows().stream().anyMatch(r -> r.cells().equals(gone.cells())));
        assertEquals(extra, h.rows().get(h.rows().size() - 1).cells());
        assertEquals(g.headings(), h.headings());
        assertEquals(g.templates(), h.templates());
        List<String> codeRows = Spreadsheets.cells(original).stream().filter(c -> Integer.parseInt(c.split(":")[0]) <= g.headingLine()).toList();
        assertEquals(codeRows, Spreadsheets.cells(saved).stream().filter(c -> Integer.parseInt(c.split(":")[0]) <= g.headingLine()).toList(),
                "the RuleSet, Import, keyword, template and heading rows, bold heading included, are as they were");
        assertFalse(RuleCode.changes(Map.of(FILE, original), Map.of(FILE, saved)));
    }

    @Test
    void aGridThatDoesNotFitTheTableIsRefusedInWords() throws Exception {
        byte[] original = shipped();
        TableGrid g = TableGrid.read(FILE, original);
        List<GridRow> swapped = new ArrayList<>(g.rows());
        swapped.set(0, g.rows().get(1));
        swapped.set(1, g.rows().get(0));
        assertTrue(assertThrows(TableGrid.GridException.class, () -> TableGrid.writeSpreadsheet(FILE, original, swapped)).getMessage().contains("out of order"));
        List<GridRow> wide = List.of(new GridRow(null, List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k")));
        assertTrue(assertThrows(TableGrid.GridException.class, () -> TableGrid.writeSpreadsheet(FILE, original, wide)).getMessage().contains("10 columns"));
        List<GridRow> stranger = List.of(new GridRow(3, g.rows().get(0).cells()));
        assertTrue(assertThrows(TableGrid.GridException.class, () -> TableGrid.writeSpreadsheet(FILE, original, stranger)).getMessage().contains("not a row of the table's data"));
        assertThrows(TableGrid.GridException.class, () -> TableGrid.writeSpreadsheet("tables/opel-thresholds.csv", original, g.rows()));
    }

    @Test
    void throughTheApiAnEditedCellIsSavedAsTheSpreadsheetAndShown(@TempDir Path dir) throws Exception {
        Path rules = TestRules.copy(dir);
        Files.delete(rules.resolve("tables/opel-thresholds.csv"));
        byte[] original = shipped();
        Files.write(rules.resolve(FILE), original);
        WinterRoom room = ThresholdSpreadsheetTest.roomWithoutScenarios(dir, rules);
        JavalinTest.test(room.newWebApp(), (server, client) -> {
            Answer grid = get(client, "/api/v1/rules/tables/" + FILE);
            assertEquals(200, grid.status(), grid.text());
            TableGrid g = Json.mapper().treeToValue(grid.body(), TableGrid.class);
            List<GridRow> rows = rowsWith(g, BAND_3, "At or above", "94");
            Answer written = post(client, "/api/v1/rules/tables/grid", Json.mapper().writeValueAsString(Map.of("file", FILE, "rows", rows)));
            assertEquals(200, written.status(), written.text());
            byte[] saved = Base64.getDecoder().decode(written.body().get("content").asText());
            assertEquals(1, differences(original, saved));
            Answer activated = put(client, "/api/v1/rules/files/" + FILE, Json.mapper().writeValueAsString(Map.of("contentBase64", written.body().get("content").asText(), "note", "band 3 from 94%")));
            assertEquals(200, activated.status(), activated.text());
            JsonNode now = get(client, "/api/v1/rules/tables/" + FILE).body();
            JsonNode band3 = null;
            for (JsonNode r : now.get("rows")) if (r.at("/cells/0").asText().equals(BAND_3)) band3 = r;
            assertEquals("94", band3.at("/cells/3").asText(), now.toString());

            // refused in words: rows for a CSV table, a file that is not a table, an unknown field
            Answer csv = post(client, "/api/v1/rules/tables/grid", Json.mapper().writeValueAsString(Map.of("file", "tables/policy-values.csv", "rows", List.of())));
            assertEquals(400, csv.status(), csv.text());
            assertTrue(csv.text().contains("edited as its text"), csv.text());
            assertEquals(404, get(client, "/api/v1/rules/tables/opel.drl").status());
            assertEquals(400, post(client, "/api/v1/rules/tables/grid", "{\"file\": \"" + FILE + "\", \"colour\": 1}").status());
            // a CSV's grid from content sent (as the page does for a file not yet activated)
            Answer sent = post(client, "/api/v1/rules/tables/grid", Json.mapper().writeValueAsString(Map.of("file", "tables/policy-values.csv",
                    "content", Files.readString(rules.resolve("tables/policy-values.csv")))));
            assertEquals(200, sent.status(), sent.text());
            assertEquals("csv", sent.body().get("format").asText());
        });
    }

    static int differences(byte[] a, byte[] b) throws Exception {
        List<String> x = Spreadsheets.cells(a);
        List<String> y = Spreadsheets.cells(b);
        int n = Math.abs(x.size() - y.size());
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) if (!x.get(i).equals(y.get(i))) n++;
        return n;
    }
}
