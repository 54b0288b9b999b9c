package winterroom.policy;

import java.util.Map;

/** Which edits to a rules folder are rule code (a rule author's) and which are policy (a policy owner's). */
public final class RuleCode {
    private RuleCode() {}

    /**
     * Whether going from one set of files to another adds, changes or removes rule code: a .drl file, or a
     * decision table's code (its RuleSet, Import, keyword, object-type, template and label rows; a table added
     * or removed). Such a change needs a rule author; one to a table's data cells, a catalogue, a calendar or
     * policy values needs a policy owner. A table saved as a spreadsheet in place of its CSV (or back) with the
     * same code is not a code change.
     */
    public static boolean changes(Map<String, byte[]> from, Map<String, byte[]> to) {
        java.util.Set<String> names = new java.util.TreeSet<>(from.keySet());
        names.addAll(to.keySet());
        for (String n : names) {
            byte[] a = from.get(n);
            byte[] b = to.get(n);
            if (java.util.Arrays.equals(a, b)) continue;
            if (n.toLowerCase(java.util.Locale.ROOT).endsWith(".drl")) return true;
            if (isTable(n) && !java.util.Objects.equals(tableCode(n, from, to), tableCode(n, to, from))) return true;
        }
        return false;
    }

    private static boolean isTable(String n) { return n.startsWith("tables/") && (n.endsWith(".csv") || n.endsWith(".xlsx")); }

    private static String twinName(String n) {
        return n.endsWith(".csv") ? n.substring(0, n.length() - 4) + ".xlsx" : n.substring(0, n.length() - 5) + ".csv";
    }

    /** The code of table n in files, or of its other-format twin there when that is what n replaced or was replaced by. */
    private static String tableCode(String n, Map<String, byte[]> files, Map<String, byte[]> other) {
        if (files.containsKey(n)) return TableCells.code(n, files.get(n));
        String t = twinName(n);
        if (files.containsKey(t) && !other.containsKey(t)) return TableCells.code(t, files.get(t));
        return null;
    }
}
