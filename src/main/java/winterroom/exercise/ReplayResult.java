package winterroom.exercise;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An exercise timeline as replayed: every step with its evaluation, and the summary figures for the debrief. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "name", "description", "rulesetVersion", "start", "step", "scriptedSteps", "finished", "summary", "steps", "decisions"})
public record ReplayResult(String id, String name, String description, String rulesetVersion, Instant start, String step,
                           int scriptedSteps, boolean finished, Summary summary, List<ReplayStep> steps,
                           List<Decision> decisions) {

    /**
     * @param daysAtOpel         days (distinct local dates) at each system level, the day's highest level counting
     * @param exceptionReturns   steps where an exception return was owed
     * @param sitrepCalls        days on which a system sitrep call was recommended
     * @param principleBreaches  principle breaches over all steps
     * @param injects            ad-hoc injects applied
     * @param outstandingRecovery services still suspended at the last step (org, service, since)
     * @param peakOpel           each organisation's highest level in the exercise
     */
    public record Summary(Map<String, Integer> daysAtOpel, int exceptionReturns, int sitrepCalls, int principleBreaches,
                          int injects, List<Map<String, Object>> outstandingRecovery, Map<String, Integer> peakOpel,
                          int expectationsBroken) {}

    /** Every broken expectation, named by its step. */
    public List<String> brokenExpectations() {
        List<String> out = new ArrayList<>();
        for (ReplayStep s : steps) {
            if (s.expectationsBroken() == null) continue;
            for (String b : s.expectationsBroken()) out.add("step " + s.index() + (s.label() == null ? "" : " (" + s.label() + ")") + ": " + b);
        }
        return out;
    }

    public ReplayResult withoutAudit() {
        return new ReplayResult(id, name, description, rulesetVersion, start, step, scriptedSteps, finished, summary,
                steps.stream().map(ReplayStep::withoutAudit).toList(), decisions);
    }
}
