package winterroom.changes;

import winterroom.engine.EvaluationResult;
import winterroom.engine.EvaluationResult.Breach;
import winterroom.engine.EvaluationResult.OrganisationLevel;
import winterroom.engine.EvaluationResult.RecommendedAction;
import winterroom.engine.EvaluationResult.Trigger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * ruleset): the conclusions a policy owner cares about, compared by their codes, organisations and
 * values, never by their wording. A change only in reason or detail text (a threshold quoted in a
 * reason) is counted, and reported as one "wording" line at the end.
 */
public final class ResultDiff {
    private ResultDiff() {}

    public static List<Difference> between(EvaluationResult before, EvaluationResult after) {
        List<Difference> out = new ArrayList<>();
        int[] wording = {0};
        keyed(out, wording, "trigger", before.exceptionReport().triggers(), after.exceptionReport().triggers(),
                t -> t.code() + "\u0000" + nullToEmpty(t.org()), Trigger::detail);
        if (before.exceptionReport().required() != after.exceptionReport().required()) {
            out.add(new Difference(null, "exceptionReport", "changed", "required", null,
                    String.valueOf(before.exceptionReport().required()), String.valueOf(after.exceptionReport().required()),
                    after.exceptionReport().required() ? "an exception report is now required" : "an exception report is no longer required"));
        }
        keyed(out, wording, "breach", before.principleBreaches(), after.principleBreaches(),
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
            if (a == null) {
                out.add(new Difference(null, "recommendation", "added", action, String.join(",", b.orgs()), null, String.join("; ", b.reasons()),
                        action + " is now recommended" + forOrgs(b.orgs())));
            } else if (b == null) {
                out.add(new Difference(null, "recommendation", "removed", action, String.join(",", a.orgs()), String.join("; ", a.reasons()), null,
                        action + " is no longer recommended" + forOrgs(a.orgs())));
            } else if (!a.orgs().equals(b.orgs()) || a.priority() != b.priority()) {
                String says = !a.orgs().equals(b.orgs())
                        ? action + " is now recommended for " + orgList(b.orgs()) + " (was " + orgList(a.orgs()) + ")"
                        : action + " priority " + a.priority() + " → " + b.priority();
                out.add(new Difference(null, "recommendation", "changed", action, String.join(",", b.orgs()),
                        String.join(",", a.orgs()) + " priority " + a.priority(), String.join(",", b.orgs()) + " priority " + b.priority(), says));
            } else if (!a.reasons().equals(b.reasons())) {
                wording[0]++;
            }
        }
        for (String kind : union(before.findings().keySet(), after.findings().keySet())) {
            List<Map<String, Object>> a = before.findings().getOrDefault(kind, List.of());
            List<Map<String, Object>> b = after.findings().getOrDefault(kind, List.of());
            List<Map<String, Object>> aValues = a.stream().map(ResultDiff::values).toList();
            List<Map<String, Object>> bValues = b.stream().map(ResultDiff::values).toList();
            for (int i = 0; i < b.size(); i++) {
                if (!aValues.contains(bValues.get(i))) out.add(new Difference(null, "finding", "added", kind, org(b.get(i)), null, b.get(i).toString(),
                        "new " + kind + " finding" + at(org(b.get(i))) + ": " + bValues.get(i)));
            }
            for (int i = 0; i < a.size(); i++) {
                if (!bValues.contains(aValues.get(i))) out.add(new Difference(null, "finding", "removed", kind, org(a.get(i)), a.get(i).toString(), null,
                        kind + " finding" + at(org(a.get(i))) + " no longer found: " + aValues.get(i)));
            }
            if (aValues.equals(bValues) && !a.equals(b)) wording[0]++;
        }
        if (wording[0] > 0) {
            out.add(new Difference(null, "wording", "changed", null, null, null, String.valueOf(wording[0]),
                    "wording changed in " + wording[0] + " reason(s) or detail(s), nothing else"));
        }
        return out;
    }

    /** Items matched by code and organisation; details that differ only in their text count as wording. */
    private static <T> void keyed(List<Difference> out, int[] wording, String kind, List<T> before, List<T> after,
                                  Function<T, String> key, Function<T, String> detail) {
        Map<String, Set<String>> a = group(before, key, detail);
        Map<String, Set<String>> b = group(after, key, detail);
        for (String k : union(a.keySet(), b.keySet())) {
            String code = k.substring(0, k.indexOf('\u0000'));
            String org = k.substring(k.indexOf('\u0000') + 1);
            Set<String> was = a.get(k);
            Set<String> is = b.get(k);
            String orgOrNull = org.isEmpty() ? null : org;
            String what = code + at(orgOrNull);
            if (was == null) {
                out.add(new Difference(null, kind, "added", code, orgOrNull, null, String.join("; ", is),
                        kind.equals("breach") ? what + " is now breached" : what + " now holds"));
            } else if (is == null) {
                out.add(new Difference(null, kind, "removed", code, orgOrNull, String.join("; ", was), null,
                        kind.equals("breach") ? what + " is no longer breached" : what + " no longer holds"));
            } else if (!was.equals(is)) {
                wording[0]++;
            }
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
        String which = code.equals("OPEL") ? "OPEL" : "derived OPEL";
        String says = (org.equals("system") ? "system " + which : which + " at " + org) + " "
                + (before == null ? "none" : before) + " → " + (after == null ? "none" : after);
        out.add(new Difference(null, "opel", change, code, org, before == null ? null : before.toString(), after == null ? null : after.toString(), says));
    }

    /** A finding's codes and values: the fields that are not sentences. */
    private static Map<String, Object> values(Map<String, Object> finding) {
        Map<String, Object> out = new LinkedHashMap<>();
        finding.forEach((k, v) -> {
            if (!(v instanceof String s) || !s.contains(" ")) out.put(k, v);
        });
        return out;
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

    private static String at(String org) { return org == null || org.isEmpty() ? "" : " at " + org; }

    private static String forOrgs(List<String> orgs) { return orgs.isEmpty() ? "" : " for " + orgList(orgs); }

    private static String orgList(List<String> orgs) { return orgs.isEmpty() ? "no organisation" : String.join(", ", orgs); }

    private static String nullToEmpty(String s) { return s == null ? "" : s; }
}
