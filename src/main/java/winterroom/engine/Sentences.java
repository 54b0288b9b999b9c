package winterroom.engine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Merges the reasons several rules gave for one action into one sentence that still names every fact:
 * "mutual aid for LTHT (LTHT is at OPEL 3)" and "mutual aid for LTHT (T3 holds for LTHT: 7 handovers ...)"
 * become "Mutual aid for LTHT: LTHT is at OPEL 3 and 7 handovers ... (T3)."
 */
final class Sentences {
    /** "T3 holds for LTHT: 7 ambulance handovers ..." : a trigger code and the facts behind it. */
    private static final Pattern HOLDS = Pattern.compile("^([A-Z][A-Z0-9-]*) holds for [^:]+: (.+)$");

    private Sentences() {}

    static String merge(List<String> reasons) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(reasons));
        if (distinct.isEmpty()) return null;
        if (distinct.size() == 1) return sentence(unwrap(distinct.get(0)));
        String prefix = sharedOpening(distinct);
        if (prefix != null) {
            List<String> inner = new ArrayList<>();
            for (String r : distinct) inner.add(unwrap(r.substring(prefix.length(), r.length() - 1)));
            return sentence(prefix.substring(0, prefix.length() - 2).trim() + ": " + joined(inner));
        }
        return sentence(joined(distinct));
    }

    /** The opening "text (" every reason shares when each reads "text (detail)"; null when they do not. */
    private static String sharedOpening(List<String> reasons) {
        String first = reasons.get(0);
        int open = first.indexOf(" (");
        if (open < 0) return null;
        String prefix = first.substring(0, open + 2);
        for (String r : reasons) if (!r.startsWith(prefix) || !r.endsWith(")")) return null;
        return prefix;
    }

    private static String unwrap(String detail) {
        Matcher m = HOLDS.matcher(detail);
        return m.matches() ? m.group(2) + " (" + m.group(1) + ")" : detail;
    }

    /** "a and b"; "a, b and c", or "a; b; and c" when the parts hold commas of their own. */
    static String joined(List<String> parts) {
        if (parts.size() == 1) return parts.get(0);
        if (parts.size() == 2) return parts.get(0) + " and " + parts.get(1);
        boolean commas = parts.stream().anyMatch(p -> p.contains(","));
        String separator = commas ? "; " : ", ";
        return String.join(separator, parts.subList(0, parts.size() - 1)) + (commas ? "; and " : " and ") + parts.get(parts.size() - 1);
    }

    private static String sentence(String text) {
        String t = text.trim();
        if (t.isEmpty()) return t;
        t = Character.toUpperCase(t.charAt(0)) + t.substring(1);
        return t.endsWith(".") ? t : t + ".";
    }
}
