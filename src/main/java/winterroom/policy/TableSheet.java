package winterroom.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
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
import java.util.Arrays;
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

    private static List<Row> csv(byte[] content) {
        CsvMapper mapper = new CsvMapper();
        mapper.enable(CsvParser.Feature.WRAP_AS_ARRAY);
        List<Row> rows = new ArrayList<>();
        String text = new String(content, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        try (MappingIterator<String[]> it = mapper.readerFor(String[].class).readValues(text)) {
            JsonParser p = it.getParser();
            while (it.hasNextValue()) {
                int line = (int) p.currentTokenLocation().getLineNr();
                String[] cells = it.nextValue();
                rows.add(new Row(line, Arrays.asList(cells)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + e.getMessage(), e);
        }
        return rows;
    }

    private static List<Row> xlsx(byte[] content) {
        List<Row> rows = new ArrayList<>();
        DataFormatter format = new DataFormatter(Locale.UK);
        try (Workbook book = WorkbookFactory.create(new ByteArrayInputStream(content))) {
            Sheet sheet = book.getSheetAt(0);
            for (org.apache.poi.ss.usermodel.Row r : sheet) {
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
