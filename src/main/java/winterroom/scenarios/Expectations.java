package winterroom.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import winterroom.engine.AuditEntry;
import winterroom.engine.EvaluationResult;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks an evaluation result against the "expect" block of a scenario or exercise step, the
 * shared language between policy owners and the service. Each broken expectation is returned as
 * a sentence; an unknown key is itself reported, so a typo cannot make a check silently pass.
 *
 * <pre>
 * "expect": {
 *   "triggers": ["T3"], "notTriggers": ["T1"],            trigger codes that must / must not hold
 *   "breaches": ["P7"], "notBreaches": ["P2"],            principle codes breached / not breached
 *   "recommendations": ["MA1"], "notRecommendations": [], catalogue action ids
 *   "rules": ["T3"], "notRules": ["T1"],                  rule codes that must / must not fire
 *   "opel": {"system": 3, "LTHT": 4, "CCG": null},        levels (null: no level)
 *   "derivedOpel": {"LTHT": 2},                           levels the thresholds imply
 *   "exceptionReportRequired": true,
 *   "skippedChecks": ["T1"],                              checks skipped for lack of data
 *   "submitter": "CCG on-call manager",
 *   "findings": {"discharge": 2}                          number of findings of each kind
 * }
 * </pre>
 */
public final class Expectations {
    private Expectations() {}

    public static List<String> check(JsonNode expect, EvaluationResult r) {
        List<String> broken = new ArrayList<>();
        if (expect == null || expect.isNull()) return broken;
        Set<String> triggers = new TreeSet<>(r.triggerCodes());
        Set<String> breaches = new TreeSet<>(r.breachCodes());
        Set<String> recommendations = new TreeSet<>(r.recommendationCodes());
        Set<String> fired = firedRuleCodes(r.audit());
        Set<String> skipped = new TreeSet<>();
        r.exceptionReport().skippedChecks().forEach(s -> skipped.add(s.code()));

        for (Iterator<Map.Entry<String, JsonNode>> it = expect.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            switch (e.getKey()) {
                case "triggers" -> present("trigger", v, triggers, broken);
                case "notTriggers" -> absent("trigger", v, triggers, broken);
                case "breaches" -> present("breach", v, breaches, broken);
                case "notBreaches" -> absent("breach", v, breaches, broken);
                case "recommendations" -> present("recommendation", v, recommendations, broken);
                case "notRecommendations" -> absent("recommendation", v, recommendations, broken);
                case "rules" -> present("rule firing", v, fired, broken);
                case "notRules" -> absent("rule firing", v, fired, broken);
                case "skippedChecks" -> present("skipped check", v, skipped, broken);
                case "exceptionReportRequired" -> {
                    if (v.asBoolean() != r.exceptionReport().required()) {
                        broken.add("expected exceptionReport.required " + v.asBoolean() + " but was " + r.exceptionReport().required());
                    }
                }
                case "submitter" -> {
                    if (!Objects.equals(v.asText(), r.exceptionReport().submitter())) {
                        broken.add("expected submitter '" + v.asText() + "' but was '" + r.exceptionReport().submitter() + "'");
                    }
                }
                case "opel" -> levels(v, r, false, broken);
                case "derivedOpel" -> levels(v, r, true, broken);
                case "findings" -> {
                    for (Iterator<Map.Entry<String, JsonNode>> f = v.fields(); f.hasNext(); ) {
                        Map.Entry<String, JsonNode> kind = f.next();
                        int actual = r.findings().getOrDefault(kind.getKey(), List.of()).size();
                        if (actual != kind.getValue().asInt()) {
                            broken.add("expected " + kind.getValue().asInt() + " " + kind.getKey() + " finding(s) but found " + actual);
                        }
                    }
                }
                default -> broken.add("unknown expectation '" + e.getKey() + "'");
            }
        }
        return broken;
    }

    /** The codes of every rule that fired, from the audit trail. */
    public static Set<String> firedRuleCodes(List<AuditEntry> audit) {
        Set<String> codes = new LinkedHashSet<>();
        for (AuditEntry a : audit) if (a.code() != null) codes.add(a.code());
        return codes;
    }

    private static void present(String what, JsonNode wanted, Set<String> actual, List<String> broken) {
        for (JsonNode w : wanted) {
            if (!actual.contains(w.asText())) broken.add("expected " + what + " " + w.asText() + " but it is missing");
        }
    }

    private static void absent(String what, JsonNode unwanted, Set<String> actual, List<String> broken) {
        for (JsonNode w : unwanted) {
            if (actual.contains(w.asText())) broken.add("expected no " + what + " " + w.asText() + " but it is present");
        }
    }

    private static void levels(JsonNode wanted, EvaluationResult r, boolean derived, List<String> broken) {
        for (Iterator<Map.Entry<String, JsonNode>> it = wanted.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> w = it.next();
            Integer expected = w.getValue().isNull() ? null : w.getValue().asInt();
            Integer actual;
            if (w.getKey().equals("system") && !derived) {
                actual = r.opel().system();
            } else {
                var org = r.opel().organisations().stream().filter(o -> o.org().equals(w.getKey())).findFirst();
                if (org.isEmpty()) {
                    broken.add("expected an OPEL level for " + w.getKey() + " but it is not in the situation");
                    continue;
                }
                actual = derived ? org.get().derived() : org.get().level();
            }
            if (!Objects.equals(expected, actual)) {
                broken.add("expected " + (derived ? "derived " : "") + "OPEL " + expected + " for " + w.getKey() + " but was " + actual);
            }
        }
    }
}
