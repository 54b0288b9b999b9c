package winterroom.engine;

import org.kie.api.KieServices;
import org.kie.api.event.rule.AgendaEventListener;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.conf.ClockTypeOption;
import org.kie.api.runtime.rule.FactHandle;
import org.kie.api.time.SessionPseudoClock;
import winterroom.facts.Action;
import winterroom.facts.Day;
import winterroom.facts.Event;
import winterroom.facts.ExerciseStep;
import winterroom.facts.Measure;
import winterroom.facts.Organisation;
import winterroom.policy.Ruleset;
import winterroom.situation.Situation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One stateful Drools session that lives through an exercise timeline. Each step's situation is
 * applied as changes to the facts already in working memory (the same measure and organisation
 * facts are updated, so logical conclusions are withdrawn and re-derived by truth maintenance),
 * the session's pseudo clock is advanced to the step's time, and the rules fire. History the rules
 * keep (timeline.drl) carries from step to step.
 */
public final class TimelineSession implements AutoCloseable {
    private final Ruleset ruleset;
    private final Evaluator evaluator;
    private final KieSession session;
    private final SessionPseudoClock clock;
    private final Map<String, winterroom.policy.RuleInfo> rulesByName;
    private final Map<String, FactHandle> organisations = new HashMap<>();
    private final Map<String, Organisation> organisationFacts = new HashMap<>();
    private final Map<String, FactHandle> measures = new HashMap<>();
    private final Map<String, Measure> measureFacts = new HashMap<>();
    private final List<FactHandle> transients = new ArrayList<>();
    private FactHandle day;
    private FactHandle step;
    private int index;

    public TimelineSession(Ruleset ruleset, Evaluator evaluator) {
        this.ruleset = ruleset;
        this.evaluator = evaluator;
        KieSessionConfiguration conf = KieServices.Factory.get().newKieSessionConfiguration();
        conf.setOption(ClockTypeOption.PSEUDO);
        this.session = ruleset.kieBase().newKieSession(conf, null);
        this.clock = session.getSessionClock();
        this.rulesByName = ruleset.rulesByName();
        ruleset.catalogues().actions().values().forEach(session::insert);
        session.insert(ruleset.catalogues().opelScale());
    }

    /** Steps applied so far. */
    public int steps() { return index; }

    /**
     * Applies the situation at the next step of the timeline, fires the rules and reads the result.
     * Times must not go backwards.
     */
    public EvaluationResult step(Situation situation, String label, boolean inject, String id, Instant evaluatedAt) {
        long target = situation.asOf().toEpochMilli();
        long now = clock.getCurrentTime();
        if (index > 0 && target < now) {
            throw new IllegalArgumentException("a timeline step cannot go back in time (" + situation.asOf() + " is before " + Instant.ofEpochMilli(now) + ")");
        }
        clock.advanceTime(target - now, TimeUnit.MILLISECONDS);

        LocalDate date = situation.asOf().atZone(Evaluator.LONDON).toLocalDate();
        boolean bankHoliday = situation.bankHoliday() != null ? situation.bankHoliday() : ruleset.catalogues().isBankHoliday(date);
        Day today = Day.of(situation.asOf(), date, bankHoliday, ruleset.catalogues().bankHolidays());
        if (day != null) session.delete(day);
        day = session.insert(today);
        if (step != null) session.delete(step);
        step = session.insert(new ExerciseStep(index, situation.asOf(), label, inject));

        for (Organisation o : situation.organisations()) {
            Organisation known = organisationFacts.get(o.getCode());
            if (known == null) {
                organisationFacts.put(o.getCode(), o);
                organisations.put(o.getCode(), session.insert(o));
            } else if (!Objects.equals(known.getReportedOpel(), o.getReportedOpel()) || known.getType() != o.getType()) {
                known.setReportedOpel(o.getReportedOpel());
                known.setType(o.getType());
                session.update(organisations.get(o.getCode()), known);
            }
        }
        for (Measure m : situation.measures()) {
            String key = m.getOrg() + "\u0000" + m.getMetric();
            Measure known = measureFacts.get(key);
            if (known == null) {
                measureFacts.put(key, m);
                measures.put(key, session.insert(m));
            } else if (known.getValue() != m.getValue() || !Objects.equals(known.getPreviousDay(), m.getPreviousDay())) {
                known.setValue(m.getValue());
                known.setPreviousDay(m.getPreviousDay());
                session.update(measures.get(key), known);
            }
        }
        // Events and actions belong to their step: last step's go, this step's come in.
        transients.forEach(session::delete);
        transients.clear();
        for (Event e : situation.events()) transients.add(session.insert(e));
        for (Action a : situation.actions()) transients.add(session.insert(a));

        AuditRecorder audit = new AuditRecorder(evaluator.mapper(), rulesByName, java.util.Map.of());
        session.addEventListener((AgendaEventListener) audit);
        session.addEventListener((RuleRuntimeEventListener) audit);
        try {
            Evaluator.fireWithinLimits(session, audit, evaluator.maxFirings(), evaluator.timeLimit());
            return ResultReader.read(session, ruleset, situation, today, audit.entries(), id, evaluatedAt);
        } finally {
            session.removeEventListener((AgendaEventListener) audit);
            session.removeEventListener((RuleRuntimeEventListener) audit);
            index++;
        }
    }

    /** Facts of one type in working memory (history the rules keep, for summaries). */
    public <T> List<T> facts(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Object o : session.getObjects(new org.kie.api.runtime.ClassObjectFilter(type))) out.add(type.cast(o));
        return out;
    }

    @Override
    public void close() { session.dispose(); }
}
