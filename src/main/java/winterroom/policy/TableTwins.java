package winterroom.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A decision table saved twice under tables/, once per format (a spreadsheet's own "Save As" beside
 * the CSV it was opened from): both would define the same rules, which Drools reports as one
 * "Duplicate rule name" per rule. Found before compiling, it is one clear error naming both files.
 */
final class TableTwins {
    private TableTwins() {}

    static List<CompileProblem> find(Map<String, byte[]> files) {
        Map<String, List<String>> byStem = new TreeMap<>();
        for (String name : files.keySet()) {
            if (!name.startsWith("tables/") || !(name.endsWith(".csv") || name.endsWith(".xlsx"))) continue;
            byStem.computeIfAbsent(name.substring(0, name.lastIndexOf('.')), k -> new ArrayList<>()).add(name);
        }
        List<CompileProblem> out = new ArrayList<>();
        for (List<String> twins : byStem.values()) {
            if (twins.size() < 2) continue;
            String csv = twins.stream().filter(n -> n.endsWith(".csv")).findFirst().orElse(twins.get(0));
            String sheet = twins.stream().filter(n -> !n.equals(csv)).findFirst().orElseThrow();
            out.add(new CompileProblem(sheet, null, null, sheet + " and " + csv + " are the same decision table in two formats, so every rule "
                    + "in it would be defined twice: keep one. To replace " + csv + " by " + sheet + ", delete " + csv + " in the same change."));
        }
        return out;
    }
}
