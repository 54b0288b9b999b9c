package winterroom.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;
import winterroom.facts.Day;
import winterroom.policy.Ruleset;
import winterroom.situation.Situation;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Evaluates a situation against a ruleset: the situation inserted as facts into a session over the
 * shared knowledge base, the rules fired, and their conclusions read back from working memory into
 * an {@link EvaluationResult}. Sessions come warm from {@link WarmSession}, with the ruleset's
 * constant facts (catalogue actions, policy values) already in place.
 */
public final class Evaluator {
    /** England's dates: the reporting window, weekends and bank holidays are all local dates. */
    public static final ZoneId LONDON = ZoneId.of("Europe/London");

    /** One daemon thread halts sessions that overrun their time limit. */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "evaluation-watchdog");
        t.setDaemon(true);
        return t;
    });

    /** Watches every firing in this process when set: only a candidate worker sets it (see {@link #watchFirings}). */
    private static volatile FiringWatch firingWatch;

    private final ObjectMapper mapper;
    private final int maxFirings;
    private final Duration timeLimit;

    public Evaluator(ObjectMapper mapper, int maxFirings) {
        this(mapper, maxFirings, Duration.ofSeconds(10));
    }

    public Evaluator(ObjectMapper mapper, int maxFirings, Duration timeLimit) {
        this.mapper = mapper;
        this.maxFirings = maxFirings;
        this.timeLimit = timeLimit;
    }

    public int maxFirings() { return maxFirings; }

    /**
     * The firing limit for a situation of {@code facts} facts: the configured limit, plus a share for each fact, so
     * a large but honest situation (a region of 2,000 organisations) is not taken for a loop, while a rule that
     * loops in an ordinary situation is still stopped near the configured limit.
     */
    public int firingLimit(int facts) { return (int) Math.min(Integer.MAX_VALUE, maxFirings + (long) FIRINGS_PER_FACT * facts); }

    static final int FIRINGS_PER_FACT = 25;

    public Duration timeLimit() { return timeLimit; }

    /** Every session this process fires from now on reports its firings to {@code watch}. */
    public static void watchFirings(FiringWatch watch) { firingWatch = watch; }

    public ObjectMapper mapper() { return mapper; }

    public EvaluationResult evaluate(Ruleset ruleset, Situation situation, String id, Instant evaluatedAt) {
        return evaluate(ruleset, situation, id, evaluatedAt, true);
    }

    /**
     * Evaluates with or without the audit trail. Without it no listener is attached (the fast path
     * for batches): the result has an empty audit and recommendations without their rule codes.
     * A runaway evaluation is run again with the recorder to name the rule that loops.
     */
    public EvaluationResult evaluate(Ruleset ruleset, Situation situation, String id, Instant evaluatedAt, boolean withAudit) {
        LocalDate date = situation.asOf().atZone(LONDON).toLocalDate();
        boolean bankHoliday = situation.bankHoliday() != null ? situation.bankHoliday() : ruleset.catalogues().isBankHoliday(date);
        Day day = Day.of(situation.asOf(), date, bankHoliday, ruleset.catalogues().bankHolidays());

        WarmSession warm = WarmSession.take(ruleset, mapper, maxFirings, timeLimit);
        KieSession session = warm.session();
        AuditRecorder audit = withAudit ? new AuditRecorder(mapper, ruleset.rulesByName(), warm.constants()) : null;
        boolean reusable = false;
        try {
            if (audit != null) {
                session.addEventListener((org.kie.api.event.rule.AgendaEventListener) audit);
                session.addEventListener((org.kie.api.event.rule.RuleRuntimeEventListener) audit);
            }
            List<FactHandle> situationFacts = new ArrayList<>();
            situationFacts.add(session.insert(day));
            situation.organisations().forEach(f -> situationFacts.add(session.insert(f)));
            situation.measures().forEach(f -> situationFacts.add(session.insert(f)));
            situation.events().forEach(f -> situationFacts.add(session.insert(f)));
            situation.actions().forEach(f -> situationFacts.add(session.insert(f)));
            if (!fireWithinLimits(session, audit, firingLimit(situationFacts.size()), timeLimit)) return evaluate(ruleset, situation, id, evaluatedAt, true);
            EvaluationResult result = ResultReader.read(session, ruleset, situation, day,
                    audit == null ? List.of() : withConstants(warm.setUpFirings(), audit.entries()), id, evaluatedAt);
            if (audit != null) {
                session.removeEventListener((org.kie.api.event.rule.AgendaEventListener) audit);
                session.removeEventListener((org.kie.api.event.rule.RuleRuntimeEventListener) audit);
            }
            reusable = warm.reset(situationFacts, firingLimit(situationFacts.size()));
            return result;
        } finally {
            if (reusable) WarmSession.giveBack(ruleset, warm);
            else session.dispose();
        }
    }

    /**
     * Fires the rules, stopping a session that passes the firing limit or the time limit. Without
     * an audit recorder a runaway cannot be explained: false tells the caller to run it again with one.
     */
    static boolean fireWithinLimits(KieSession session, AuditRecorder audit, int maxFirings, Duration timeLimit) {
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> halt = WATCHDOG.schedule(() -> {
            timedOut.set(true);
            session.halt();
        }, timeLimit.toMillis(), TimeUnit.MILLISECONDS);
        FiringWatch watch = firingWatch;
        if (watch != null) session.addEventListener(watch);
        int fired;
        try {
            fired = session.fireAllRules(maxFirings);
        } finally {
            halt.cancel(false);
            if (watch != null) session.removeEventListener(watch);
        }
        if (fired >= maxFirings || timedOut.get()) {
            if (audit == null) return false;
            var top = audit.firingsByRule().entrySet().stream().max(Map.Entry.comparingByValue())
                    .orElse(Map.entry("(none)", 0));
            String why = timedOut.get() ? "ran past the time limit of " + timeLimit.toMillis() + " ms"
                    : "reached the limit of " + maxFirings + " rule firings";
            throw new RunawayRulesException("evaluation stopped: it " + why + "; rule '" + top.getKey() + "' fired "
                    + top.getValue() + " times and is probably looping", top.getKey(), top.getValue());
        }
        return true;
    }

    /** The evaluation's audit: the firings that set up the policy values in force, then its own, numbered in order. */
    private static List<AuditEntry> withConstants(AuditTrail.SetUpFirings setUp, List<AuditEntry> own) {
        List<AuditEntry> numbered = new ArrayList<>(own.size());
        int seq = setUp.entries().size();
        for (AuditEntry e : own) {
            numbered.add(new AuditEntry(++seq, e.rule(), e.code(), e.file(), e.source(), e.matched(), e.produced()));
        }
        return new AuditTrail(setUp, numbered);
    }
}
