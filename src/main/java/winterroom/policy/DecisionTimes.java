package winterroom.policy;

import winterroom.facts.CatalogueAction;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The time each recommendation allows for its decision (principle P16 asks that escalation is met
 * with decisions and actions in good time, 000:L7216). The plan
 * gives no timescales, so catalogue/decision-times.csv is a policy owner's table: a row per action
 * id or per category, and a "*" row for everything else. An action's own row wins over its
 * category's.
 */
public final class DecisionTimes {
    public static final String ANY = "*";

    public record Window(String appliesTo, double hours, String basis) {
        public Instant decideBy(Instant from) {
            return from.plus(Duration.ofSeconds(Math.round(hours * 3600)));
        }
    }

    private final Map<String, Window> byKey;

    private DecisionTimes(Map<String, Window> byKey) { this.byKey = Collections.unmodifiableMap(byKey); }

    public static DecisionTimes none() { return new DecisionTimes(Map.of()); }

    public Map<String, Window> windows() { return byKey; }

    /** The window for an action: its own row, else its category's, else the "*" row; null when none applies. */
    public Window windowFor(String actionId, String category) {
        Window w = byKey.get(actionId);
        if (w == null && category != null) w = byKey.get(category);
        return w == null ? byKey.get(ANY) : w;
    }

    static DecisionTimes parse(List<Catalogues.Row> rows, Map<String, CatalogueAction> actions, List<CompileProblem> errors) {
        Set<String> categories = new TreeSet<>();
        actions.values().forEach(a -> categories.add(a.category()));
        Map<String, Window> byKey = new LinkedHashMap<>();
        for (Catalogues.Row r : rows) {
            String key = r.get("appliesTo");
            if (!key.equals(ANY) && !actions.containsKey(key) && !categories.contains(key)) {
                errors.add(r.problem("decision time for '" + key + "': not an action id, a category of catalogue/actions.csv, or *"));
                continue;
            }
            double hours;
            try {
                hours = Double.parseDouble(r.get("hours"));
            } catch (NumberFormatException e) {
                errors.add(r.problem("decision time for '" + key + "': hours must be a number"));
                continue;
            }
            if (!(hours > 0) || hours > 24 * 366) {
                errors.add(r.problem("decision time for '" + key + "': hours must be above 0 and at most a year"));
                continue;
            }
            if (byKey.put(key, new Window(key, hours, r.get("basis"))) != null) {
                errors.add(r.problem("decision time for '" + key + "' is given twice"));
            }
        }
        return new DecisionTimes(byKey);
    }
}
