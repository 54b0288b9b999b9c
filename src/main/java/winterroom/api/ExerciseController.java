package winterroom.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import winterroom.exercise.ExerciseReport;
import winterroom.exercise.ReplayResult;
import winterroom.service.ExerciseService;

import java.util.NoSuchElementException;

/** HTTP face of desk-top exercises: whole replays, live exercises step by step, and their reports. */
final class ExerciseController {
    private final ExerciseService exercises;

    ExerciseController(ExerciseService exercises) { this.exercises = exercises; }

    void replay(Context ctx) {
        ReplayResult r = exercises.replay(Bodies.json(ctx));
        ctx.json(withAudit(ctx) ? r : r.withoutAudit());
    }

    void start(Context ctx) {
        ReplayResult r = exercises.start(Bodies.json(ctx), Actor.of(ctx));
        ctx.status(HttpStatus.CREATED).header("Location", "/api/v1/exercises/" + r.id()).json(r);
    }

    void step(Context ctx) {
        JsonNode inject = ctx.body().isBlank() ? null : Bodies.json(ctx);
        if (inject != null && !inject.isObject()) throw new ApiException(400, "an inject must be a JSON object shaped like a step");
        var step = guard(ctx, () -> exercises.step(ctx.pathParam("id"), inject, Actor.of(ctx)));
        ctx.status(HttpStatus.CREATED).json(withAudit(ctx) ? step : step.withoutAudit());
    }

    void get(Context ctx) {
        ReplayResult r = guard(ctx, () -> exercises.timeline(ctx.pathParam("id")));
        ctx.json(withAudit(ctx) ? r : r.withoutAudit());
    }

    void report(Context ctx) {
        ctx.json(ExerciseReport.json(guard(ctx, () -> exercises.timeline(ctx.pathParam("id")))));
    }

    void reportHtml(Context ctx) {
        ctx.contentType("text/html; charset=utf-8").result(ExerciseReport.html(guard(ctx, () -> exercises.timeline(ctx.pathParam("id")))));
    }

    void end(Context ctx) {
        String id = ctx.pathParam("id");
        if (!exercises.end(id, Actor.of(ctx))) throw ApiException.notFound("exercise '" + id + "'");
        ctx.status(HttpStatus.NO_CONTENT);
    }

    /** Audit trails make replies large; ?audit=false leaves them out. */
    private static boolean withAudit(Context ctx) { return !"false".equals(ctx.queryParam("audit")); }

    private static <T> T guard(Context ctx, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (NoSuchElementException e) {
            throw ApiException.notFound(e.getMessage());
        } catch (ExerciseService.Conflict e) {
            throw new ApiException(409, e.getMessage());
        }
    }
}
