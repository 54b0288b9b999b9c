package winterroom.policy;

import org.kie.api.KieBase;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Collectors;

/**
 * A compiled, immutable ruleset: the Drools knowledge base built from one version of the rules
 * folder, with the catalogues and rule metadata that came with it. Evaluations hold on to the
 * ruleset they started with, so swapping in a new one never disturbs a running evaluation.
 */
public record Ruleset(String version, Instant compiledAt, SortedMap<String, byte[]> files, KieBase kieBase,
                      Catalogues catalogues, List<RuleInfo> rules, List<CompileProblem> warnings,
                      Map<String, RuleInfo> rulesByName) {

    /** rulesByName (metadata by rule name, for the audit trail) is built once here, not per evaluation. */
    public Ruleset(String version, Instant compiledAt, SortedMap<String, byte[]> files, KieBase kieBase,
                   Catalogues catalogues, List<RuleInfo> rules, List<CompileProblem> warnings) {
        this(version, compiledAt, files, kieBase, catalogues, rules, warnings,
                Map.copyOf(rules.stream().collect(Collectors.toMap(RuleInfo::name, r -> r, (a, b) -> a))));
    }
}
