package winterroom;

import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import winterroom.policy.RuleCode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static winterroom.AccessTest.bearer;
import static winterroom.AccessTest.newToken;
import static winterroom.Http.put;

/**
 * A decision table's data cells are policy; its other rows (RuleSet, Import, keywords, templates) are
 * code, so changing them, or adding or removing a table, is a rule author's change, not a policy owner's.
 */
class TableCodeRoleTest {
    static final String TABLE = "tables/policy-values.csv";
    static final String TEMPLATE = "pv.setValue($param); insertLogical(pv);";

    static TreeMap<String, byte[]> shipped() throws Exception {
        TreeMap<String, byte[]> files = new TreeMap<>();
        for (String f : new String[] {TABLE, "tables/risk-matrix.csv", "catalogue/metrics.csv"}) files.put(f, Files.readAllBytes(Path.of("rules").resolve(f)));
        return files;
    }

    static TreeMap<String, byte[]> with(TreeMap<String, byte[]> files, String name, String content) {
        TreeMap<String, byte[]> out = new TreeMap<>(files);
        if (content == null) out.remove(name);
        else out.put(name, content.getBytes(StandardCharsets.UTF_8));
        return out;
    }

    @Test
    void dataCellsArePolicyAndEverythingElseInATableIsCode() throws Exception {
        TreeMap<String, byte[]> files = shipped();
        String csv = new String(files.get(TABLE), StandardCharsets.UTF_8);
        assertTrue(csv.contains(TEMPLATE) && csv.contains("T1.ae_4h_pct_at_or_below,80,"));

        assertFalse(RuleCode.changes(files, with(files, TABLE, csv.replace("T1.ae_4h_pct_at_or_below,80,", "T1.ae_4h_pct_at_or_below,85,"))),
                "a value is policy");
        assertFalse(RuleCode.changes(files, with(files, "catalogue/metrics.csv", new String(files.get("catalogue/metrics.csv"), StandardCharsets.UTF_8) + "\n")),
                "a catalogue is policy");
        assertTrue(RuleCode.changes(files, with(files, TABLE, csv.replace(TEMPLATE, "pv.setValue($param * 0 + 99); insertLogical(pv);"))),
                "a template is code");
        assertTrue(RuleCode.changes(files, with(files, TABLE, csv.replace("Import,winterroom.facts.*", "Import,winterroom.facts.*, java.io.File"))),
                "an import is code");
        assertTrue(RuleCode.changes(files, with(files, "tables/extra.csv", csv.replace("RuleTable Policy values", "RuleTable Extra"))),
                "a new table is code");
        assertTrue(RuleCode.changes(files, with(files, "tables/risk-matrix.csv", null)), "removing a table is code");

        // the same table saved as a spreadsheet in place of its CSV is not a code change; with a new template it is
        TreeMap<String, byte[]> asXlsx = new TreeMap<>(files);
        asXlsx.remove(TABLE);
        Path tmp = Files.createTempFile("policy-values", ".csv");
        Files.writeString(tmp, csv);
        asXlsx.put("tables/policy-values.xlsx", ThresholdSpreadsheetTest.toXlsx(tmp));
        assertFalse(RuleCode.changes(files, asXlsx), "CSV replaced by the same table as XLSX");
        Files.writeString(tmp, csv.replace(TEMPLATE, "pv.setValue($param + 1); insertLogical(pv);"));
        asXlsx.put("tables/policy-values.xlsx", ThresholdSpreadsheetTest.toXlsx(tmp));
        assertTrue(RuleCode.changes(files, asXlsx), "CSV replaced by an XLSX with another template");
    }

    @Test
    void aPolicyOwnerCannotChangeATablesCodeRows(@TempDir Path dir) throws Exception {
        String[] owner = newToken("olu", "POLICY_OWNER");
        Path tokens = dir.resolve("tokens.csv");
        Files.writeString(tokens, owner[1] + "\n");
        Path rules = TestRules.copy(dir);
        WinterRoom room = WinterRoom.create(new ServiceConfig(0, rules, 20000).withTokens(tokens).withDataDir(dir.resolve("data")));
        String csv = Files.readString(rules.resolve(TABLE));
        String injected = csv.replace(TEMPLATE, "pv.setValue($param * 0 + 99); insertLogical(pv);");
        JavalinTest.test(room.newWebApp(), (server, client) -> {
            Http.Answer refused = put(client, "/api/v1/rules/files/" + TABLE + "?force=true", injected,
                    "Authorization", bearer(owner[0]), "Content-Type", "text/csv");
            assertEquals(403, refused.status(), refused.text());
            assertTrue(refused.body().get("error").asText().contains("RULE_AUTHOR"), refused.text());
            String body = Json.mapper().writeValueAsString(Map.of("files", Map.of(TABLE, injected)));
            Http.Answer proposed = Http.post(client, "/api/v1/rules/changes", body, "Authorization", bearer(owner[0]));
            assertEquals(403, proposed.status(), proposed.text());
        });
        assertEquals(csv, Files.readString(rules.resolve(TABLE)), "the table is as it was");
    }
}
