package winterroom.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.kie.api.runtime.KieSession;
import winterroom.facts.Day;
import winterroom.policy.Ruleset;
import winterroom.situation.Situation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

/**
 * Evaluates a situation against a ruleset: one fresh Drools session per evaluation over the shared
 * knowledge base, the situation inserted as facts, the rules fired, and their conclusions read back
 * from working memory into an {@link EvaluationResult}.
 */
public final class Evaluator {
    /** England's dates: the reporting window, weekends and bank holidays are all local dates. */
    public static final ZoneId LONDON = ZoneId.of("Europe/London");

    private final ObjectMapper mapper;
    private final int maxFirings;

    public Evaluator(ObjectMapper mapper, int maxFirings) {
        this.mapper = mapper;
        this.maxFirings = maxFirings;
    }

    public EvaluationResult evaluate(Ruleset ruleset, Situation situation, String id, Instant evaluatedAt) {
        LocalDate date = situation.asOf().atZone(LONDON).toLocalDate();
        boolean bankHoliday = situation.bankHoliday() != null ? situation.bankHoliday() : ruleset.catalogues().isBankHoliday(date);
        Day day = new Day(situation.asOf(), date, bankHoliday);

        KieSession session = ruleset.kieBase().newKieSession();
        try {
            AuditRecorder audit = new AuditRecorder(mapper, ruleset.rulesByName());
            session.addEventListener((org.kie.api.event.rule.AgendaEventListener) audit);
            session.addEventListener((org.kie.api.event.rule.RuleRuntimeEventListener) audit);
            session.insert(day);
            situation.organisations().forEach(session::insert);
            situation.measures().forEach(session::insert);
            situation.events().forEach(session::insert);
            situation.actions().forEach(session::insert);
            ruleset.catalogues().actions().values().forEach(session::insert);
            int fired = session.fireAllRules(maxFirings);
            if (fired >= maxFirings) {
                var top = audit.firingsByRule().entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
                throw new RunawayRulesException(top.getKey(), top.getValue(), maxFirings);
            }
            return ResultReader.read(session, ruleset, situation, day, audit.entries(), id, evaluatedAt);
        } finally {
            session.dispose();
        }
    }

}
