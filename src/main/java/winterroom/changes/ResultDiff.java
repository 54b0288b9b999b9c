package winterroom.changes;

import winterroom.engine.EvaluationResult;
import winterroom.engine.EvaluationResult.Breach;
import winterroom.engine.EvaluationResult.OrganisationLevel;
import winterroom.engine.EvaluationResult.RecommendedAction;
import winterroom.engine.EvaluationResult.Trigger;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What changed between two evaluations of one situation (say under the active and a candidate
 * ruleset): the conclusions a policy owner cares about, not the audit trail or timestamps.
 */
public final class ResultDiff {
    private ResultDiff() {}

    public static List<Difference> between(EvaluationResult before, EvaluationResult after) {
        List<Difference> out = new ArrayList<>();
        keyed(out, "trigger", before.exceptionReport().triggers(), after.exceptionReport().triggers(),
                t -> t.code() + "\u0000" + nullToEmpty(t.org()), Trigger::detail);
        if (before.exceptionReport().required() != after.exceptionReport().required()) {
            out.add(new Difference(null, "exceptionReport", "changed", "required", null,
                    String.valueOf(before.exceptionReport().required()), String.valueOf(after.exceptionReport().required())));
        }
        keyed(out, "breach", before.principleBreaches(), after.principleBreaches(),
                b -> b.code() + "\u0000" + nullToEmpty(b.org()), Breach::detail);
        level(out, "OPEL", "system", before.opel().system(), after.opel().system());
        Map<String, OrganisationLevel> was = new TreeMap<>();
        before.opel().organisations().forEach(o -> was.put(o.org(), o));
        Map<String, OrganisationLevel> is = new TreeMap<>();
        after.opel().organisations().forEach(o -> is.put(o.org(), o));
        for (String org : union(was.keySet(), is.keySet())) {
            OrganisationLevel a = was.get(org);
            OrganisationLevel b = is.get(org);
            level(out, "OPEL", org, a == null ? null : a.level(), b == null ? null : b.level());
            level(out, "OPEL-derived", org, a == null ? null : a.derived(), b == null ? null : b.derived());
        }
        Map<String, RecommendedAction> recBefore = new TreeMap<>();
        before.recommendations().forEach(r -> recBefore.put(r.action(), r));
        Map<String, RecommendedAction> recAfter = new TreeMap<>();
        after.recommendations().forEach(r -> recAfter.put(r.action(), r));
        for (String action : union(recBefore.keySet(), recAfter.keySet())) {
            RecommendedAction a = recBefore.get(action);
            RecommendedAction b = recAfter.get(action);
            if (a == null) out.add(new Difference(null, "recommendation", "added", action, String.join(",", b.orgs()), null, String.join("; ", b.reasons())));
            else if (b == null) out.add(new Difference(null, "recommendation", "removed", action, String.join(",", a.orgs()), String.join("; ", a.reasons()), null));
            else if (!a.orgs().equals(b.orgs()) || !a.reasons().equals(b.reasons()) || a.priority() != b.priority()) {
                out.add(new Difference(null, "recommendation", "changed", action, String.join(",", b.orgs()),
                        String.join("; ", a.reasons()), String.join("; ", b.reasons())));
            }
        }
        for (String kind : union(before.findings().keySet(), after.findings().keySet())) {
            List<Map<String, Object>> a = before.findings().getOrDefault(kind, List.of());
            List<Map<String, Object>> b = after.findings().getOrDefault(kind, List.of());
            for (Map<String, Object> f : b) if (!a.contains(f)) out.add(new Difference(null, "finding", "added", kind, org(f), null, f.toString()));
            for (Map<String, Object> f : a) if (!b.contains(f)) out.add(new Difference(null, "finding", "removed", kind, org(f), f.toString(), null));
        }
        return out;
    }

    /** Items matched by code and organisation; an item whose details differ is "changed". */
    private static <T> void keyed(List<Difference> out, String kind, List<T> before, List<T> after,
                                  Function<T, String> key, Function<T, String> detail) {
        Map<String, Set<String>> a = group(before, key, detail);
        Map<String, Set<String>> b = group(after, key, detail);
        for (String k : union(a.keySet(), b.keySet())) {
            String code = k.substring(0, k.indexOf('\u0000'));
            String org = k.substring(k.indexOf('\u0000') + 1);
            Set<String> was = a.get(k);
            Set<String> is = b.get(k);
            String orgOrNull = org.isEmpty() ? null : org;
            if (was == null) out.add(new Difference(null, kind, "added", code, orgOrNull, null, String.join("; ", is)));
            else if (is == null) out.add(new Difference(null, kind, "removed", code, orgOrNull, String.join("; ", was), null));
            else if (!was.equals(is)) out.add(new Difference(null, kind, "changed", code, orgOrNull, String.join("; ", was), String.join("; ", is)));
        }
    }

    private static <T> Map<String, Set<String>> group(List<T> items, Function<T, String> key, Function<T, String> detail) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (T t : items) out.computeIfAbsent(key.apply(t), k -> new TreeSet<>()).add(nullToEmpty(detail.apply(t)));
        return out;
    }

    private static void level(List<Difference> out, String code, String org, Integer before, Integer after) {
        if (Objects.equals(before, after)) return;
        String change = before == null ? "added" : after == null ? "removed" : "changed";
        out.add(new Difference(null, "opel", change, code, org, before == null ? null : before.toString(), after == null ? null : after.toString()));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.addAll(b);
        return new LinkedHashSet<>(out);
    }

    private static String org(Map<String, Object> finding) {
        Object o = finding.get("org");
        return o == null ? null : o.toString();
    }

    private static String nullToEmpty(String s) { return s == null ? "" : s; }
}
