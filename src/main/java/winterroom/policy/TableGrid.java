package winterroom.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The business part of a decision table (CSV or XLSX) as the Rules page's grid edits it: the headings
 * in words, the code rows above them (for the grid to type its columns, never to edit), and the data
 * rows with their lines. A spreadsheet is written back cell by cell: only the data cells whose value
 * changed are set, rows removed are taken out and rows added go after the last one, so the RuleSet,
 * Import, keyword, template and heading rows, the notes, the styles and every other sheet stay as they were.
 * A CSV table is written by the page itself, into its text, which the expert's text view shows.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TableGrid(String file, String format, boolean decisionTable, Integer headingLine, List<String> headings,
                        List<String> templates, List<String> kinds, List<GridRow> rows) {

    /** One data row: its line (a CSV line, or a spreadsheet's row number, from 1; null for a row not yet in the file) and its cells. */
    public record GridRow(Integer line, List<String> cells) {}

    /** A grid that cannot be written as asked: what is wrong, in words. */
    public static final class GridException extends IllegalArgumentException {
        public GridException(String message) { super(message); }
    }

    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

    public static boolean isSpreadsheet(String file) { return file.toLowerCase(Locale.ROOT).endsWith(".xlsx"); }

    /** The grid of a table file (see {@link TableSheet#isTable}). */
    public static TableGrid read(String file, byte[] content) {
        TableSheet t;
        try {
            t = TableSheet.read(file, content);
        } catch (RuntimeException e) {
            throw new GridException(file + " cannot be read as a table: " + e.getMessage());
        }
        List<String> headings = t.headings().stream().map(String::strip).toList();
        int width = headings.size();
        List<String> templates = t.decisionTable() && t.headingRow() > 0 ? fit(t.rows().get(t.headingRow() - 1).cells(), width) : List.of();
        List<GridRow> rows = t.data().stream().map(r -> new GridRow(r.line(), fit(r.cells(), width))).toList();
        return new TableGrid(file, isSpreadsheet(file) ? "xlsx" : "csv", t.decisionTable(),
                t.headingRow() < 0 ? null : t.rows().get(t.headingRow()).line(), headings, templates,
                t.decisionTable() ? fit(t.kinds(), width) : List.of(), rows);
    }

    private static List<String> fit(List<String> cells, int width) {
        List<String> out = new ArrayList<>(width);
        for (int i = 0; i < width; i++) out.add(i < cells.size() && cells.get(i) != null ? cells.get(i) : "");
        return out;
    }

    /**
     * The spreadsheet with these data rows in place of its own. Rows that keep their line keep their place
     * (in the file's order); a row whose line is no longer sent is removed; rows without a line are added
     * after the last. Cells beyond the headings, and every row outside the data, are not touched.
     */
    public static byte[] writeSpreadsheet(String file, byte[] content, List<GridRow> rows) {
        if (!isSpreadsheet(file)) throw new GridException(file + " is not a spreadsheet: a CSV table is edited as its text");
        TableGrid was = read(file, content);
        if (was.headingLine() == null || was.headings().isEmpty()) throw new GridException(file + " has no heading row to edit under");
        int width = was.headings().size();
        List<Integer> oldLines = was.rows().stream().map(GridRow::line).toList();
        int previous = 0;
        boolean added = false;
        for (int i = 0; i < rows.size(); i++) {
            GridRow r = rows.get(i);
            if (r.cells() == null) throw new GridException("row " + (i + 1) + " has no cells");
            if (r.cells().size() > width) throw new GridException("row " + (i + 1) + " has " + r.cells().size() + " cells; the table has " + width + " columns");
            for (String c : r.cells()) {
                if (c != null && (c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0)) throw new GridException("row " + (i + 1) + ": a cell may not hold a line break");
            }
            if (r.line() == null) { added = true; continue; }
            if (added) throw new GridException("row " + (i + 1) + ": rows of the table come before the rows added to it");
            if (!oldLines.contains(r.line())) throw new GridException("row " + (i + 1) + ": line " + r.line() + " is not a row of the table's data");
            if (r.line() <= previous) throw new GridException("row " + (i + 1) + ": line " + r.line() + " is out of order or repeated");
            previous = r.line();
        }
        DataFormatter format = new DataFormatter(Locale.UK);
        try (Workbook book = WorkbookFactory.create(new ByteArrayInputStream(content)); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = book.getSheetAt(0);
            // rows taken out, from the bottom up, each closing its gap
            List<Integer> kept = rows.stream().map(GridRow::line).filter(l -> l != null).toList();
            for (int k = oldLines.size() - 1; k >= 0; k--) {
                int line = oldLines.get(k);
                if (kept.contains(line)) continue;
                int index = line - 1;
                Row gone = sheet.getRow(index);
                if (gone != null) sheet.removeRow(gone);
                if (index < sheet.getLastRowNum()) sheet.shiftRows(index + 1, sheet.getLastRowNum(), -1);
            }
            // what is left of the data, top down, is the kept rows in order; added rows open a gap after them
            int first = was.headingLine();   // index (from 0) of the row after the headings
            int newRows = rows.size() - kept.size();
            int end = first + kept.size();   // index after the last kept row
            if (newRows > 0 && end <= sheet.getLastRowNum()) sheet.shiftRows(end, sheet.getLastRowNum(), newRows);
            Row style = kept.isEmpty() ? null : sheet.getRow(end - 1);
            for (int i = 0; i < rows.size(); i++) {
                int index = first + i;
                Row row = sheet.getRow(index);
                if (row == null) row = sheet.createRow(index);
                List<String> cells = rows.get(i).cells();
                for (int c = 0; c < width; c++) {
                    String v = c < cells.size() && cells.get(c) != null ? cells.get(c) : "";
                    set(row, c, v, format, style);
                }
            }
            book.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new GridException(file + " cannot be read as a spreadsheet: " + e.getMessage());
        }
    }

    /** Sets one cell when its value differs: a number as a number where the cell held one (or none), else as text. */
    private static void set(Row row, int column, String value, DataFormatter format, Row styleFrom) {
        Cell cell = row.getCell(column);
        String now = cell == null ? "" : format.formatCellValue(cell);
        if (now.equals(value)) return;
        if (value.isEmpty()) {
            if (cell != null) cell.setBlank();
            return;
        }
        boolean wasText = cell != null && cell.getCellType() == CellType.STRING;
        if (cell == null) {
            cell = row.createCell(column);
            Cell like = styleFrom == null || styleFrom == row ? null : styleFrom.getCell(column);
            if (like != null) {
                cell.setCellStyle(like.getCellStyle());
                wasText = like.getCellType() == CellType.STRING;
            }
        }
        if (!wasText && NUMBER.matcher(value.strip()).matches()) cell.setCellValue(Double.parseDouble(value.strip()));
        else cell.setCellValue(value);
    }
}
