package winterroom.changes;

import com.fasterxml.jackson.annotation.JsonInclude;
import winterroom.policy.CompileProblem;

import java.util.List;

/**
 * What a candidate ruleset would change: every case run under the active and the candidate
 * ruleset, and for each case that differs or breaks an expectation, one row saying how, the cases
 * with broken expectations first. Cases with no change and no broken expectation are counted in the
 * summary but not listed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Preview(boolean valid, String active, String candidate, List<CompileProblem> errors,
                      List<CompileProblem> warnings, Summary summary, List<CaseChange> scenarios) {

    /** scenarios run; changedScenarios whose conclusions differ; brokenExpectations in all; brokenScenarios with one or more. */
    public record Summary(int scenarios, int changedScenarios, int brokenExpectations, int brokenScenarios, int unchanged) {}

    /** One case: what differs (codes and values; wording collapsed), what it breaks, and says: both in plain words, broken first. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CaseChange(String kind, String name, String file, List<Difference> differences,
                             List<String> brokenExpectations, String error, List<String> says) {}
}
