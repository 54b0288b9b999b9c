package winterroom.store;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One line about a kept evaluation: when, who, on which ruleset, and what it concluded. */
@JsonPropertyOrder({"seq", "id", "recordedAt", "actor", "rulesetVersion", "asOf", "system", "orgs", "systemOpel",
        "exceptionReportRequired", "triggers", "breaches", "recommendations", "subject", "hash", "href"})
public record EvaluationSummary(long seq, String id, Instant recordedAt, String actor, String rulesetVersion, Instant asOf,
                                String system, List<String> orgs, Integer systemOpel, boolean exceptionReportRequired,
                                List<String> triggers, List<String> breaches, List<String> recommendations,
                                String subject, String hash, String href) {

    public static EvaluationSummary of(StoredEvaluation e) {
        var r = e.record();
        JsonNode result = e.result();
        JsonNode opel = result.at("/opel/system");
        return new EvaluationSummary(r.seq(), r.id(), r.recordedAt(), r.actor(), r.rulesetVersion(), r.asOf(),
                result.path("system").isNull() ? null : result.path("system").asText(null),
                tagged(r.tags(), "org:"), opel.isNumber() ? opel.asInt() : null,
                result.at("/exceptionReport/required").asBoolean(false),
                tagged(r.tags(), "trigger:"), tagged(r.tags(), "breach:"), texts(result.path("recommendations"), "action"),
                r.subject(), r.hash(), "/api/v1/evaluations/" + r.id());
    }

    private static List<String> tagged(List<String> tags, String prefix) {
        return tags.stream().filter(t -> t.startsWith(prefix)).map(t -> t.substring(prefix.length())).toList();
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode item : array) out.add(item.path(field).asText());
        return out;
    }
}
