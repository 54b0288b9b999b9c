package winterroom.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import winterroom.engine.EvaluationResult;
import winterroom.situation.FieldError;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The short form of one batch item: what an analyst scans across thousands of situations. The
 * OPEL map reads like a scenario's expectation ({"system": 3, "LTHT": 3}); findings are counted by
 * kind; the action plan is its action codes, most urgent first (the owners and reasons are in the full
 * result). A rejected item carries the error and its field details instead. With {@code full} set,
 * the whole result (audit included) rides along.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"index", "asOf", "localDate", "opel", "triggers", "breaches", "recommendations", "actionPlan", "findings",
        "error", "details", "result"})
public record CompactResult(int index, Instant asOf, LocalDate localDate, Map<String, Integer> opel,
                            List<String> triggers, List<String> breaches, List<String> recommendations,
                            List<String> actionPlan, Map<String, Integer> findings, String error, List<FieldError> details,
                            EvaluationResult result) {

    public static CompactResult of(BatchItem item, boolean full) {
        if (!item.ok()) {
            return new CompactResult(item.index(), null, null, null, null, null, null, null, null, item.error(), item.details(), null);
        }
        EvaluationResult r = item.result();
        Map<String, Integer> opel = new LinkedHashMap<>();
        opel.put("system", r.opel().system());
        r.opel().organisations().forEach(o -> { if (o.level() != null) opel.put(o.org(), o.level()); });
        Map<String, Integer> findings = new LinkedHashMap<>();
        r.findings().forEach((kind, list) -> findings.put(kind, list.size()));
        return new CompactResult(item.index(), r.asOf(), r.calendar().localDate(), opel, r.triggerCodes(), r.breachCodes(),
                r.recommendationCodes(), r.planCodes(), findings, null, null, full ? r : null);
    }
}
