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
 * It is capped, so a ruleset that fires or collects far more than any plan needs cannot fill the
 * heap with its description: at most {@link #MAX_ENTRIES} entries, and {@link #MAX_FACTS} facts
 * described in each list; what is left out is counted in a closing entry or a "more" item.
 */
final class AuditRecorder extends DefaultAgendaEventListener implements RuleRuntimeEventListener {
    private final FactDescriber describer;
    private final Map<String, RuleInfo> rules;
    static final int MAX_ENTRIES = 50_000;
    static final int MAX_FACTS = 200;
    /** What an entry or the trail says when it left facts or firings out. */
    static final String CAPPED_RULE = "(the audit trail is capped)";

    private final List<AuditEntry> entries = new ArrayList<>();
    private int firingsLeftOut;
    private final Map<String, Integer> firingsByRule = new HashMap<>();
    private List<Map<String, Object>> produced;
    /** The warm session's constant facts, described once at its set-up (read only, by identity). */
    private final Map<Object, FactDescription> constants;
    /** Constant facts a rule modified during this evaluation: described afresh, as they now are. */
    private final Set<Object> changedConstants = Collections.newSetFromMap(new IdentityHashMap<>());
    /**
     * This evaluation's own facts as last described, by identity: a fact listed again as it was shares that
     * description, which is then written once. A fact is described afresh every time and compared, so a rule that
     * changes a fact, with modify or without, shows it as it then is.
     */
    private final Map<Object, FactDescription> lastDescribed = new IdentityHashMap<>();

    AuditRecorder(ObjectMapper mapper, Map<String, RuleInfo> rules, Map<Object, FactDescription> constants) {
        this.describer = FactDescriber.of(mapper);
        this.rules = rules;
        this.constants = constants;
    }

    /** The audit description of each fact in {@code facts} that one would get, by identity. */
    static Map<Object, FactDescription> describeConstants(Collection<?> facts, ObjectMapper mapper) {
        FactDescriber describer = FactDescriber.of(mapper);
        Map<Object, FactDescription> out = new IdentityHashMap<>();
        for (Object fact : facts) {
            if (described(fact)) out.put(fact, FactDescription.constant(describer.describe(fact)));
        }
        return out;
    }

    /** The entries, and when the cap was reached, a last one counting the firings left out. */
    List<AuditEntry> entries() {
        if (firingsLeftOut == 0) return entries;
        List<AuditEntry> all = new ArrayList<>(entries);
        all.add(new AuditEntry(all.size() + 1, CAPPED_RULE, null, null, null,
                List.of(Map.of("type", "AuditCap", "firingsNotRecorded", firingsLeftOut, "entriesKept", MAX_ENTRIES)), List.of()));
        return all;
    }

    /** How often each rule fired: the evidence when an evaluation hits its firing limit. */
    Map<String, Integer> firingsByRule() { return firingsByRule; }

    @Override
    public void beforeMatchFired(BeforeMatchFiredEvent event) {
        produced = entries.size() < MAX_ENTRIES ? new ArrayList<>() : null;
        firingsByRule.merge(event.getMatch().getRule().getName(), 1, Integer::sum);
    }

    @Override
    public void afterMatchFired(AfterMatchFiredEvent event) {
        if (entries.size() >= MAX_ENTRIES) {
            firingsLeftOut++;
            return;
        }
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

    @Override
    public void objectUpdated(ObjectUpdatedEvent event) {
        if (constants.containsKey(event.getObject())) changedConstants.add(event.getObject());
    }

    @Override public void objectDeleted(ObjectDeletedEvent event) {}

    /** Accumulate results and Drools' own initial fact say nothing a reader needs. */
    private static boolean described(Object fact) {
        return fact != null && !(fact instanceof Number) && !(fact instanceof Collection<?>) && !fact.getClass().getName().startsWith("org.drools.");
    }

    /** {@code now}, the fact's description, as the one it last had when that is the same. */
    private FactDescription described(Object fact, Map<String, Object> now) {
        FactDescription last = lastDescribed.get(fact);
        if (last != null && last.equals(now)) {
            last.listedAgain();
            return last;
        }
        FactDescription fresh = FactDescription.own(now);
        lastDescribed.put(fact, fresh);
        return fresh;
    }

    /** A fact as a small map with its type; collections (from collect) are flattened into their facts. */
    private void describeInto(Object fact, List<Map<String, Object>> into, Set<Object> seen) {
        if (fact instanceof Collection<?> many) {
            for (Object o : many) describeInto(o, into, seen);
            return;
        }
        if (!described(fact)) return;
        // A fact bound twice in one match (a pattern and a collect over it) is listed once.
        if (!seen.add(fact)) return;
        if (into.size() < MAX_FACTS) {
            FactDescription constant = constants.get(fact);
            into.add(constant != null && !changedConstants.contains(fact) ? constant : described(fact, describer.describe(fact)));
        } else if (into.size() == MAX_FACTS) {
            into.add(new java.util.LinkedHashMap<>(Map.of("type", "More", "notDescribed", 1)));
        } else {
            into.get(MAX_FACTS).merge("notDescribed", 1, (a, b) -> (Integer) a + (Integer) b);
        }
    }
}
