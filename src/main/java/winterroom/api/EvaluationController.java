package winterroom.api;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import winterroom.service.EvaluationService;

/** HTTP face of evaluations: submit a situation, read a result back. */
final class EvaluationController {
    private final EvaluationService evaluations;

    EvaluationController(EvaluationService evaluations) { this.evaluations = evaluations; }

    void create(Context ctx) {
        var result = evaluations.evaluate(Bodies.json(ctx), Actor.of(ctx));
        ctx.status(HttpStatus.CREATED).header("Location", "/api/v1/evaluations/" + result.id()).json(result);
    }

    void get(Context ctx) {
        String id = ctx.pathParam("id");
        var stored = evaluations.find(id).orElseThrow(() -> ApiException.notFound("evaluation '" + id + "'"));
        ctx.json(stored.result());
    }
}
