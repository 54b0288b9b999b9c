package winterroom.changes;

import com.fasterxml.jackson.annotation.JsonInclude;
import winterroom.policy.RuleInfo;
import winterroom.policy.Ruleset;
import winterroom.scenarios.Expectations;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which rules fire in which scenarios and exercises under a ruleset, and which rules no case
 * exercises (so a change to them would pass every check unseen). Rules with no conditions (policy
 * values) hold in every case and are counted apart.
 */
public record Coverage(String version, int cases, int rules, int exercised, List<RuleCoverage> unexercised,
                       List<RuleCoverage> covered, List<CaseFailure> failures) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RuleCoverage(String code, String title, String file, boolean alwaysHolds, List<String> cases) {}

    public record CaseFailure(String file, String error) {}

    public static Coverage of(Ruleset ruleset, List<PreviewCase> all) {
        Map<String, Set<String>> casesByCode = new LinkedHashMap<>();
        List<CaseFailure> failures = new ArrayList<>();
        for (PreviewCase pc : all) {
            try {
                for (PreviewCase.Step s : pc.run(ruleset)) {
                    for (String code : Expectations.firedRuleCodes(s.result().audit())) {
                        casesByCode.computeIfAbsent(code, k -> new TreeSet<>()).add(pc.file());
                    }
                }
            } catch (RuntimeException e) {
                failures.add(new CaseFailure(pc.file(), String.valueOf(e.getMessage())));
            }
        }
        List<RuleCoverage> covered = new ArrayList<>();
        List<RuleCoverage> unexercised = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (RuleInfo r : ruleset.rules()) {
            String code = r.code() == null ? r.name() : r.code();
            if (!seen.add(code)) continue;
            Set<String> cases = casesByCode.get(code);
            if (cases == null || cases.isEmpty()) unexercised.add(new RuleCoverage(code, r.title(), r.file(), r.alwaysFires(), null));
            else covered.add(new RuleCoverage(code, r.title(), r.file(), r.alwaysFires(), List.copyOf(cases)));
        }
        return new Coverage(ruleset.version(), all.size(), seen.size(), covered.size(), unexercised, covered, failures);
    }
}
