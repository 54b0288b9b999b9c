package winterroom.policy;

import org.kie.api.KieBase;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * A compiled, immutable ruleset: the Drools knowledge base built from one version of the rules
 * folder, with the catalogues and rule metadata that came with it. Evaluations hold on to the
 * ruleset they started with, so swapping in a new one never disturbs a running evaluation.
 */
public record Ruleset(String version, Instant compiledAt, SortedMap<String, byte[]> files, KieBase kieBase,
                      Catalogues catalogues, List<RuleInfo> rules, List<CompileProblem> warnings) {

    /** Rule metadata by rule name, for the audit trail. */
    public Map<String, RuleInfo> rulesByName() {
        return rules.stream().collect(java.util.stream.Collectors.toMap(RuleInfo::name, r -> r, (a, b) -> a));
    }
}
