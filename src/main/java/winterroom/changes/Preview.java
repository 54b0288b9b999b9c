package winterroom.changes;

import com.fasterxml.jackson.annotation.JsonInclude;
import winterroom.policy.CompileProblem;

import java.util.List;

/**
 * What a candidate ruleset would change: every case run under the active and the candidate
 * ruleset, and for each case that differs or breaks an expectation, how. Cases with no change and
 * no broken expectation are counted in the summary but not listed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Preview(boolean valid, String active, String candidate, List<CompileProblem> errors,
                      List<CompileProblem> warnings, Summary summary, List<CaseChange> scenarios) {

    public record Summary(int scenarios, int changedScenarios, int brokenExpectations) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CaseChange(String kind, String name, String file, List<Difference> differences,
                             List<String> brokenExpectations, String error) {}
}
