package winterroom.changes;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import winterroom.policy.TableSheet;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * What differs between two versions of the rules folder, file by file: lines added and removed for
 * every text file, and for tables (decision tables in CSV or XLSX, catalogues) the rows added and
 * removed and the cells changed, named by the row's rule and the column's heading. A table saved
 * under another format (a CSV replaced by an XLSX of the same name) is compared cell by cell too.
 */
public final class VersionDiff {
    private VersionDiff() {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(String from, String to, Summary summary, List<FileDiff> files) {}

    public record Summary(int added, int removed, int changed, int replaced, int unchanged) {}

    /** change: added, removed, changed, or replaced (by name, a table saved in another format). */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record FileDiff(String name, String change, String replaces, List<Hunk> lines, List<Cell> cells,
                           List<TableRow> rowsAdded, List<TableRow> rowsRemoved) {}

    /** A run of lines: from (line in the older file) and to (line in the newer), the lines removed and added. */
    public record Hunk(int from, int to, List<String> removed, List<String> added) {}

    /** A changed cell: the row (its rule name or first cell), its line in the newer file, the column heading. */
    public record Cell(String row, int line, String column, String before, String after) {}

    public record TableRow(String row, int line, Map<String, String> cells) {}

    public static Result between(String from, SortedMap<String, byte[]> a, String to, SortedMap<String, byte[]> b) {
        List<FileDiff> files = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(a.keySet());
        names.addAll(b.keySet());
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        int unchanged = 0;
        for (String n : names) {
            if (!a.containsKey(n)) added.add(n);
            else if (!b.containsKey(n)) removed.add(n);
            else if (Arrays.equals(a.get(n), b.get(n))) unchanged++;
            else files.add(compare(n, "changed", null, a.get(n), b.get(n)));
        }
        int replaced = 0;
        for (String n : List.copyOf(added)) {
            String twin = removed.stream().filter(r -> stem(r).equals(stem(n)) && TableSheet.isTable(r) && TableSheet.isTable(n)).findFirst().orElse(null);
            if (twin == null) continue;
            files.add(compare(n, "replaced", twin, a.get(twin), b.get(n)));
            added.remove(n);
            removed.remove(twin);
            replaced++;
        }
        for (String n : added) files.add(compare(n, "added", null, new byte[0], b.get(n)));
        for (String n : removed) files.add(compare(n, "removed", null, a.get(n), new byte[0]));
        files.sort(java.util.Comparator.comparing(FileDiff::name));
        int changed = (int) files.stream().filter(f -> f.change().equals("changed")).count();
        return new Result(from, to, new Summary(added.size(), removed.size(), changed, replaced, unchanged), files);
    }

    private static FileDiff compare(String name, String change, String replaces, byte[] before, byte[] after) {
        List<Hunk> hunks = name.endsWith(".xlsx") || (replaces != null && replaces.endsWith(".xlsx")) ? List.of() : lines(before, after);
        List<Cell> cells = new ArrayList<>();
        List<TableRow> rowsAdded = new ArrayList<>();
        List<TableRow> rowsRemoved = new ArrayList<>();
        if (TableSheet.isTable(name) && change.matches("changed|replaced")) {
            try {
                cells(TableSheet.read(replaces == null ? name : replaces, before), TableSheet.read(name, after), cells, rowsAdded, rowsRemoved);
            } catch (RuntimeException unreadable) {
                // a table that cannot be read as one is still compared line by line
            }
        }
        return new FileDiff(name, change, replaces, hunks, cells, rowsAdded, rowsRemoved);
    }

    private static List<Hunk> lines(byte[] before, byte[] after) {
        List<String> a = split(before);
        List<String> b = split(after);
        List<Hunk> out = new ArrayList<>();
        for (AbstractDelta<String> d : DiffUtils.diff(a, b).getDeltas()) {
            out.add(new Hunk(d.getSource().getPosition() + 1, d.getTarget().getPosition() + 1, d.getSource().getLines(), d.getTarget().getLines()));
        }
        return out;
    }

    private static List<String> split(byte[] content) {
        if (content.length == 0) return List.of();
        String text = new String(content, StandardCharsets.UTF_8);
        if (text.endsWith("\n")) text = text.substring(0, text.length() - 1);
        return Arrays.asList(text.split("\r?\n", -1));
    }

    /** Rows matched by their first cell (the rule's name, a catalogue id); cells matched by heading. */
    private static void cells(TableSheet a, TableSheet b, List<Cell> cells, List<TableRow> rowsAdded, List<TableRow> rowsRemoved) {
        Map<String, TableSheet.Row> was = keyed(a);
        Map<String, TableSheet.Row> is = keyed(b);
        List<String> headingsA = a.headings();
        List<String> headingsB = b.headings();
        for (Map.Entry<String, TableSheet.Row> e : is.entrySet()) {
            TableSheet.Row old = was.get(e.getKey());
            if (old == null) {
                rowsAdded.add(new TableRow(e.getKey(), e.getValue().line(), named(headingsB, e.getValue())));
                continue;
            }
            TreeSet<String> columns = new TreeSet<>();
            for (int i = 0; i < Math.max(headingsA.size(), headingsB.size()); i++) {
                String heading = i < headingsB.size() ? headingsB.get(i) : headingsA.get(i);
                if (!columns.add(heading == null ? "" : heading)) continue;
                int ia = headingsA.indexOf(heading);
                String before = ia < 0 ? "" : old.cell(ia);
                String after = i < headingsB.size() ? e.getValue().cell(i) : "";
                if (!before.strip().equals(after.strip())) cells.add(new Cell(e.getKey(), e.getValue().line(), heading, before, after));
            }
        }
        for (Map.Entry<String, TableSheet.Row> e : was.entrySet()) {
            if (!is.containsKey(e.getKey())) rowsRemoved.add(new TableRow(e.getKey(), e.getValue().line(), named(headingsA, e.getValue())));
        }
    }

    private static Map<String, TableSheet.Row> keyed(TableSheet t) {
        Map<String, TableSheet.Row> out = new LinkedHashMap<>();
        for (TableSheet.Row r : t.data()) {
            String key = r.cell(0).strip();
            if (key.isEmpty()) key = "line " + r.line();
            out.putIfAbsent(key, r);
        }
        return out;
    }

    private static Map<String, String> named(List<String> headings, TableSheet.Row r) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < r.cells().size(); i++) {
            String v = r.cell(i);
            if (!v.isBlank()) out.put(i < headings.size() && !headings.get(i).isBlank() ? headings.get(i) : "column " + (i + 1), v);
        }
        return out;
    }

    private static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }
}
