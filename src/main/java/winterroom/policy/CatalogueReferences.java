package winterroom.policy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds metric and action ids written into rules that the catalogues do not define: a rule that
 * compares {@code metric == "ae_4hr_pct"} compiles but can never fire, and a
 * {@code new Recommendation("MA99", ...)} names an action nobody can look up. Both are warnings
 * with the place they were written.
 */
final class CatalogueReferences {
    private static final Pattern METRIC_EQUALS = Pattern.compile("\\bmetric\\s*==\\s*\"([^\"]*)\"");
    private static final Pattern METRIC_IN = Pattern.compile("\\bmetric\\s+(?:not\\s+)?in\\s*\\(([^)]*)\\)");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");
    private static final Pattern RECOMMENDATION = Pattern.compile("\\bnew\\s+Recommendation\\s*\\(\\s*\"([^\"]*)\"");
    private static final Pattern ACTION_ID = Pattern.compile("\\bactionId\\s*==\\s*\"([^\"]*)\"");

    private CatalogueReferences() {}

    /** tables: the DRL each decision table was turned into, by file name. */
    static List<CompileProblem> check(Map<String, byte[]> files, Map<String, String> tables, Catalogues catalogues) {
        List<CompileProblem> warnings = new ArrayList<>();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            String name = f.getKey();
            if (name.endsWith(".drl")) {
                String drl = new String(f.getValue(), StandardCharsets.UTF_8);
                for (Reference r : references(withoutComments(drl))) warnings.addAll(problem(name, drl, r, catalogues, true));
            } else if (tables.containsKey(name)) {
                // Positions in generated DRL mean nothing to the owner: point at the cell in a CSV instead.
                String raw = name.endsWith(".csv") ? new String(f.getValue(), StandardCharsets.UTF_8) : null;
                for (Reference r : references(tables.get(name))) {
                    Reference located = raw == null ? new Reference(r.kind(), r.id(), -1) : new Reference(r.kind(), r.id(), raw.indexOf(r.id()));
                    warnings.addAll(problem(name, raw, located, catalogues, raw != null));
                }
            }
        }
        return warnings;
    }

    /** A metric or action id written in a rule, and where (offset into the text, or -1). */
    record Reference(String kind, String id, int offset) {}

    static List<Reference> references(String text) {
        List<Reference> out = new ArrayList<>();
        Matcher m = METRIC_EQUALS.matcher(text);
        while (m.find()) out.add(new Reference("metric", m.group(1), m.start(1)));
        m = METRIC_IN.matcher(text);
        while (m.find()) {
            Matcher q = QUOTED.matcher(m.group(1));
            while (q.find()) out.add(new Reference("metric", q.group(1), m.start(1) + q.start(1)));
        }
        for (Pattern p : List.of(RECOMMENDATION, ACTION_ID)) {
            m = p.matcher(text);
            while (m.find()) out.add(new Reference("action", m.group(1), m.start(1)));
        }
        out.sort(java.util.Comparator.comparingInt(Reference::offset));
        return out;
    }

    private static List<CompileProblem> problem(String file, String text, Reference r, Catalogues catalogues, boolean located) {
        Set<String> known = r.kind().equals("metric") ? catalogues.metrics().keySet() : catalogues.actions().keySet();
        if (known.contains(r.id())) return List.of();
        Integer line = null;
        Integer column = null;
        if (located && text != null && r.offset() >= 0) {
            line = 1;
            int lineStart = 0;
            for (int i = 0; i < r.offset(); i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            column = r.offset() - lineStart + 1;
        }
        String catalogue = r.kind().equals("metric") ? Catalogues.METRICS : Catalogues.ACTIONS;
        String consequence = r.kind().equals("metric") ? "no situation can carry it, so the condition never holds"
                : "the recommendation has no catalogue entry to say what it is or who provides it";
        return List.of(new CompileProblem(file, line, column,
                r.kind() + " id '" + r.id() + "' is not in " + catalogue + ": " + consequence));
    }

    /** The text with // and block comments blanked out (strings kept), so positions stay where they were. */
    static String withoutComments(String drl) {
        char[] c = drl.toCharArray();
        boolean inString = false;
        for (int i = 0; i < c.length; i++) {
            if (inString) {
                if (c[i] == '\\') i++;
                else if (c[i] == '"') inString = false;
            } else if (c[i] == '"') {
                inString = true;
            } else if (c[i] == '/' && i + 1 < c.length && c[i + 1] == '/') {
                while (i < c.length && c[i] != '\n') c[i++] = ' ';
            } else if (c[i] == '/' && i + 1 < c.length && c[i + 1] == '*') {
                while (i < c.length && !(c[i] == '*' && i + 1 < c.length && c[i + 1] == '/')) {
                    if (c[i] != '\n') c[i] = ' ';
                    i++;
                }
                if (i < c.length) c[i] = ' ';
                if (i + 1 < c.length) c[++i] = ' ';
            }
        }
        return new String(c);
    }
}
