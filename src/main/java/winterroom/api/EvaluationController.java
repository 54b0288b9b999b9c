package winterroom.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import winterroom.Json;
import winterroom.changes.Difference;
import winterroom.changes.ResultDiff;
import winterroom.changes.RuleChanges;
import winterroom.engine.EvaluationResult;
import winterroom.policy.Ruleset;
import winterroom.service.EvaluationService;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** HTTP face of evaluations: submit a situation, read a result back, re-run it on the ruleset that produced it. */
final class EvaluationController {
    private final EvaluationService evaluations;
    private final RuleChanges ruleChanges;

    EvaluationController(EvaluationService evaluations, RuleChanges ruleChanges) {
        this.evaluations = evaluations;
        this.ruleChanges = ruleChanges;
    }

    void create(Context ctx) {
        String actor = Actor.of(ctx);
        var result = evaluations.evaluate(Bodies.json(ctx), actor);
        ctx.status(HttpStatus.CREATED).header("Location", "/api/v1/evaluations/" + result.id()).json(withRequester(result, actor));
    }

    void get(Context ctx) {
        String id = ctx.pathParam("id");
        var stored = evaluations.find(id).orElseThrow(() -> ApiException.notFound("evaluation '" + id + "'"));
        ctx.json(withRequester(stored.result(), stored.actor()));
    }

    /**
     * Evaluates a kept situation again, on the ruleset version that produced it (or ?version=HASH),
     * and says whether the outcome is the same. Nothing new is stored.
     */
    void rerun(Context ctx) {
        String id = ctx.pathParam("id");
        var stored = evaluations.find(id).orElseThrow(() -> ApiException.notFound("evaluation '" + id + "'"));
        String version = ctx.queryParam("version") == null ? stored.result().rulesetVersion() : ctx.queryParam("version");
        Ruleset ruleset = ruleChanges.ruleset(version).orElseThrow(() -> ApiException.notFound("ruleset version '" + version + "'"));
        EvaluationResult again = evaluations.evaluateOnly(stored.input(), ruleset);
        List<Difference> differences = ResultDiff.between(stored.result(), again);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("evaluation", id);
        body.put("originalRulesetVersion", stored.result().rulesetVersion());
        body.put("rulesetVersion", ruleset.version());
        body.put("sameOutcome", differences.isEmpty());
        body.put("differences", differences);
        body.put("result", again);
        ctx.json(body);
    }

    /** The result with who asked for it, next to its id and ruleset version. */
    private static JsonNode withRequester(EvaluationResult result, String actor) {
        ObjectNode all = Json.mapper().valueToTree(result);
        ObjectNode out = Json.mapper().createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = all.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            out.set(f.getKey(), f.getValue());
            if (f.getKey().equals("rulesetVersion")) out.put("requestedBy", actor);
        }
        return out;
    }
}
