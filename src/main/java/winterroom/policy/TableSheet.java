package winterroom.policy;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A tabular policy file read as rows of cells: a decision table (CSV or XLSX, the Drools layout of
 * RuleSet, RuleTable, the condition and action rows, the code row, a row of headings in words and
 * then one row per rule) or a plain CSV catalogue (a heading row, then the rows). Only what a
 * policy owner edits is the table's business part: the headings and the data rows.
 *
 * @param headingRow index into rows of the headings in words
 * @param kinds      per column, for a decision table: NAME, CONDITION, ACTION or METADATA (empty for a catalogue)
 * @param firstData  index into rows of the first data row; data runs to lastData (exclusive)
 */
public record TableSheet(String file, List<Row> rows, int headingRow, List<String> kinds, int firstData, int lastData) {

    /** One row: its line in the file (CSV) or its row number (spreadsheet), from 1, and its cells. */
    public record Row(int line, List<String> cells) {
        public String cell(int i) { return i < cells.size() ? cells.get(i) : ""; }

        public boolean blank() { return cells.stream().allMatch(c -> c == null || c.isBlank()); }
    }

    public static boolean isTable(String name) {
        return (name.startsWith("tables/") && (name.endsWith(".csv") || name.endsWith(".xlsx")))
                || (name.endsWith(".csv") && (name.startsWith("catalogue/") || name.startsWith("calendar/")));
    }

    public List<String> headings() { return headingRow < 0 ? List.of() : rows.get(headingRow).cells(); }

    public List<Row> data() { return rows.subList(firstData, lastData); }

    public boolean decisionTable() { return !kinds.isEmpty(); }

    public static TableSheet read(String file, byte[] content) {
        List<Row> rows = file.endsWith(".xlsx") ? xlsx(content) : csv(content);
        int ruleTable = -1;
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).cell(0).strip().toLowerCase(Locale.ROOT).startsWith("ruletable")) { ruleTable = i; break; }
        }
        if (ruleTable < 0) {
            int heading = rows.isEmpty() ? -1 : 0;
            return new TableSheet(file, rows, heading, List.of(), Math.min(1, rows.size()), rows.size());
        }
        int heading = Math.min(ruleTable + 4, rows.size() - 1);
        List<String> kinds = ruleTable + 1 < rows.size()
                ? rows.get(ruleTable + 1).cells().stream().map(c -> c.strip().toUpperCase(Locale.ROOT)).toList() : List.of();
        int first = Math.min(heading + 1, rows.size());
        int last = first;
        while (last < rows.size() && !rows.get(last).blank()) last++;
        return new TableSheet(file, rows, heading, kinds, first, last);
    }

    /** RFC 4180 rows, each with the line it starts on (a quoted cell may run over several lines). */
    private static List<Row> csv(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        List<Row> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        int line = 1;
        int start = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') { cell.append('"'); i++; }
                else if (c == '"') quoted = false;
                else { if (c == '\n') line++; cell.append(c); }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
                row.add(cell.toString());
                rows.add(new Row(start, List.copyOf(row)));
                row.clear();
                cell.setLength(0);
                line++;
                start = line;
            } else {
                cell.append(c);
            }
        }
        if (cell.length() > 0 || !row.isEmpty()) {
            row.add(cell.toString());
            rows.add(new Row(start, List.copyOf(row)));
        }
        return rows;
    }

    private static List<Row> xlsx(byte[] content) {
        List<Row> rows = new ArrayList<>();
        DataFormatter format = new DataFormatter(Locale.UK);
        try (Workbook book = WorkbookFactory.create(new ByteArrayInputStream(content))) {
            Sheet sheet = book.getSheetAt(0);
            for (org.apache.poi.ss.usermodel.Row r : sheet) {
                // a row the sheet does not hold is a blank row (Drools reads it so: it ends a table's data)
                while (rows.size() < r.getRowNum()) rows.add(new Row(rows.size() + 1, List.of()));
                List<String> cells = new ArrayList<>();
                for (int c = 0; c < Math.max(0, r.getLastCellNum()); c++) {
                    Cell cell = r.getCell(c);
                    cells.add(cell == null ? "" : format.formatCellValue(cell));
                }
                rows.add(new Row(r.getRowNum() + 1, cells));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the spreadsheet: " + e.getMessage(), e);
        }
        return rows;
    }
}
