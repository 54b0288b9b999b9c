package winterroom.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import winterroom.Json;
import winterroom.audit.NewRecord;
import winterroom.audit.PreparedRecord;
import winterroom.audit.RecordKind;
import winterroom.engine.EvaluationResult;
import winterroom.engine.Evaluator;
import winterroom.policy.ActiveRuleset;
import winterroom.policy.Ruleset;
import winterroom.situation.Situation;
import winterroom.situation.SituationParser;
import winterroom.situation.SituationSchema;
import winterroom.store.AuditEvaluationStore;
import winterroom.store.ResultJson;
import winterroom.api.EvaluationAnswer;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * CPU and allocation of each step of {@code POST /api/v1/evaluations} outside Jetty, in this thread, for the Leeds
 * situation: measured by the thread's own counters (CPU time, bytes allocated), so other work on a shared machine
 * slows it but does not add to it. {@code before} steps are the request's path as it was (the result turned into
 * a tree twice, once for the record and once for the answer), kept here to compare with.
 *
 * <pre>java -cp "$CP" winterroom.bench.RequestPathCost [rounds]</pre>
 */
public final class RequestPathCost {
    static Ruleset ruleset;
    static Evaluator evaluator;
    static byte[] body;
    static JsonNode input;
    static Situation situation;
    static EvaluationResult result;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        ruleset = ActiveRuleset.load(Path.of("rules")).get();
        evaluator = new Evaluator(Json.mapper(), 20000);
        body = Files.readAllBytes(Path.of("scenarios/leeds-whole-system-winter-day.json"));
        input = Json.mapper().readTree(body);
        situation = SituationParser.parse(input, ruleset.catalogues());
        result = evaluator.evaluate(ruleset, situation, "bench", Instant.now());

        Map<String, Supplier<Object>> steps = new LinkedHashMap<>();
        steps.put("request body parsed (readTree of the bytes)", () -> readTree(body));
        steps.put("request body as text, then parsed (before)", () -> readTree(new String(body, StandardCharsets.UTF_8)));
        steps.put("schema validation", () -> SituationSchema.bundled().situationProblems(input));
        steps.put("situation read and checked (schema included)", () -> SituationParser.parse(input, ruleset.catalogues()));
        steps.put("engine", () -> evaluator.evaluate(ruleset, situation, "bench", Instant.now()));
        steps.put("result turned into a tree (before: twice a request)", () -> Json.mapper().valueToTree(result));
        steps.put("record prepared from the tree (before)", RequestPathCost::recordBefore);
        steps.put("answer from a tree, as text (before)", RequestPathCost::answerBefore);
        steps.put("outside the engine, all of the above (before)", () -> {
            JsonNode in = readTree(new String(body, StandardCharsets.UTF_8));
            SituationParser.parse(in, ruleset.catalogues());
            recordBefore();
            return answerBefore();
        });
        steps.put("result written once (now)", () -> ResultJson.write(result, ResultJson::length));
        byte[] written = ResultJson.write(result, j -> java.util.Arrays.copyOf(j.bytes(), j.length()));
        byte[] inputJson = Json.mapper().writeValueAsBytes(input);
        NewRecord record = new NewRecord(result.id(), RecordKind.EVALUATION, null, "bench", result.rulesetVersion(), result.asOf(),
                AuditEvaluationStore.tags(result), input, result);
        steps.put("record: its JSON compressed (zstd) and hashed (now)", () -> PreparedRecord.written(record, inputJson, written, written.length));
        steps.put("result written, the answer written from it (now)", () -> ResultJson.write(result, j -> {
            EvaluationAnswer.write(j, "bench", Set.of(), java.io.OutputStream.nullOutputStream());
            return j.length();
        }));
        steps.put("record prepared, answer written from its bytes (now)", RequestPathCost::recordAndAnswerNow);
        steps.put("outside the engine (now)", () -> {
            JsonNode in = readTree(body);
            SituationParser.parse(in, ruleset.catalogues());
            return recordAndAnswerNow();
        });

        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        for (int round = 1; round <= rounds; round++) {
            System.out.printf("%nround %d (load %s)%n%-52s %10s %12s%n", round, LoadGenerator.loadAverage(), "step", "µs CPU", "KB allocated");
            for (var step : steps.entrySet()) {
                Supplier<Object> s = step.getValue();
                int n = step.getKey().startsWith("engine") || step.getKey().startsWith("outside") ? 300 : 600;
                for (int i = 0; i < n; i++) s.get();   // warm
                long cpu0 = mx.getCurrentThreadCpuTime(), alloc0 = mx.getThreadAllocatedBytes(self);
                for (int i = 0; i < n; i++) s.get();
                long cpu = mx.getCurrentThreadCpuTime() - cpu0, alloc = mx.getThreadAllocatedBytes(self) - alloc0;
                System.out.printf("%-52s %10.1f %12.1f%n", step.getKey(), cpu / 1e3 / n, alloc / 1024.0 / n);
            }
        }
    }

    static JsonNode readTree(Object json) {
        try {
            return json instanceof byte[] b ? Json.mapper().readTree(b) : Json.mapper().readTree((String) json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What EvaluationService and EvaluationController do now around the engine, but for queueing the record and the network. */
    static Object recordAndAnswerNow() {
        byte[] in = AuditEvaluationStore.json(input);
        return ResultJson.write(result, json -> {
            PreparedRecord r = AuditEvaluationStore.prepared("bench", input, in, result, json);
            EvaluationAnswer.write(json, "bench", Set.of(), java.io.OutputStream.nullOutputStream());
            return r;
        });
    }

    /** AuditEvaluationStore.record and PreparedRecord.of as they were: the tree, written, compressed and hashed. */
    static Object recordBefore() {
        return PreparedRecord.of(new NewRecord(result.id(), RecordKind.EVALUATION, null, "bench", result.rulesetVersion(), result.asOf(),
                AuditEvaluationStore.tags(result), input, Json.mapper().valueToTree(result)));
    }

    /** EvaluationController.create's answer as it was: the tree again, edited, written by Javalin as a String, sent as bytes. */
    static Object answerBefore() {
        JsonNode tree = Json.mapper().valueToTree(result);
        ObjectNode out = Json.mapper().createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            out.set(f.getKey(), f.getValue());
            if (f.getKey().equals("rulesetVersion")) out.put("requestedBy", "bench");
        }
        if (out.has("actionPlan")) out.remove("recommendations");
        out.remove("audit");
        out.put("auditUrl", "/api/v1/evaluations/" + out.path("id").asText() + "/audit");
        try {
            return Json.mapper().writeValueAsString(out).getBytes(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
