package winterroom.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectUpdatedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import winterroom.policy.RuleInfo;
import winterroom.policy.RulesetCompiler;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.List;
import java.util.Map;

/**
 * Builds the audit trail from Drools' own events: each match fired becomes an entry listing the
 * facts it matched, and every fact a consequence inserts is added to the entry of the firing rule.
 */
final class AuditRecorder extends DefaultAgendaEventListener implements RuleRuntimeEventListener {
    private final FactDescriber describer;
    private final Map<String, RuleInfo> rules;
    private final List<AuditEntry> entries = new ArrayList<>();
    private final Map<String, Integer> firingsByRule = new HashMap<>();
    private List<Map<String, Object>> produced;

    AuditRecorder(ObjectMapper mapper, Map<String, RuleInfo> rules) {
        this.describer = FactDescriber.of(mapper);
        this.rules = rules;
    }

    List<AuditEntry> entries() { return entries; }

    /** How often each rule fired: the evidence when an evaluation hits its firing limit. */
    Map<String, Integer> firingsByRule() { return firingsByRule; }

    @Override
    public void beforeMatchFired(BeforeMatchFiredEvent event) {
        produced = new ArrayList<>();
        firingsByRule.merge(event.getMatch().getRule().getName(), 1, Integer::sum);
    }

    @Override
    public void afterMatchFired(AfterMatchFiredEvent event) {
        var rule = event.getMatch().getRule();
        RuleInfo known = rules.get(rule.getName());
        RuleInfo info = known != null ? known : RulesetCompiler.info(rule);
        List<Map<String, Object>> matched = new ArrayList<>();
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Object o : event.getMatch().getObjects()) describeInto(o, matched, seen);
        entries.add(new AuditEntry(entries.size() + 1, rule.getName(), info.code(), info.file(), info.source(), matched,
                produced == null ? List.of() : produced));
        produced = null;
    }

    @Override
    public void objectInserted(ObjectInsertedEvent event) {
        if (produced != null && event.getRule() != null) {
            describeInto(event.getObject(), produced, Collections.newSetFromMap(new IdentityHashMap<>()));
        }
    }

    @Override public void objectUpdated(ObjectUpdatedEvent event) {}

    @Override public void objectDeleted(ObjectDeletedEvent event) {}

    /** A fact as a small map with its type; collections (from collect) are flattened into their facts. */
    private void describeInto(Object fact, List<Map<String, Object>> into, Set<Object> seen) {
        if (fact instanceof Collection<?> many) {
            for (Object o : many) describeInto(o, into, seen);
            return;
        }
        // Accumulate results and Drools' own initial fact say nothing a reader needs.
        if (fact == null || fact instanceof Number || fact.getClass().getName().startsWith("org.drools.")) return;
        // A fact bound twice in one match (a pattern and a collect over it) is listed once.
        if (seen.add(fact)) into.add(describer.describe(fact));
    }
}
