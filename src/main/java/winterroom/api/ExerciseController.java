package winterroom.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.sse.SseClient;
import winterroom.Json;
import winterroom.auth.Caller;
import winterroom.auth.Role;
import winterroom.exercise.ExerciseReport;
import winterroom.exercise.ReplayResult;
import winterroom.exercise.TimelineChart;
import winterroom.service.ExerciseService;
import winterroom.service.ExerciseService.Who;
import winterroom.store.ExerciseStore.Participant;
import winterroom.store.StoredExercise;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * HTTP face of desk-top exercises: whole replays, exercises run live by a facilitator with participants and
 * observers, the room's decisions and lessons, live updates, and the reports.
 */
final class ExerciseController {
    static final String PARTICIPANT = "winterroom.participant";

    private final ExerciseService exercises;
    /** The open event streams, closed when the server stops so that shutdown does not wait on them. */
    private final java.util.Set<SseClient> streams = java.util.concurrent.ConcurrentHashMap.newKeySet();

    ExerciseController(ExerciseService exercises) { this.exercises = exercises; }

    /**
     * The caller a participant's token stands for, where the request stays inside that participant's exercise
     * (its own routes, the catalogue for the decision form, and who-am-I): a viewer, changing nothing but what the
     * exercise routes let a participant change.
     */
    static Optional<Caller> participantCaller(ExerciseService exercises, String token, String path) {
        return exercises.participant(token)
                .filter(p -> path.equals("/api/v1/exercises/" + p.exercise()) || path.startsWith("/api/v1/exercises/" + p.exercise() + "/")
                        || path.startsWith("/api/v1/catalogue/") || path.equals("/api/v1/me"))
                .map(p -> new Caller("participant:" + p.name() + (p.org() == null ? "" : " (" + p.org() + ")"), Role.VIEWER));
    }

    void replay(Context ctx) {
        ReplayResult r = exercises.replay(Bodies.json(ctx));
        ctx.json(withAudit(ctx) ? r : r.withoutAudit());
    }

    void start(Context ctx) {
        facilitatorOnly(ctx);
        var r = exercises.start(Bodies.json(ctx), Actor.of(ctx));
        ctx.status(HttpStatus.CREATED).header("Location", "/api/v1/exercises/" + r.timeline().id()).json(withAudit(ctx) ? r : r.withoutAudit());
    }

    void list(Context ctx) {
        String state = ctx.queryParam("state");
        StoredExercise.State wanted = null;
        if (state != null && !state.isBlank()) {
            try {
                wanted = StoredExercise.State.valueOf(state);
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "state must be 'live' or 'ended', not '" + state + "'");
            }
        }
        int limit = 200;
        String l = ctx.queryParam("limit");
        if (l != null) {
            try {
                limit = Integer.parseInt(l);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > 1000) throw new ApiException(400, "limit must be a whole number from 1 to 1000");
        }
        ctx.json(Map.of("items", exercises.list(wanted, limit)));
    }

    void step(Context ctx) {
        facilitatorOnly(ctx);
        JsonNode inject = Bodies.isEmpty(ctx) ? null : Bodies.json(ctx);
        if (inject != null && !inject.isObject()) throw new ApiException(400, "an inject must be a JSON object shaped like a step");
        var step = guard(() -> exercises.step(ctx.pathParam("id"), inject, Actor.of(ctx)));
        ctx.status(HttpStatus.CREATED).json(withAudit(ctx) ? step : step.withoutAudit());
    }

    void get(Context ctx) {
        var r = guard(() -> exercises.exercise(ctx.pathParam("id")));
        if (participant(ctx) != null) r = r.forParticipant();
        ctx.json(withAudit(ctx) ? r : r.withoutAudit());
    }

    void report(Context ctx) {
        ctx.json(ExerciseReport.json(guard(() -> exercises.debrief(ctx.pathParam("id")))));
    }

    void reportHtml(Context ctx) {
        ctx.contentType("text/html; charset=utf-8").result(ExerciseReport.html(guard(() -> exercises.debrief(ctx.pathParam("id")))));
    }

    void reportPdf(Context ctx) {
        String id = ctx.pathParam("id");
        byte[] pdf = ExerciseReport.pdf(guard(() -> exercises.debrief(id)));
        ctx.contentType("application/pdf").header("Content-Disposition", "inline; filename=\"exercise-" + id + "-report.pdf\"").result(pdf);
    }

    void chart(Context ctx) {
        ctx.contentType("image/svg+xml; charset=utf-8").result(TimelineChart.svg(guard(() -> exercises.timeline(ctx.pathParam("id")))));
    }

    void end(Context ctx) {
        facilitatorOnly(ctx);
        var r = guard(() -> exercises.end(ctx.pathParam("id"), Actor.of(ctx)));
        ctx.json(withAudit(ctx) ? r : r.withoutAudit());
    }

    void delete(Context ctx) {
        facilitatorOnly(ctx);
        guard(() -> { exercises.delete(ctx.pathParam("id"), Actor.of(ctx)); return null; });
        ctx.status(HttpStatus.NO_CONTENT);
    }

    void join(Context ctx) {
        var joined = guard(() -> {
            try {
                return exercises.join(ctx.pathParam("id"), Bodies.json(ctx), ctx.ip());
            } catch (ExerciseService.TooManyAttempts e) {
                ctx.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
                throw new ApiException(429, e.getMessage());
            }
        });
        ctx.status(HttpStatus.CREATED).json(joined);
    }

    void decide(Context ctx) {
        Participant p = participant(ctx);
        Who who;
        if (p != null) {
            who = new Who(p.name(), p);
        } else {
            Caller c = ctx.attribute(Actor.CALLER);
            if (c != null && !c.role().includes(Role.ASSESSOR)) {
                throw new ApiException(403, "recording a decision needs a participant's token for this exercise, or the ASSESSOR role to record it for the room; "
                        + c.name() + " has " + c.role());
            }
            who = Who.facilitator(Actor.of(ctx));
        }
        JsonNode body = Bodies.json(ctx);
        var d = guard(() -> exercises.decide(ctx.pathParam("id"), body, who));
        ctx.status(HttpStatus.CREATED).json(d);
    }

    void clock(Context ctx) {
        ctx.json(guard(() -> exercises.clock(ctx.pathParam("id"))));
    }

    void setClock(Context ctx) {
        facilitatorOnly(ctx);
        JsonNode body = Bodies.json(ctx);
        ctx.json(guard(() -> exercises.setClock(ctx.pathParam("id"), body, Actor.of(ctx))));
    }

    void addLesson(Context ctx) {
        facilitatorOnly(ctx);
        var l = guard(() -> exercises.lesson(ctx.pathParam("id"), null, Bodies.json(ctx), Actor.of(ctx)));
        ctx.status(HttpStatus.CREATED).json(l);
    }

    void editLesson(Context ctx) {
        facilitatorOnly(ctx);
        ctx.json(guard(() -> exercises.lesson(ctx.pathParam("id"), ctx.pathParam("lesson"), Bodies.json(ctx), Actor.of(ctx))));
    }

    /** Live updates: an event each time the exercise changes, so every open view reads it again. */
    void requireExercise(String id) {
        if (!exercises.exists(id)) throw ApiException.notFound("exercise " + id);
    }

    void events(SseClient client) {
        String id = client.ctx().pathParam("id");
        if (!exercises.exists(id)) {
            client.sendEvent("gone", Json.mapper().createObjectNode().put("error", "no such exercise: " + id).toString());
            client.close();
            return;
        }
        client.keepAlive();
        Runnable stop = exercises.updates().subscribe(id, what -> {
            if (client.terminated()) return;
            if (what.equals("heartbeat")) client.sendComment("heartbeat");
            else client.sendEvent("change", Json.mapper().createObjectNode().put("exercise", id).put("what", what).toString());
        });
        streams.add(client);
        client.onClose(() -> {
            stop.run();
            streams.remove(client);
        });
        client.sendEvent("ready", Json.mapper().createObjectNode().put("exercise", id).toString());
    }

    /** Ends every open event stream (the pages reconnect to whichever instance serves them next). */
    void closeStreams() {
        for (SseClient c : List.copyOf(streams)) {
            try { c.close(); } catch (RuntimeException ignored) { /* already gone */ }
        }
        streams.clear();
    }

    /** The participant whose token the request carries, if any (in local mode as well, so they are told apart). */
    private Participant participant(Context ctx) {
        Participant known = ctx.attribute(PARTICIPANT);
        if (known != null) return known;
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
        Participant p = exercises.participant(header.substring(7)).orElse(null);
        if (p != null) ctx.attribute(PARTICIPANT, p);
        return p;
    }

    /** Steps, injects, the clock, the end and lessons are the facilitator's: a participant's token does not reach them. */
    private void facilitatorOnly(Context ctx) {
        Participant p = participant(ctx);
        if (p != null) throw new ApiException(403, "only the facilitator does this; " + p.name() + " joined as " + p.role());
    }

    /** Audit trails make replies large; ?audit=false leaves them out. */
    private static boolean withAudit(Context ctx) { return !"false".equals(ctx.queryParam("audit")); }

    private static <T> T guard(Supplier<T> call) {
        try {
            return call.get();
        } catch (NoSuchElementException e) {
            throw ApiException.notFound(e.getMessage());
        } catch (ExerciseService.Conflict e) {
            throw new ApiException(409, e.getMessage());
        } catch (ExerciseService.Forbidden e) {
            throw new ApiException(403, e.getMessage());
        }
    }
}
