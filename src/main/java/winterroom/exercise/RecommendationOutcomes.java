package winterroom.exercise;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import winterroom.Json;
import winterroom.engine.EvaluationResult;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Each recommendation as it first appeared, against what the room decided: taken (a decision answering it, by an
 * organisation it concerns, at or after that step), later than its decideBy (in exercise time: the exercise clock
 * when the decision was recorded), or not taken.
 */
public final class RecommendationOutcomes {
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Outcome(int step, String org, String recommendation, String title, Instant decideBy, String outcome, Decision decision) {}

    public static final String TAKEN = "taken", NOT_TAKEN = "not taken", LATE = "later than decideBy";

    private RecommendationOutcomes() {}

    public static List<Outcome> of(ReplayResult r) {
        List<Outcome> out = new ArrayList<>();
        List<Decision> decisions = r.decisions() == null ? List.of() : r.decisions();
        for (ReplayStep s : r.steps()) {
            if (s.changes() == null) continue;
            for (EvaluationResult.RecommendedAction rec : s.result().recommendations()) {
                if (!s.changes().newRecommendations().contains(rec.action())) continue;
                Instant decideBy = decideBy(rec);
                List<String> orgs = rec.orgs() == null || rec.orgs().isEmpty() ? java.util.Collections.singletonList(null) : rec.orgs();
                for (String org : orgs) {
                    Decision found = null;
                    for (Decision d : decisions) {
                        boolean answers = rec.action().equals(d.answers()) && (org == null || org.equals(d.org()));
                        if (answers && d.afterStep() != null && d.afterStep() >= s.index()) { found = d; break; }
                    }
                    String outcome = found == null ? NOT_TAKEN
                            : decideBy != null && found.decidedAt() != null && found.decidedAt().isAfter(decideBy) ? LATE : TAKEN;
                    out.add(new Outcome(s.index(), org == null ? "system" : org, rec.action(), rec.title(), decideBy, outcome, found));
                }
            }
        }
        return out;
    }

    /** The recommendation's decideBy, where the ruleset gives one. */
    private static Instant decideBy(EvaluationResult.RecommendedAction rec) {
        JsonNode n = Json.mapper().valueToTree(rec).get("decideBy");
        if (n == null || !n.isTextual()) return null;
        try { return Instant.parse(n.textValue()); } catch (RuntimeException e) { return null; }
    }
}
