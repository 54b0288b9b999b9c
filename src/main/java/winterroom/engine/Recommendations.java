package winterroom.engine;

import winterroom.facts.CatalogueAction;
import winterroom.facts.Recommendation;
import winterroom.policy.DecisionTimes;

import java.time.Instant;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the rules' recommendation facts into the result's list: one entry per catalogue action,
 * listing every reason and every organisation it was recommended for, ordered by priority and
 * then category.
 */
final class Recommendations {
    private Recommendations() {}

    /** What the rest of the result says about the situation that the recommendations need. */
    record Context(Instant asOf, DecisionTimes decisionTimes, Integer systemLevel, Map<String, Integer> orgLevels,
                   int riskAcceptedAtOrAbove, Set<String> infectionControlled) {
        Integer levelFor(List<String> orgs) {
            Integer level = systemLevel;
            for (String o : orgs) {
                Integer l = orgLevels.get(o);
                if (l != null && (level == null || l > level)) level = l;
            }
            return level;
        }
    }

    static List<EvaluationResult.RecommendedAction> merge(List<Recommendation> facts, Map<String, CatalogueAction> catalogue,
                                                          List<AuditEntry> audit, Context context) {
        Map<String, Set<String>> reasons = new LinkedHashMap<>();
        Map<String, Set<String>> orgs = new LinkedHashMap<>();
        Map<String, Set<String>> rules = new LinkedHashMap<>();
        facts.sort(Comparator.comparing(Recommendation::getAction).thenComparing(Recommendation::getReason));
        for (Recommendation r : facts) {
            reasons.computeIfAbsent(r.getAction(), k -> new LinkedHashSet<>()).add(r.getReason());
            // sorted by code: the rules fire in no set order, and a preview must not report a reordering as a change
            Set<String> forOrgs = orgs.computeIfAbsent(r.getAction(), k -> new java.util.TreeSet<>());
            if (r.getOrg() != null) forOrgs.add(r.getOrg());
        }
        // Which rules recommended each action, from the audit trail (the rule codes policy owners know).
        for (AuditEntry e : audit) {
            for (Map<String, Object> p : e.produced()) {
                if ("Recommendation".equals(p.get("type")) && e.code() != null) {
                    rules.computeIfAbsent(String.valueOf(p.get("action")), k -> new LinkedHashSet<>()).add(e.code());
                }
            }
        }
        List<EvaluationResult.RecommendedAction> out = new ArrayList<>();
        for (String id : reasons.keySet()) {
            CatalogueAction a = catalogue.get(id);
            List<String> forOrgs = new ArrayList<>(orgs.get(id));
            List<String> ruleCodes = new ArrayList<>(rules.getOrDefault(id, Set.of()));
            Integer atOpel = context.levelFor(forOrgs);
            DecisionTimes.Window window = context.decisionTimes().windowFor(id, a == null ? null : a.category());
            Instant decideBy = window == null || context.asOf() == null ? null : window.decideBy(context.asOf());
            Double within = window == null ? null : window.hours();
            boolean infection = context.infectionControlled().contains(id);
            if (a == null) {
                out.add(new EvaluationResult.RecommendedAction(id, id, "UNCATALOGUED", null, null, false, null, null, 5,
                        null, null, forOrgs, new ArrayList<>(reasons.get(id)), ruleCodes, decideBy, within, atOpel,
                        null, null, infection));
                continue;
            }
            CatalogueAction recovery = a.recoveryAction() == null ? null : catalogue.get(a.recoveryAction());
            String risk = atOpel != null && atOpel >= context.riskAcceptedAtOrAbove() ? a.riskAccepted() : null;
            EvaluationResult.Impact impact = a.providerImpact() == null && a.recipientImpact() == null ? null
                    : new EvaluationResult.Impact(a.providerImpact(), a.recipientImpact());
            out.add(new EvaluationResult.RecommendedAction(a.id(), a.title(), a.category(), resolve(a.provider(), forOrgs),
                    resolve(a.recipient(), forOrgs), a.requiresPriorDiscussion(), a.recoveryAction(),
                    recovery == null ? null : recovery.title(), a.priority(), a.relieves(), a.source(), forOrgs,
                    new ArrayList<>(reasons.get(id)), ruleCodes, decideBy, within, atOpel, risk, impact, infection));
        }
        out.sort(Comparator.comparingInt(EvaluationResult.RecommendedAction::priority)
                .thenComparing(EvaluationResult.RecommendedAction::category)
                .thenComparing(EvaluationResult.RecommendedAction::action));
        return out;
    }

    /** Catalogue rows of an organisation's own tool name "own organisation": say which one. */
    private static String resolve(String party, List<String> orgs) {
        if ("own organisation".equals(party) && !orgs.isEmpty()) return String.join(", ", orgs);
        return party;
    }
}
