package winterroom.api;

import io.javalin.http.Context;
import winterroom.policy.Ruleset;
import winterroom.service.EvaluationService;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** HTTP face of the active ruleset: its files and rules, and the catalogues that came with it. */
final class RulesController {
    private final EvaluationService evaluations;

    RulesController(EvaluationService evaluations) { this.evaluations = evaluations; }

    void rules(Context ctx) {
        Ruleset r = evaluations.ruleset();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", r.version());
        body.put("compiledAt", r.compiledAt());
        body.put("files", r.files().entrySet().stream()
                .map(f -> Map.of("name", f.getKey(), "bytes", f.getValue().length)).toList());
        body.put("rules", r.rules());
        body.put("warnings", r.warnings());
        ctx.json(body);
    }

    void metrics(Context ctx) { ctx.json(List.copyOf(evaluations.ruleset().catalogues().metrics().values())); }

    void actions(Context ctx) { ctx.json(List.copyOf(evaluations.ruleset().catalogues().actions().values())); }

    void principles(Context ctx) { ctx.json(List.copyOf(evaluations.ruleset().catalogues().principles().values())); }

    void organisations(Context ctx) { ctx.json(List.copyOf(evaluations.ruleset().catalogues().organisations().values())); }

    /** Alive: the process answers. */
    void health(Context ctx) {
        ctx.json(Map.of("status", "ok", "rulesetVersion", evaluations.ruleset().version()));
    }

    /** Ready: rules compiled and the store reachable; 503 until both hold. */
    void ready(Context ctx) {
        boolean rules = evaluations.ruleset() != null;
        boolean store = evaluations.storeReachable();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ready", rules && store);
        body.put("rulesCompiled", rules);
        body.put("storeReachable", store);
        if (rules) body.put("rulesetVersion", evaluations.ruleset().version());
        ctx.status(rules && store ? 200 : 503).json(body);
    }
}
