package winterroom.changes;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import winterroom.engine.EvaluationResult;
import winterroom.policy.Ruleset;
import winterroom.service.BatchItem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * A body of situations (last winter's trust-days, say) run under the active ruleset and under a
 * change's candidate, at batch speed: how many situations each trigger, breach and recommendation
 * holds in under each, and the situations whose codes differ.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Impact(String change, String activeVersion, String candidateVersion, int situations, int invalid,
                     Counts active, Counts candidate, int changed, List<Item> items, Integer itemsLeftOff, long millis) {

    /** Situations in which each code holds (a code counts once per situation). */
    public record Counts(Map<String, Integer> triggers, Map<String, Integer> breaches, Map<String, Integer> recommendations) {}

    /** A situation whose codes differ: what the candidate adds and removes, by kind. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Item(int index, String label, Map<String, List<String>> added, Map<String, List<String>> removed, String error) {}

    /** Items listed at most; the rest are counted in changed and itemsLeftOff. */
    static final int MAX_ITEMS = 2000;

    /**
     * One situation's answer under one ruleset, as the comparison needs it: its codes by kind, or why it could
     * not be evaluated. A worker sends these for the candidate's side, so its answer stays small.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Side(String error, List<String> triggers, List<String> breaches, List<String> recommendations) {
        public static Side of(BatchItem item) {
            if (!item.ok()) return new Side(item.error() == null ? "not evaluated" : item.error(), null, null, null);
            EvaluationResult r = item.result();
            return new Side(null, List.copyOf(new TreeSet<>(r.triggerCodes())), List.copyOf(new TreeSet<>(r.breachCodes())),
                    List.copyOf(new TreeSet<>(r.recommendationCodes())));
        }

        boolean ok() { return error == null; }

        Map<String, TreeSet<String>> codes() {
            Map<String, TreeSet<String>> out = new LinkedHashMap<>();
            out.put("triggers", new TreeSet<>(triggers == null ? List.of() : triggers));
            out.put("breaches", new TreeSet<>(breaches == null ? List.of() : breaches));
            out.put("recommendations", new TreeSet<>(recommendations == null ? List.of() : recommendations));
            return out;
        }
    }

    /**
     * @param evaluate evaluates a list of situations on a ruleset (the batch evaluator, without audit trails)
     * @param labels   what to call each situation in items ("RR8 2019-01-14"), same order as situations
     */
    public static Impact of(String change, Ruleset active, Ruleset candidate, List<JsonNode> situations, List<String> labels,
                            BiFunction<Ruleset, List<JsonNode>, List<BatchItem>> evaluate) {
        long start = System.nanoTime();
        List<Side> before = evaluate.apply(active, situations).stream().map(Side::of).toList();
        List<Side> after = evaluate.apply(candidate, situations).stream().map(Side::of).toList();
        return compare(change, active.version(), candidate.version(), before, after, labels, (System.nanoTime() - start) / 1_000_000);
    }

    /** The two sides of the same situations (same order as labels) compared: counts under each, and the items that differ. */
    public static Impact compare(String change, String activeVersion, String candidateVersion, List<Side> before, List<Side> after,
                                 List<String> labels, long millis) {
        if (before.size() != after.size() || before.size() != labels.size()) {
            throw new IllegalArgumentException("the two sides of an impact run differ in length: " + before.size() + " and " + after.size());
        }
        Tally a = new Tally();
        Tally b = new Tally();
        List<Item> items = new ArrayList<>();
        int changed = 0;
        int invalid = 0;
        for (int i = 0; i < before.size(); i++) {
            Side x = before.get(i);
            Side y = after.get(i);
            if (!x.ok() && !y.ok()) { invalid++; continue; }
            Map<String, TreeSet<String>> cx = x.ok() ? x.codes() : Map.of();
            Map<String, TreeSet<String>> cy = y.ok() ? y.codes() : Map.of();
            if (x.ok()) a.add(cx);
            if (y.ok()) b.add(cy);
            Map<String, List<String>> added = new LinkedHashMap<>();
            Map<String, List<String>> removed = new LinkedHashMap<>();
            for (String kind : List.of("triggers", "breaches", "recommendations")) {
                TreeSet<String> was = cx.getOrDefault(kind, new TreeSet<>());
                TreeSet<String> is = cy.getOrDefault(kind, new TreeSet<>());
                List<String> plus = is.stream().filter(c -> !was.contains(c)).toList();
                List<String> minus = was.stream().filter(c -> !is.contains(c)).toList();
                if (!plus.isEmpty()) added.put(kind, plus);
                if (!minus.isEmpty()) removed.put(kind, minus);
            }
            String error = x.ok() == y.ok() ? null : (x.ok() ? "cannot be evaluated under the candidate: " + y.error()
                    : "cannot be evaluated under the active ruleset: " + x.error());
            if (!added.isEmpty() || !removed.isEmpty() || error != null) {
                changed++;
                if (items.size() < MAX_ITEMS) items.add(new Item(i, labels.get(i), added, removed, error));
            }
        }
        return new Impact(change, activeVersion, candidateVersion, before.size(), invalid, a.counts(), b.counts(), changed,
                items, changed > items.size() ? changed - items.size() : null, millis);
    }

    private static final class Tally {
        final Map<String, Map<String, Integer>> byKind = new LinkedHashMap<>();

        void add(Map<String, TreeSet<String>> codes) {
            codes.forEach((kind, set) -> {
                Map<String, Integer> m = byKind.computeIfAbsent(kind, k -> new TreeMap<>());
                set.forEach(c -> m.merge(c, 1, Integer::sum));
            });
        }

        Counts counts() {
            return new Counts(byKind.getOrDefault("triggers", new TreeMap<>()), byKind.getOrDefault("breaches", new TreeMap<>()),
                    byKind.getOrDefault("recommendations", new TreeMap<>()));
        }
    }
}
