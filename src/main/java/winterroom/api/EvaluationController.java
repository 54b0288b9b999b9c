package winterroom.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import winterroom.Json;
import winterroom.changes.Difference;
import winterroom.changes.ResultDiff;
import winterroom.changes.RuleChanges;
import winterroom.engine.EvaluationResult;
import winterroom.policy.Ruleset;
import winterroom.service.EvaluationService;
import winterroom.situation.FieldError;
import winterroom.store.EvaluationQuery;
import winterroom.summary.PlainTextSummary;
import winterroom.store.EvaluationSummary;
import winterroom.store.StoredEvaluation;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * HTTP face of evaluations: submit a situation, read results back, search and export them, re-run one on the
 * ruleset that produced it or another.
 */
final class EvaluationController {
    private static final Set<String> FILTERS = Set.of("from", "to", "asOfFrom", "asOfTo", "org", "trigger", "breach", "limit", "cursor");
    private static final List<String> INCLUDABLE = List.of("recommendations", "audit");
    private static final CsvMapper CSV = new CsvMapper();
    private static final CsvSchema CSV_SCHEMA = CSV.schemaFor(CsvRow.class).withHeader();

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EvaluationController.class);
    /** Past Javalin's threshold for compressing (1,500 bytes), so a client that accepts gzip gets the answer gzipped. */
    private static final int ANSWER_BUFFER = 8 * 1024;

    private final EvaluationService evaluations;
    private final RuleChanges ruleChanges;

    EvaluationController(EvaluationService evaluations, RuleChanges ruleChanges) {
        this.evaluations = evaluations;
        this.ruleChanges = ruleChanges;
    }

    void create(Context ctx) {
        String actor = Actor.of(ctx);
        Set<String> include = include(ctx);
        // the answer is written from the result's JSON as the record was made from it, once the record is durable:
        // no tree of the result is built, and no array of the answer
        evaluations.evaluate(Bodies.json(ctx), actor, written -> {
            ctx.status(HttpStatus.CREATED).header("Location", "/api/v1/evaluations/" + written.result().id())
                    .contentType(ContentType.APPLICATION_JSON);
            // buffered: Javalin decides whether to compress from the size of the first write it sees
            var out = new java.io.BufferedOutputStream(ctx.outputStream(), ANSWER_BUFFER);
            try {
                EvaluationAnswer.write(written, actor, include, out);
                out.flush();
            } catch (UncheckedIOException | IOException gone) {
                // the evaluation is kept (durable before the answer began); the client left while it was being sent
                LOG.debug("the answer to evaluation {} was not delivered: {}", written.result().id(), gone.getMessage());
            }
            return null;
        });
    }

    /**
     * The result as it was recorded, with who asked for it; with Accept: text/plain, its summary for the on-call log
     * (organisations named from the catalogue of the ruleset that produced it).
     */
    void get(Context ctx) {
        String id = ctx.pathParam("id");
        var stored = evaluations.find(id).orElseThrow(() -> ApiException.notFound("evaluation '" + id + "'"));
        Set<String> include = include(ctx);
        if (wantsPlainText(ctx.header("Accept"))) {
            EvaluationResult result = stored.evaluationResult();
            Ruleset ruleset = ruleChanges.ruleset(result.rulesetVersion()).orElseGet(ruleChanges::active);
            ctx.contentType("text/plain; charset=utf-8").result(PlainTextSummary.of(result, ruleset.catalogues().organisations()));
            return;
        }
        ctx.json(EvaluationAnswer.of(stored.result(), stored.actor(), include));
    }

    /** The audit entries of a kept evaluation: which rule produced what, from which facts. */
    void audit(Context ctx) {
        String id = ctx.pathParam("id");
        var stored = evaluations.find(id).orElseThrow(() -> ApiException.notFound("evaluation '" + id + "'"));
        ObjectNode out = Json.mapper().createObjectNode().put("id", id);
        out.set("audit", stored.result().path("audit"));
        ctx.json(out);
    }

    /** ?include=recommendations,audit: the parts of a result the default answer leaves out. */
    private static Set<String> include(Context ctx) {
        String asked = ctx.queryParam("include");
        if (asked == null || asked.isBlank()) return Set.of();
        Set<String> parts = new java.util.LinkedHashSet<>();
        for (String p : asked.split(",")) {
            String part = p.trim();
            if (part.isEmpty()) continue;
            if (!INCLUDABLE.contains(part)) {
                throw new ApiException(400, "the query is not valid (1 problem)", List.of(new FieldError("include",
                        "'" + part + "' is not one of " + String.join(", ", INCLUDABLE))));
            }
            parts.add(part);
        }
        return parts;
    }

    /** text/plain is asked for, and ahead of JSON when both are named. */
    static boolean wantsPlainText(String accept) {
        if (accept == null) return false;
        String a = accept.toLowerCase(java.util.Locale.ROOT);
        int text = a.indexOf("text/plain");
        int json = a.indexOf("application/json");
        return text >= 0 && (json < 0 || text < json);
    }

    void list(Context ctx) {
        EvaluationQuery query = query(ctx, 50, Set.of());
        ctx.json(QueryParams.page(evaluations.list(query).map(EvaluationSummary::of)));
    }

    /** Every matching evaluation, streamed: NDJSON (one whole audit record a line) or CSV (one summary a row). */
    void export(Context ctx) {
        EvaluationQuery query = query(ctx, 0, Set.of("format"));
        String format = ctx.queryParam("format") == null ? "ndjson" : ctx.queryParam("format").trim().toLowerCase();
        if (!format.equals("ndjson") && !format.equals("csv")) {
            throw new ApiException(400, "the query is not valid (1 problem)", List.of(new FieldError("format", "'" + format + "' is not one of ndjson, csv")));
        }
        boolean csv = format.equals("csv");
        ctx.contentType(csv ? "text/csv; charset=utf-8" : "application/x-ndjson");
        ctx.header("Content-Disposition", "attachment; filename=\"evaluations." + format + "\"");
        var out = new Object() {
            OutputStream stream;
            SequenceWriter rows;

            OutputStream stream() {
                if (stream == null) stream = ctx.outputStream();
                return stream;
            }

            SequenceWriter rows() throws IOException {
                if (rows == null) rows = CSV.writer(CSV_SCHEMA).writeValues(stream());
                return rows;
            }
        };
        try {
            evaluations.forEach(query, e -> {
                try {
                    if (csv) {
                        out.rows().write(CsvRow.of(EvaluationSummary.of(e)));
                    } else {
                        out.stream().write(Json.mapper().writeValueAsBytes(e.record()));
                        out.stream().write('\n');
                    }
                } catch (IOException io) {
                    throw new UncheckedIOException(io);
                }
            });
            if (csv) out.rows().close();
            else out.stream().flush();
        } catch (IOException io) {
            throw new UncheckedIOException(io);
        }
    }

    /**
     * Evaluates a kept situation again, on the ruleset version that produced it, on ?version=HASH, or on
     * ?version=active, and says whether the outcome is the same. The re-run joins the audit trail as an
     * EVALUATION_RERUN record of the original.
     */
    void rerun(Context ctx) {
        String id = ctx.pathParam("id");
        var stored = evaluations.find(id).orElseThrow(() -> ApiException.notFound("evaluation '" + id + "'"));
        EvaluationResult original = stored.evaluationResult();
        String asked = ctx.queryParam("version");
        String version = asked == null ? original.rulesetVersion()
                : asked.equals("active") ? ruleChanges.active().version() : asked;
        Ruleset ruleset = ruleChanges.ruleset(version).orElseThrow(() -> ApiException.notFound("ruleset version '" + version + "'"));
        EvaluationResult again = evaluations.evaluateOnly(stored.input(), ruleset);
        var kept = evaluations.recordRerun(stored, again, Actor.of(ctx));
        List<Difference> differences = ResultDiff.between(original, StoredEvaluation.readResult(Json.mapper().valueToTree(again)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("evaluation", id);
        body.put("rerun", kept.id());
        body.put("originalRulesetVersion", original.rulesetVersion());
        body.put("rulesetVersion", ruleset.version());
        body.put("sameOutcome", differences.isEmpty());
        body.put("differences", differences);
        body.put("result", again);
        ctx.json(body);
    }

    private static EvaluationQuery query(Context ctx, int defaultLimit, Set<String> extra) {
        Set<String> known = new java.util.HashSet<>(FILTERS);
        known.addAll(extra);
        QueryParams q = new QueryParams(ctx, known);
        var from = q.instant("from");
        var to = q.instant("to");
        var asOfFrom = q.instant("asOfFrom");
        var asOfTo = q.instant("asOfTo");
        q.require(from == null || to == null || from.isBefore(to), "to", "must be after from");
        q.require(asOfFrom == null || asOfTo == null || asOfFrom.isBefore(asOfTo), "asOfTo", "must be after asOfFrom");
        EvaluationQuery query = new EvaluationQuery(from, to, asOfFrom, asOfTo, q.code("org"), q.code("trigger"), q.code("breach"),
                q.cursor(), q.limit(defaultLimit));
        q.check();
        return query;
    }

    /** A CSV row: lists are joined with spaces. */
    @JsonPropertyOrder({"seq", "id", "recordedAt", "actor", "rulesetVersion", "asOf", "system", "orgs", "systemOpel",
            "exceptionReportRequired", "triggers", "breaches", "recommendations", "subject", "hash"})
    record CsvRow(long seq, String id, String recordedAt, String actor, String rulesetVersion, String asOf, String system,
                  String orgs, Integer systemOpel, boolean exceptionReportRequired, String triggers, String breaches,
                  String recommendations, String subject, String hash) {
        static CsvRow of(EvaluationSummary s) {
            return new CsvRow(s.seq(), s.id(), s.recordedAt().toString(), cell(s.actor()), s.rulesetVersion(),
                    s.asOf() == null ? null : s.asOf().toString(), cell(s.system()), cell(String.join(" ", s.orgs())), s.systemOpel(),
                    s.exceptionReportRequired(), String.join(" ", s.triggers()), String.join(" ", s.breaches()),
                    String.join(" ", s.recommendations()), cell(s.subject()), s.hash());
        }

        /** A spreadsheet runs a cell that begins =, +, - or @ as a formula: such text is kept as text with a leading quote. */
        static String cell(String text) {
            if (text == null || text.isEmpty()) return text;
            char first = text.charAt(0);
            return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r' ? "'" + text : text;
        }
    }
}
