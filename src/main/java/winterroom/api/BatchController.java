package winterroom.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.javalin.http.Context;
import winterroom.Json;
import winterroom.policy.Ruleset;
import winterroom.service.BatchItem;
import winterroom.service.CompactResult;
import winterroom.service.EvaluationService;
import winterroom.situation.FieldError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * HTTP face of batch evaluation: a JSON array, or NDJSON (one situation a line, Content-Type
 * application/x-ndjson), in; one compact result per situation out, in input order. Each item is
 * checked alone, so a bad item is reported by its index and the others are still evaluated.
 * {@code ?audit=full} adds each full result with its audit trail. The batch joins the audit trail as one BATCH
 * record (the items as received, the compact results) whose id the answer gives as {@code batchId}.
 */
final class BatchController {
    private final EvaluationService evaluations;
    /**
     * Batch bodies being worked on at once, in KiB: one batch of the largest size, or many small ones. A batch
     * expands many times over as it is parsed and evaluated, so unbounded concurrent batches could exhaust the heap.
     */
    private final java.util.concurrent.Semaphore inFlightKib;
    private final int budgetKib;

    BatchController(EvaluationService evaluations, long batchMaxBytes) {
        this.evaluations = evaluations;
        this.budgetKib = (int) Math.max(1, Math.min(Integer.MAX_VALUE, batchMaxBytes / 1024));
        this.inFlightKib = new java.util.concurrent.Semaphore(budgetKib);
    }

    void evaluate(Context ctx) {
        long length = ctx.req().getContentLengthLong();
        // a body of unknown length (chunked) is counted as the largest a batch may be
        int kib = length < 0 ? budgetKib : (int) Math.min(budgetKib, Math.max(1, (length + 1023) / 1024));
        if (!inFlightKib.tryAcquire(kib)) {
            ctx.header("Retry-After", "5");
            // Read a small body to nowhere before answering, so the client (still sending) gets the 429 rather than a
            // connection reset under it; a larger one is refused unread and its connection closed.
            if (length >= 0 && length <= Bodies.MAX_BYTES) {
                try {
                    ctx.req().getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                } catch (java.io.IOException gone) {
                    ctx.header("Connection", "close");
                }
            } else {
                ctx.header("Connection", "close");
            }
            throw new ApiException(429, "other batches are being evaluated; send this one again in a few seconds");
        }
        try {
            evaluateBody(ctx);
        } finally {
            inFlightKib.release(kib);
        }
    }

    private void evaluateBody(Context ctx) {
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
        ArrayNode received = Json.mapper().createArrayNode();   // every item in order, unreadable lines as their text
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
                    received.add(items.get(items.size() - 1));
                } catch (JsonProcessingException e) {
                    received.add(lines[line]);
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
            received.addAll((ArrayNode) array);
        }
        if (items.isEmpty() && unreadable.isEmpty()) throw new ApiException(400, "the batch has no situations");

        long started = System.nanoTime();
        Ruleset ruleset = evaluations.ruleset();
        List<BatchItem> evaluated = evaluations.evaluateBatch(ruleset, items, full);
        long millis = (System.nanoTime() - started) / 1_000_000;

        List<CompactResult> results = new ArrayList<>(items.size() + unreadable.size());
        List<CompactResult> compact = new ArrayList<>(items.size() + unreadable.size());
        int next = 0;
        for (int index = 0; index < items.size() + unreadable.size(); index++) {
            BatchItem item = unreadable.get(index);
            if (item == null) {
                BatchItem e = evaluated.get(next++);
                item = new BatchItem(index, e.result(), e.error(), e.details());
            }
            results.add(CompactResult.of(item, full));
            compact.add(full ? CompactResult.of(item, false) : results.get(results.size() - 1));
        }
        long invalid = results.stream().filter(r -> r.error() != null).count();
        String batchId = UUID.randomUUID().toString();
        Map<String, Object> kept = new LinkedHashMap<>();
        kept.put("rulesetVersion", ruleset.version());
        kept.put("count", results.size());
        kept.put("evaluated", results.size() - invalid);
        kept.put("invalid", invalid);
        kept.put("results", compact);
        evaluations.recordBatch(batchId, Actor.of(ctx), ruleset.version(), received, kept);   // 503 when it cannot be kept

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("batchId", batchId);
        out.put("rulesetVersion", ruleset.version());
        out.put("count", results.size());
        out.put("evaluated", results.size() - invalid);
        out.put("invalid", invalid);
        out.put("evaluationMillis", millis);
        out.put("results", results);
        ctx.json(out);
    }
}
