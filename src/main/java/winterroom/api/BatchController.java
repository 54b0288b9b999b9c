package winterroom.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import winterroom.Json;
import winterroom.service.BatchItem;
import winterroom.service.CompactResult;
import winterroom.service.EvaluationService;
import winterroom.situation.FieldError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HTTP face of batch evaluation: a JSON array, or NDJSON (one situation a line, Content-Type
 * application/x-ndjson), in; one compact result per situation out, in input order. Each item is
 * checked alone, so a bad item is reported by its index and the others are still evaluated.
 * {@code ?audit=full} adds each full result with its audit trail.
 */
final class BatchController {
    private final EvaluationService evaluations;

    BatchController(EvaluationService evaluations) { this.evaluations = evaluations; }

    void evaluate(Context ctx) {
        String audit = ctx.queryParam("audit");
        if (audit != null && !audit.equals("full") && !audit.equals("none")) {
            throw new ApiException(400, "audit must be 'full' or 'none'", List.of(new FieldError("audit", "unknown value '" + audit + "'")));
        }
        boolean full = "full".equals(audit);
        String body = ctx.body();
        if (body.isBlank()) throw new ApiException(400, "the request body is empty: send a JSON array of situations or NDJSON");

        // items that could be read go to the evaluator; lines that are not JSON are answered here
        List<Integer> indexes = new ArrayList<>();
        List<JsonNode> items = new ArrayList<>();
        Map<Integer, BatchItem> unreadable = new LinkedHashMap<>();
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase();
        if (type.contains("ndjson") || type.contains("jsonl")) {
            String[] lines = body.split("\r?\n");
            int index = 0;
            for (int line = 0; line < lines.length; line++) {
                if (lines[line].isBlank()) continue;
                try {
                    items.add(Json.mapper().readTree(lines[line]));
                    indexes.add(index);
                } catch (JsonProcessingException e) {
                    unreadable.put(index, BatchItem.rejected(index, "malformed JSON on line " + (line + 1),
                            List.of(new FieldError("", e.getOriginalMessage()))));
                }
                index++;
            }
        } else {
            JsonNode array = Bodies.json(ctx, body);
            if (!array.isArray()) {
                throw new ApiException(400, "a batch is a JSON array of situations (or NDJSON with Content-Type application/x-ndjson)",
                        List.of(new FieldError("", "expected a JSON array but got " + array.getNodeType().name().toLowerCase())));
            }
            for (int i = 0; i < array.size(); i++) {
                items.add(array.get(i));
                indexes.add(i);
            }
        }
        if (items.isEmpty() && unreadable.isEmpty()) throw new ApiException(400, "the batch has no situations");

        long started = System.nanoTime();
        List<BatchItem> evaluated = evaluations.evaluateBatch(items, full);
        long millis = (System.nanoTime() - started) / 1_000_000;

        List<CompactResult> results = new ArrayList<>(items.size() + unreadable.size());
        int next = 0;
        for (int index = 0; index < items.size() + unreadable.size(); index++) {
            BatchItem item = unreadable.get(index);
            if (item == null) {
                BatchItem e = evaluated.get(next++);
                item = new BatchItem(index, e.result(), e.error(), e.details());
            }
            results.add(CompactResult.of(item, full));
        }
        long invalid = results.stream().filter(r -> r.error() != null).count();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rulesetVersion", evaluations.ruleset().version());
        out.put("count", results.size());
        out.put("evaluated", results.size() - invalid);
        out.put("invalid", invalid);
        out.put("evaluationMillis", millis);
        out.put("results", results);
        ctx.json(out);
    }
}
