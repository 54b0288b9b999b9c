package winterroom;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Spreadsheet decision tables for tests, made as a policy owner's spreadsheet program would save them. */
public final class Spreadsheets {
    private Spreadsheets() {}

    /**
     * A CSV decision table as an XLSX workbook: numbers in the rows below the headings as number cells, every
     * other cell as text, the heading row in bold.
     */
    public static byte[] fromCsv(Path csv) throws Exception {
        CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        try (Workbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream();
             MappingIterator<List<String>> rows = mapper.readerFor(List.class).readValues(csv.toFile())) {
            Sheet sheet = book.createSheet("Table");
            Font bold = book.createFont();
            bold.setBold(true);
            CellStyle heading = book.createCellStyle();
            heading.setFont(bold);
            int r = 0;
            int headingRow = -1;
            while (rows.hasNext()) {
                Row row = sheet.createRow(r);
                List<String> cells = rows.next();
                if (!cells.isEmpty() && cells.get(0).toLowerCase(Locale.ROOT).startsWith("ruletable")) headingRow = r + 4;
                for (int c = 0; c < cells.size(); c++) {
                    String v = cells.get(c);
                    if (v.isEmpty()) continue;
                    Cell cell = row.createCell(c);
                    if (headingRow >= 0 && r > headingRow && v.matches("-?\\d+(\\.\\d+)?")) cell.setCellValue(Double.parseDouble(v));
                    else cell.setCellValue(v);
                    if (r == headingRow) cell.setCellStyle(heading);
                }
                r++;
            }
            book.write(out);
            return out.toByteArray();
        }
    }

    /** Every cell of the first sheet as "row:column=value" (as the spreadsheet shows it) with its type. */
    public static List<String> cells(byte[] xlsx) throws Exception {
        DataFormatter format = new DataFormatter(Locale.UK);
        List<String> out = new ArrayList<>();
        try (Workbook book = WorkbookFactory.create(new ByteArrayInputStream(xlsx))) {
            for (Row row : book.getSheetAt(0)) {
                for (Cell cell : row) {
                    out.add((row.getRowNum() + 1) + ":" + (cell.getColumnIndex() + 1) + "=" + format.formatCellValue(cell)
                            + " (" + cell.getCellType() + (cell.getCellStyle().getFontIndex() != 0 ? ", font " + cell.getCellStyle().getFontIndex() : "") + ")");
                }
            }
        }
        return out;
    }
}
