package winterroom.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import winterroom.Json;
import winterroom.changes.ChangeSet;
import winterroom.changes.ChangeSets;
import winterroom.changes.Impact;
import winterroom.changes.VersionDiff;
import winterroom.policy.CompileResult;
import winterroom.policy.Ruleset;
import winterroom.service.EvaluationService;
import winterroom.sitrep.SitrepFile;
import winterroom.store.EvaluationQuery;
import winterroom.situation.FieldError;
import winterroom.store.RulesetVersion;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * HTTP face of change sets (propose, list, approve, the impact on a body of situations, the diff
 * against the ruleset proposed on), the diff between two kept versions, and the scenario coverage.
 */
final class ChangeSetsController {
    private final ChangeSets sets;
    private final EvaluationService evaluations;

    ChangeSetsController(ChangeSets sets, EvaluationService evaluations) {
        this.sets = sets;
        this.evaluations = evaluations;
    }

    void propose(Context ctx) {
        JsonNode body = Bodies.json(ctx);
        RuleChangesController.Candidate c = RuleChangesController.candidate(body, Set.of("note", "emergency"));
        JsonNode e = body.get("emergency");
        if (e != null && !e.isBoolean()) throw new ApiException(400, "emergency must be true or false", List.of(new FieldError("emergency", "got " + e)));
        String note = Bodies.optionalText(body, "note");
        if (note != null) note = note.strip();
        RuleChangesController.requireRuleAuthor(ctx, sets.rules().changesRuleCode(c.files(), c.deletions()), "a change to rule code");
        ChangeSet cs = sets.propose(c.files(), c.deletions(), note, e != null && e.asBoolean(), Actor.of(ctx));
        ctx.status(201).header("Location", "/api/v1/rules/changes/" + cs.id()).json(describe(cs, true));
    }

    void list(Context ctx) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ChangeSet cs : sets.list()) out.add(describe(cs, false));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("fourEyes", fourEyes());
        body.put("awaitingRetrospectiveApproval", sets.awaitingRetrospectiveApproval().stream().map(ChangeSet::id).toList());
        body.put("changes", out);
        ctx.json(body);
    }

    void get(Context ctx) { ctx.json(describe(change(ctx), true)); }

    void approve(Context ctx) {
        ChangeSet cs = change(ctx);
        String note = null;
        if (!Bodies.isEmpty(ctx)) {
            JsonNode body = Bodies.json(ctx);
            if (!body.isObject()) throw new ApiException(400, "expected a JSON object {\"note\": \"...\"} or no body");
            for (var it = body.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!k.equals("note")) throw new ApiException(400, "unknown field '" + k + "'", List.of(new FieldError(k, "the only field is note")));
            }
            note = Bodies.optionalText(body, "note");
            if (note != null) note = note.strip();
        }
        // rule code is approved by a rule author, as it is written by one
        RuleChangesController.requireRuleAuthor(ctx, winterroom.changes.RuleChanges.changesRuleCode(baseFiles(cs), sets.candidateFiles(cs)),
                "approving a change to rule code");
        ctx.json(describe(sets.approve(cs.id(), Actor.of(ctx), note, force(ctx)), false));
    }

    /** The files of the ruleset a change was proposed on (the folder's, when that version is not kept). */
    private SortedMap<String, byte[]> baseFiles(ChangeSet cs) {
        return sets.rules().versions().find(cs.base()).map(RulesetVersion::files)
                .map(f -> (SortedMap<String, byte[]>) new TreeMap<>(f)).orElseGet(() -> winterroom.policy.RulesFolder.read(sets.rules().folder()));
    }

    /** The change against the ruleset it was proposed on, file by file. */
    void changeDiff(Context ctx) {
        ChangeSet cs = change(ctx);
        ctx.json(VersionDiff.between(cs.base(), baseFiles(cs), cs.candidate(), sets.candidateFiles(cs)));
    }

    void versionDiff(Context ctx) {
        RulesetVersion a = version(ctx.pathParam("a"));
        RulesetVersion b = version(ctx.pathParam("b"));
        ctx.json(VersionDiff.between(a.hash(), new TreeMap<>(a.files()), b.hash(), new TreeMap<>(b.files())));
    }

    void coverage(Context ctx) { ctx.json(sets.rules().coverage()); }

    void expectations(Context ctx) { ctx.json(sets.expectations().view(ctx.pathParam("file"), sets.rules().active())); }

    /** Writes a scenario's expect block ({"expect": {...}}): "keep this as expected" sends the current conclusions. */
    void saveExpectations(Context ctx) {
        JsonNode body = Bodies.json(ctx);
        if (!body.isObject() || !body.has("expect")) {
            throw new ApiException(400, "expected {\"expect\": {...}}", List.of(new FieldError("expect", "the scenario's expectations as an object")));
        }
        try {
            ctx.json(sets.expectations().save(ctx.pathParam("file"), body.get("expect"), sets.rules().active()));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "the expectations are not valid: " + e.getMessage(), List.of(new FieldError("expect", e.getMessage())));
        }
    }

    /**
     * Runs situations under the active ruleset and the change's candidate: NDJSON (one situation a
     * line), a JSON array, or NHS England's sitrep CSV (Content-Type text/csv, read as import-sitrep reads it).
     */
    void impact(Context ctx) {
        ChangeSet cs = change(ctx);
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase();
        String body = ctx.body();
        String from = ctx.queryParam("from");
        String to = ctx.queryParam("to");
        if (body.isBlank() && from == null && to == null) {
            throw new ApiException(400, "the request body is empty: send NDJSON situations, a JSON array of them, or a sitrep CSV (Content-Type: text/csv); "
                    + "or choose kept evaluations by period with ?from=...&to=... and no body");
        }
        List<JsonNode> situations = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        if (body.isBlank()) {
            // kept evaluations recorded in the period, from the audit trail, their situations as they were sent
            EvaluationQuery q = new EvaluationQuery(instant("from", from), instant("to", to), null, null, null, null, null, null, 0);
            evaluations.forEach(q, e -> {
                if (situations.size() < MAX_KEPT) {
                    situations.add(e.input());
                    labels.add(label(e.input(), e.id()) + " (" + e.id() + ")");
                }
            });
            if (situations.isEmpty()) throw new ApiException(400, "no kept evaluation was recorded in that period");
        } else if (type.startsWith("text/csv")) {
            SitrepFile.Contents contents;
            try {
                contents = SitrepFile.read(new StringReader(body));
            } catch (IOException | RuntimeException e) {
                throw new ApiException(400, "not a sitrep CSV (provider,region,code,date,measure,value): " + e.getMessage());
            }
            if (contents.trustDays().isEmpty()) {
                throw new ApiException(400, "no trust-days in the CSV (expected provider,region,code,date,measure,value rows)",
                        contents.problems().stream().limit(10).map(p -> new FieldError("", p)).toList());
            }
            for (SitrepFile.TrustDay d : contents.trustDays()) {
                situations.add(d.situation());
                labels.add(d.code() + " " + d.date());
            }
        } else if (type.contains("ndjson") || type.contains("jsonl")) {
            String[] lines = body.split("\r?\n");
            List<FieldError> bad = new ArrayList<>();
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].isBlank()) continue;
                try {
                    situations.add(Json.mapper().readTree(lines[i]));
                    labels.add(label(situations.get(situations.size() - 1), "line " + (i + 1)));
                } catch (JsonProcessingException e) {
                    bad.add(new FieldError("line " + (i + 1), e.getOriginalMessage()));
                }
            }
            if (!bad.isEmpty()) throw new ApiException(400, bad.size() + " line(s) are not JSON", bad.stream().limit(20).toList());
        } else if (type.startsWith("application/json")) {
            JsonNode array = Bodies.json(ctx, body);
            if (!array.isArray()) throw new ApiException(400, "expected a JSON array of situations, NDJSON (application/x-ndjson) or a sitrep CSV (text/csv)");
            for (int i = 0; i < array.size(); i++) {
                situations.add(array.get(i));
                labels.add(label(array.get(i), "item " + i));
            }
        } else {
            throw new ApiException(415, "send NDJSON situations (application/x-ndjson), a JSON array (application/json) or a sitrep CSV (text/csv)");
        }
        if (situations.isEmpty()) throw new ApiException(400, "no situations in the body");
        ctx.json(sets.rules().impact(cs.id(), sets.candidateFiles(cs), situations, labels,
                (ruleset, items) -> evaluations.evaluateBatch(ruleset, items, false)));
    }

    /** Kept evaluations taken from the audit trail at most, so a period cannot ask for an unbounded run. */
    private static final int MAX_KEPT = 50_000;

    private static java.time.Instant instant(String field, String value) {
        if (value == null || value.isBlank()) return null;
        try {
            return java.time.OffsetDateTime.parse(value).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            try {
                return java.time.LocalDate.parse(value).atStartOfDay(winterroom.engine.Evaluator.LONDON).toInstant();
            } catch (java.time.format.DateTimeParseException e2) {
                throw new ApiException(400, field + " must be a date (2019-01-14) or a date and time with offset", List.of(new FieldError(field, "got '" + value + "'")));
            }
        }
    }

    private static String label(JsonNode s, String otherwise) {
        String asOf = s.path("asOf").asText("");
        String system = s.path("system").asText("");
        String first = s.path("organisations").path(0).path("code").asText("");
        String l = String.join(" ", List.of(first, asOf.length() >= 10 ? asOf.substring(0, 10) : asOf).stream().filter(x -> !x.isBlank()).toList());
        return l.isBlank() ? (system.isBlank() ? otherwise : system) : l;
    }

    private Map<String, Object> fourEyes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("possible", sets.fourEyesPossible());
        m.put("rule", "a change is activated when a second policy owner approves it; an emergency change is activated at once and awaits a retrospective approval");
        if (!sets.fourEyesPossible()) m.put("localUse", ChangeSets.LOCAL_FOUR_EYES);
        return m;
    }

    private Map<String, Object> describe(ChangeSet cs, boolean full) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", cs.id());
        m.put("state", cs.state());
        m.put("emergency", cs.emergency());
        m.put("author", cs.author());
        m.put("note", cs.note());
        m.put("proposedAt", cs.proposedAt());
        m.put("base", cs.base());
        m.put("candidate", cs.candidate());
        m.put("files", cs.files().entrySet().stream().map(f -> Map.of("name", f.getKey(), "bytes", f.getValue().length)).toList());
        m.put("delete", cs.delete());
        m.put("stale", sets.stale(cs));
        m.put("awaiting", awaiting(cs));
        m.put("approvals", cs.approvals());
        m.put("activation", cs.activation());
        if (!sets.fourEyesPossible()) m.put("fourEyes", ChangeSets.LOCAL_FOUR_EYES);
        if (full) {
            sets.validation(cs).ifPresent(v -> m.put("validation", Map.of("valid", v.ok(), "errors", v.errors(), "warnings", v.warnings())));
            sets.preview(cs).ifPresent(p -> m.put("preview", p));
        }
        return m;
    }

    private String awaiting(ChangeSet cs) {
        if (cs.awaitingRetrospectiveApproval()) return "a retrospective approval by a second policy owner (activated as an emergency by " + cs.author() + ")";
        if (cs.state().equals("pending")) {
            return sets.stale(cs) ? "nothing: the active ruleset changed since it was proposed, so it must be proposed again"
                    : "approval by a second policy owner (not " + cs.author() + ")";
        }
        return null;
    }

    private ChangeSet change(Context ctx) {
        String id = ctx.pathParam("id");
        return sets.find(id).orElseThrow(() -> ApiException.notFound("change '" + id + "'"));
    }

    private RulesetVersion version(String hash) {
        return sets.rules().versions().find(hash).orElseThrow(() -> ApiException.notFound("ruleset version '" + hash + "'"));
    }

    private static boolean force(Context ctx) {
        String f = ctx.queryParam("force");
        if (f == null || f.equals("false")) return false;
        if (f.equals("true")) return true;
        throw new ApiException(400, "force must be true or false", List.of(new FieldError("force", "got '" + f + "'")));
    }
}
