package winterroom.policy;

import com.github.javaparser.StaticJavaParser;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.DoubleLiteralExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.LongLiteralExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.NullLiteralExpr;
import com.github.javaparser.ast.expr.SimpleName;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import org.drools.decisiontable.parser.csv.CsvLineParser;
import org.drools.decisiontable.parser.csv.CsvParser;
import org.drools.decisiontable.parser.xls.ExcelParser;
import org.drools.template.parser.DataListener;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The typed check of a decision table's cells, before Drools turns the table into rules. The code
 * rows of a table (its templates) are code and are checked with the generated DRL; its data cells
 * are policy and must be data: a cell that goes inside quotes in the template may not hold a quote,
 * a backslash or a line break, so it cannot end the string and write code; any other cell must be
 * a number, one of the enumeration's values, or (in a condition column with no template) a plain
 * comparison of the fact's fields. Columns that name catalogue codes (metrics, actions), OPEL levels
 * and risk scores are checked against their lists and ranges. Cells are read with Drools' own
 * table parsers, so rows and columns are the ones Drools reads.
 */
final class TableCells {
    private TableCells() {}

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$(param|\\d+)");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern POLICY_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)+");
    private static final Pattern SIMPLE_TOKEN = Pattern.compile("[A-Za-z0-9 _.:-]*");
    private static final List<String> PRIORITIES = List.of("Low", "Medium", "High", "Very High");
    private static final Set<String> CODE_KEYWORDS = Set.of("CONDITION", "ACTION", "METADATA");

    /** The cells of one sheet, by row then column (both from 0), as Drools' parser gives them. */
    private static final class Sheet implements DataListener {
        final TreeMap<Integer, TreeMap<Integer, String>> rows = new TreeMap<>();

        @Override public void startSheet(String name) {}
        @Override public void finishSheet() {}
        @Override public void newRow(int row, int cols) {}

        @Override
        public void newCell(int row, int column, String value, int mergedColStart) {
            if (value != null && !value.isEmpty()) rows.computeIfAbsent(row, r -> new TreeMap<>()).put(column, value);
        }

        String get(int row, int column) {
            var r = rows.get(row);
            return r == null ? null : r.get(column);
        }
    }

    private static Sheet read(String file, byte[] content) {
        Sheet sheet = new Sheet();
        if (file.endsWith(".csv")) new CsvParser(sheet, new CsvLineParser()).parseFile(new ByteArrayInputStream(content));
        else new ExcelParser(sheet).parseFile(new ByteArrayInputStream(content));
        return sheet;
    }

    /**
     * The part of a decision table that is code: every cell but the data cells of its rule tables, in order,
     * without row numbers (so adding a data row above a second table moves nothing). Two versions with the same
     * code differ only in policy, which a policy owner may change; any other difference is a rule author's.
     */
    public static String code(String file, byte[] content) {
        Sheet sheet;
        try {
            sheet = read(file, content);
        } catch (RuntimeException e) {
            return "unreadable " + java.util.Arrays.hashCode(content);   // unreadable is judged as code: only equal bytes match it
        }
        Set<String> data = new java.util.HashSet<>();
        for (var row : sheet.rows.entrySet()) {
            for (var cell : row.getValue().entrySet()) {
                if (cell.getValue().strip().startsWith("RuleTable")) dataCells(sheet, row.getKey(), cell.getKey(), data);
            }
        }
        StringBuilder code = new StringBuilder();
        for (var row : sheet.rows.entrySet()) {
            StringBuilder line = new StringBuilder();
            for (var cell : row.getValue().entrySet()) {
                if (!data.contains(row.getKey() + ":" + cell.getKey())) line.append(cell.getKey()).append('=').append(cell.getValue().strip()).append('\t');
            }
            if (line.length() > 0) code.append(line).append('\n');
        }
        return code.toString();
    }

    /** The data cells of the rule table whose "RuleTable" cell is at (top, left), as "row:column". */
    private static void dataCells(Sheet sheet, int top, int left, Set<String> into) {
        var keywords = sheet.rows.get(top + 1);
        if (keywords == null) return;
        for (int row = top + 5; ; row++) {
            var cells = sheet.rows.get(row);
            if (cells == null || cells.values().stream().anyMatch(v -> v.strip().startsWith("RuleTable"))) return;
            for (int col : keywords.keySet()) if (col >= left) into.add(row + ":" + col);
        }
    }

    /**
     * The data rows of every rule table in a decision table, each as its column labels (the row above the data)
     * to the cell values; a row's blank cells are left out. Unreadable content gives no rows.
     */
    static List<Map<String, String>> labelledRows(String file, byte[] content) {
        Sheet sheet;
        try {
            sheet = read(file, content);
        } catch (RuntimeException e) {
            return List.of();
        }
        List<Map<String, String>> out = new ArrayList<>();
        for (var row : sheet.rows.entrySet()) {
            for (var cell : row.getValue().entrySet()) {
                if (!cell.getValue().strip().startsWith("RuleTable")) continue;
                int labelRow = row.getKey() + 4;
                var labels = sheet.rows.get(labelRow);
                if (labels == null) continue;
                for (int r = labelRow + 1; ; r++) {
                    var cells = sheet.rows.get(r);
                    if (cells == null || cells.values().stream().anyMatch(v -> v.strip().startsWith("RuleTable"))) break;
                    Map<String, String> labelled = new java.util.LinkedHashMap<>();
                    for (var label : labels.entrySet()) {
                        String value = cells.get(label.getKey());
                        if (label.getKey() >= cell.getKey() && value != null && !value.isBlank()) labelled.put(label.getValue().strip(), value.strip());
                    }
                    out.add(labelled);
                }
            }
        }
        return out;
    }

    /** Every cell problem of a decision table, each with its row and column. */
    static List<CompileProblem> check(String file, byte[] content, Catalogues catalogues) {
        Sheet sheet = read(file, content);
        List<CompileProblem> out = new ArrayList<>();
        for (var row : sheet.rows.entrySet()) {
            for (var cell : row.getValue().entrySet()) {
                if (cell.getValue().strip().startsWith("RuleTable")) table(file, sheet, row.getKey(), cell.getKey(), catalogues, out);
            }
        }
        return out;
    }

    /** One RuleTable: keywords on the next row, then object types, code templates, labels, then the data rows. */
    private static void table(String file, Sheet sheet, int top, int left, Catalogues catalogues, List<CompileProblem> out) {
        int keywordRow = top + 1;
        var keywords = sheet.rows.get(keywordRow);
        if (keywords == null) return;   // Drools reports a table without columns
        int templateRow = keywordRow + 2;
        int labelRow = keywordRow + 3;
        for (int row = labelRow + 1; ; row++) {
            var cells = sheet.rows.get(row);
            if (cells == null || cells.values().stream().anyMatch(v -> v.strip().startsWith("RuleTable"))) break;
            for (var k : keywords.entrySet()) {
                int col = k.getKey();
                if (col < left) continue;
                String value = cells.get(col);
                if (value == null || value.isBlank()) continue;
                String keyword = k.getValue().strip().toUpperCase(Locale.ROOT);
                String label = sheet.get(labelRow, col);
                Cell where = new Cell(file, row, col, label);
                String template = sheet.get(templateRow, col);
                if (keyword.equals("NAME")) {
                    text(where, value, out);
                } else if (CODE_KEYWORDS.contains(keyword)) {
                    if (template == null || template.isBlank()) {
                        if (keyword.equals("CONDITION")) condition(where, value, out);
                        else out.add(where.problem("this column has no code template, so its cells would be code; "
                                + "only a rule author may write code (give the column a template in row " + (templateRow + 1) + ")"));
                    } else {
                        templated(where, template, value, out);
                        typed(where, template, value, catalogues, out);
                    }
                } else if (keyword.equals("PRIORITY") || keyword.equals("SALIENCE")) {
                    if (!value.strip().matches("-?\\d{1,6}")) out.add(where.problem("'" + value + "' is not a whole number"));
                } else if (!SIMPLE_TOKEN.matcher(value).matches()) {
                    out.add(where.problem("'" + value + "' may hold only letters, digits, spaces and . _ : -"));
                }
            }
        }
    }

    /** A cell: its file, row and column (from 0) and the column's label. */
    private record Cell(String file, int row, int column, String label) {
        CompileProblem problem(String message) {
            String name = columnName(column);
            return new CompileProblem(file, row + 1, column + 1, "row " + (row + 1) + ", column " + name
                    + (label == null ? "" : " (" + label.strip() + ")") + ": " + message);
        }
    }

    static String columnName(int column) {
        StringBuilder s = new StringBuilder();
        for (int c = column + 1; c > 0; c = (c - 1) / 26) s.insert(0, (char) ('A' + (c - 1) % 26));
        return s.toString();
    }

    /** Each placeholder of the template decides what its part of the cell may hold. */
    private static void templated(Cell where, String template, String value, List<CompileProblem> out) {
        boolean numbered = template.matches("(?s).*\\$\\d.*");
        List<String> parts = numbered ? Arrays.asList(value.split(",", -1)) : List.of(value);
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            String part = numbered ? (m.group(1).equals("param") ? value : index(parts, Integer.parseInt(m.group(1)) - 1)) : value;
            if (part == null) continue;
            if (insideString(template, m.start())) {
                text(where, part, out);
            } else {
                String before = template.substring(0, m.start());
                Matcher qualifier = Pattern.compile("([A-Z][A-Za-z0-9_]*)\\.$").matcher(before);
                if (qualifier.find()) enumValue(where, qualifier.group(1), part.strip(), out);
                else if (template.strip().equals(m.group())) condition(where, part, out);
                else literal(where, part.strip(), out);
            }
        }
    }

    private static String index(List<String> parts, int i) { return i >= 0 && i < parts.size() ? parts.get(i) : null; }

    /** Text that goes between quotes in the generated rule: it must not be able to end the string. */
    private static void text(Cell where, String value, List<CompileProblem> out) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c < 0x20) {
                String what = c == '"' ? "a double quote (\")" : c == '\\' ? "a backslash (\\)" : "a line break or control character";
                out.add(where.problem("the text may not contain " + what + ": it would end the text and write rule code"
                        + (c == '"' ? "; use single quotes (') instead" : "")));
                return;
            }
        }
    }

    /** A cell that goes into the rule as a value: a number or true/false. */
    private static void literal(Cell where, String value, List<CompileProblem> out) {
        if (NUMBER.matcher(value).matches() || value.equals("true") || value.equals("false")) return;
        out.add(where.problem("'" + value + "' is not a number"));
    }

    private static void enumValue(Cell where, String type, String value, List<CompileProblem> out) {
        List<String> values = enumValues(type);
        if (values == null) {
            out.add(where.problem("the template names " + type + ", which is not an enumeration of the fact classes"));
        } else if (!values.contains(value)) {
            out.add(where.problem("'" + value + "' is not one of " + String.join(", ", values)));
        }
    }

    static List<String> enumValues(String type) {
        if (CodeAllowList.simple(type) == null || !CodeAllowList.simple(type).startsWith(CodeAllowList.FACTS_PACKAGE + ".")) return null;
        try {
            Class<?> c = Class.forName(CodeAllowList.simple(type), false, TableCells.class.getClassLoader());
            if (!c.isEnum()) return null;
            return Arrays.stream(c.getEnumConstants()).map(e -> ((Enum<?>) e).name()).toList();
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    /**
     * A condition written in the cell itself (a column with no template, or a template that is only
     * the placeholder): fields of the fact compared with numbers, texts and enumeration values,
     * joined with and, or and not. No calls, no new objects, no assignments.
     */
    private static void condition(Cell where, String value, List<CompileProblem> out) {
        Expression e;
        try {
            e = StaticJavaParser.parseExpression(value);
        } catch (RuntimeException notAnExpression) {
            out.add(where.problem("'" + value + "' is not a condition this column can hold (compare the fact's fields, "
                    + "such as month == 12 || dayOfMonth <= 2)"));
            return;
        }
        List<Node> bad = new ArrayList<>();
        e.walk(n -> {
            boolean ok = n instanceof BinaryExpr || n instanceof EnclosedExpr || n instanceof NameExpr || n instanceof SimpleName
                    || n instanceof IntegerLiteralExpr || n instanceof DoubleLiteralExpr || n instanceof LongLiteralExpr
                    || n instanceof BooleanLiteralExpr || n instanceof StringLiteralExpr || n instanceof NullLiteralExpr
                    || (n instanceof UnaryExpr u && (u.getOperator() == UnaryExpr.Operator.LOGICAL_COMPLEMENT || u.getOperator() == UnaryExpr.Operator.MINUS))
                    || (n instanceof FieldAccessExpr f && f.getScope() instanceof NameExpr s && enumValues(s.getNameAsString()) != null
                        && enumValues(s.getNameAsString()).contains(f.getNameAsString()));
            if (n instanceof NameExpr name && (CodeAllowList.DENIED_NAMES.contains(name.getNameAsString()) || name.getNameAsString().startsWith("$"))) ok = false;
            if (n instanceof NameExpr name && name.getParentNode().orElse(null) instanceof FieldAccessExpr) ok = true;
            if (!ok) bad.add(n);
        });
        if (!bad.isEmpty()) {
            out.add(where.problem("'" + value + "' is not a plain condition: '" + bad.get(0) + "' is not allowed in a cell "
                    + "(compare the fact's fields with numbers, texts or enumeration values, joined with && || !)"));
        }
    }

    /** Columns whose values come from a catalogue or a fixed range. */
    private static void typed(Cell where, String template, String value, Catalogues catalogues, List<CompileProblem> out) {
        String label = where.label() == null ? "" : where.label().strip().toLowerCase(Locale.ROOT);
        String v = value.strip();
        if (template.matches("(?s).*\\bmetric\\s*==\\s*\"\\$param\".*") || label.equals("metric")) {
            if (!catalogues.metrics().isEmpty() && !catalogues.metrics().containsKey(v)) {
                out.add(where.problem("'" + v + "' is not a metric of " + Catalogues.METRICS));
            }
        }
        if (label.contains("opel level")) range(where, v, 1, 4, "an OPEL level", out);
        if (label.equals("score")) range(where, v, 1, 4, "an OPEL band score", out);
        if (label.equals("weight") && !(v.matches("\\d+(\\.\\d+)?") && Double.parseDouble(v) > 0 && Double.parseDouble(v) <= 100)) {
            out.add(where.problem("'" + v + "' is not a weight (a number above 0 and at most 100)"));
        }
        if (label.equals("likelihood") || label.equals("consequence")) range(where, v, 1, 5, "a " + label + " score", out);
        if (label.equals("risk number")) range(where, v, 1, 999, "a risk number", out);
        if (label.equals("event type")) {
            List<String> events = enumValues("EventType");
            if (events != null && !events.contains(v)) out.add(where.problem("'" + v + "' is not one of " + String.join(", ", events)));
        }
        if (template.contains("getPriorities().add") && !PRIORITIES.contains(v)) {
            out.add(where.problem("'" + v + "' is not a priority: one of " + String.join(", ", PRIORITIES)));
        }
        if (label.equals("mitigations") && !catalogues.actions().isEmpty()) {
            for (String id : v.split("\\s+")) {
                if (!id.isEmpty() && !catalogues.actions().containsKey(id)) out.add(where.problem("'" + id + "' is not an action of " + Catalogues.ACTIONS));
            }
        }
        if (label.equals("code") && !CODE.matcher(v).matches()) out.add(where.problem("'" + v + "' is not a code (letters, digits, . _ -)"));
        if (label.equals("name") && template.contains("PolicyValue") && !POLICY_NAME.matcher(v).matches()) {
            out.add(where.problem("'" + v + "' is not a policy value name (such as T1.ae_4h_pct_at_or_below)"));
        }
    }

    private static void range(Cell where, String v, int min, int max, String what, List<CompileProblem> out) {
        if (!v.matches("-?\\d+") || Long.parseLong(v) < min || Long.parseLong(v) > max) {
            out.add(where.problem("'" + v + "' is not " + what + " (a whole number from " + min + " to " + max + ")"));
        }
    }

    /** Whether position i of a template is inside a "..." string. */
    private static boolean insideString(String template, int i) {
        boolean in = false;
        for (int j = 0; j < i; j++) {
            char c = template.charAt(j);
            if (in && c == '\\') { j++; continue; }
            if (c == '"') in = !in;
        }
        return in;
    }

    /**
     * Problems the code check found in the DRL a table generated, pointed at the table: the row of the
     * rule the problem is in (found by the rule's name in the table's NAME column), or the table's
     * code rows when it is in no row's rule.
     */
    static List<CompileProblem> locate(String file, byte[] content, String generated, List<CompileProblem> problems) {
        if (problems.isEmpty()) return problems;
        Sheet sheet;
        try {
            sheet = read(file, content);
        } catch (RuntimeException e) {
            sheet = new Sheet();
        }
        String[] lines = generated.split("\n", -1);
        List<CompileProblem> out = new ArrayList<>();
        for (CompileProblem p : problems) {
            String rule = null;
            if (p.line() != null) {
                for (int i = Math.min(p.line(), lines.length) - 1; i >= 0; i--) {
                    Matcher m = Pattern.compile("^\\s*rule\\s+\"(.*)\"").matcher(lines[i]);
                    if (m.find()) { rule = m.group(1); break; }
                }
            }
            Integer row = null;
            String named = rule;
            if (named != null) {
                for (var r : sheet.rows.entrySet()) {
                    if (r.getValue().containsValue(named) || r.getValue().values().stream().anyMatch(v -> named.startsWith(v.strip() + " ") )) {
                        row = r.getKey() + 1;
                        break;
                    }
                }
            }
            String message = p.message().replaceFirst("^rule '[^']*': ", "");
            out.add(new CompileProblem(file, row, null, (row == null ? "in the table's code: " : "row " + row + " (rule '" + rule + "'): ") + message));
        }
        return out;
    }

    /** The text of a CSV as read, for messages. */
    static String text(byte[] content) { return new String(content, StandardCharsets.UTF_8); }

    static Map<Integer, TreeMap<Integer, String>> cells(String file, byte[] content) { return read(file, content).rows; }
}
