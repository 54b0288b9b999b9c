package winterroom.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.kie.api.KieBase;
import org.kie.api.event.rule.AgendaEventListener;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;
import winterroom.policy.Ruleset;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A Drools session with a ruleset's constant facts already in working memory: every catalogue
 * action, and the policy values the decision table inserts. Building those for each evaluation
 * was half the work of evaluating a single-trust situation.
 *
 * <p>After an evaluation the situation's facts are deleted; because every conclusion is a logical
 * insert, truth maintenance withdraws what they supported and the session is back where it
 * started. The session is pooled again only when working memory holds exactly its starting facts
 * and nothing is left on the agenda; anything else (a rule that inserts without truth
 * maintenance, a runaway) and it is thrown away.
 */
final class WarmSession {
    private static final int POOL_PER_RULESET = 8;
    private static final int RULESETS_KEPT = 4;
    /** Pools by knowledge base, the few most recently used only: older rulesets' sessions are disposed. */
    private static final Map<KieBase, Queue<WarmSession>> POOLS = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<KieBase, Queue<WarmSession>> eldest) {
            if (size() <= RULESETS_KEPT) return false;
            eldest.getValue().forEach(w -> w.session.dispose());
            return true;
        }
    };

    private final KieSession session;
    private final long baselineFacts;
    private final AuditTrail.SetUpFirings setUpFirings;
    private final Map<Object, FactDescription> constants;

    private WarmSession(KieSession session, List<AuditEntry> setUpFirings, ObjectMapper mapper) {
        this.session = session;
        this.baselineFacts = session.getFactCount();
        this.setUpFirings = new AuditTrail.SetUpFirings(setUpFirings);
        this.constants = AuditRecorder.describeConstants(session.getObjects(), mapper);
        // with or without an audit recorder: a session whose constant a rule modified must not be pooled again
        session.addEventListener(new org.kie.api.event.rule.DefaultRuleRuntimeEventListener() {
            @Override
            public void objectUpdated(org.kie.api.event.rule.ObjectUpdatedEvent event) {
                if (constants.containsKey(event.getObject())) constantsChanged = true;
            }
        });
    }

    KieSession session() { return session; }

    /** The firings that put the constant facts in place (the policy values in force): part of every evaluation's audit. */
    AuditTrail.SetUpFirings setUpFirings() { return setUpFirings; }

    /** The audit descriptions of the facts in working memory before a situation is inserted, by identity; read only. */
    Map<Object, FactDescription> constants() { return constants; }

    /**
     * A warm session from the pool, or a new one set up under the same firing and time limits as an evaluation
     * (the set-up runs the ruleset's own rules, which could loop); a set-up that runs away is disposed of.
     */
    static WarmSession take(Ruleset ruleset, ObjectMapper mapper, int maxFirings, java.time.Duration timeLimit) {
        WarmSession warm = pool(ruleset).poll();
        if (warm != null) return warm;
        KieSession session = ruleset.kieBase().newKieSession();
        AuditRecorder audit = new AuditRecorder(mapper, ruleset.rulesByName(), Map.of());
        session.addEventListener((AgendaEventListener) audit);
        session.addEventListener((RuleRuntimeEventListener) audit);
        ruleset.catalogues().actions().values().forEach(session::insert);
        session.insert(ruleset.catalogues().opelScale());
        try {
            Evaluator.fireWithinLimits(session, audit, maxFirings, timeLimit);
        } catch (RuntimeException runaway) {
            session.dispose();
            throw runaway;
        }
        session.removeEventListener((AgendaEventListener) audit);
        session.removeEventListener((RuleRuntimeEventListener) audit);
        return new WarmSession(session, audit.entries(), mapper);
    }

    static void giveBack(Ruleset ruleset, WarmSession warm) {
        Queue<WarmSession> pool = pool(ruleset);
        if (pool.size() < POOL_PER_RULESET) pool.add(warm);
        else warm.session.dispose();
    }

    /** A rule modified one of the constant facts: the session is not pooled again. */
    private boolean constantsChanged;

    /** Deletes the situation's facts; true when the session is back to its starting state. */
    boolean reset(List<FactHandle> situationFacts, int maxFirings) {
        // a constant fact a rule modified no longer looks as it did at set-up, nor as its description says
        if (constantsChanged) return false;
        for (FactHandle h : situationFacts) session.delete(h);
        int fired = session.fireAllRules(maxFirings);
        return fired == 0 && session.getFactCount() == baselineFacts;
    }

    private static Queue<WarmSession> pool(Ruleset ruleset) {
        synchronized (POOLS) {
            return POOLS.computeIfAbsent(ruleset.kieBase(), k -> new ConcurrentLinkedQueue<>());
        }
    }
}
