package winterroom.api;

import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.ThreadLimitHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import winterroom.Json;
import winterroom.auth.Access;
import winterroom.auth.Caller;
import winterroom.auth.OidcVerifier;
import winterroom.auth.Role;
import winterroom.auth.Tokens;
import winterroom.changes.ChangeRejectedException;
import winterroom.audit.Database;
import winterroom.audit.StoreUnavailableException;
import winterroom.engine.RunawayRulesException;
import winterroom.service.NotFoundException;
import winterroom.WinterRoom;
import winterroom.situation.FieldError;
import winterroom.situation.InvalidSituationException;

import java.util.List;

import static io.javalin.apibuilder.ApiBuilder.delete;
import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;
import static io.javalin.apibuilder.ApiBuilder.put;
import static io.javalin.apibuilder.ApiBuilder.sse;

/** The HTTP service: every route in one place, each handler delegating to the domain services. */
public final class WebApp {
    private static final Logger LOG = LoggerFactory.getLogger(WebApp.class);

    static final long STOP_TIMEOUT_MS = 20_000;

    /** Request threads one client address may hold at once (of Jetty's 250). */
    static final int THREADS_PER_CLIENT = 32;
    private static final long DRAIN_LIMIT = 16L * 1024 * 1024;
    static final String BATCH_PATH = "/api/v1/evaluations/batch";
    /** A change's impact takes a body of situations as large as a batch (last winter's sitrep file). */
    private static final java.util.regex.Pattern IMPACT_PATH = java.util.regex.Pattern.compile("/api/v1/rules/changes/[^/]+/impact");
    private static final java.util.regex.Pattern EVENTS_PATH = java.util.regex.Pattern.compile("/api/v1/exercises/([^/]+)/events");

    private WebApp() {}

    /** The caller of a JWT, or the answer that says why not: 401 invalid, 403 no role here, 503 provider's keys unavailable. */
    private static Caller signedIn(OidcVerifier oidc, String token, io.javalin.http.Context ctx) {
        try {
            return oidc.verify(token);
        } catch (OidcVerifier.Refused r) {
            switch (r.reason()) {
                case INVALID_TOKEN -> ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                case PROVIDER_UNAVAILABLE -> ctx.header("Retry-After", Integer.toString(OidcVerifier.RETRY_AFTER_SECONDS));
                case NO_ROLE -> { }
            }
            int status = switch (r.reason()) {
                case INVALID_TOKEN -> 401;
                case NO_ROLE -> 403;
                case PROVIDER_UNAVAILABLE -> 503;
            };
            throw new ApiException(status, r.getMessage());
        }
    }

    public static Javalin create(WinterRoom room) {
        EvaluationController evaluationApi = new EvaluationController(room.evaluations(), room.ruleChanges());
        RulesController rulesApi = new RulesController(room.evaluations());
        ScenarioController scenarioApi = new ScenarioController(room.scenarios());
        AuditController auditApi = new AuditController(room.audit());
        ScenarioController exerciseFilesApi = new ScenarioController(
                new winterroom.scenarios.ScenarioLibrary(room.config().scenariosDir().resolve("exercises")), "exercise");
        ApiDocs docs = new ApiDocs();
        RuleChangesController changesApi = new RuleChangesController(room.ruleChanges(), room.changeSets());
        ChangeSetsController changeSetsApi = new ChangeSetsController(room.changeSets(), room.evaluations());
        TablesController tablesApi = new TablesController(room.ruleChanges());
        Tokens tokens = room.tokens();
        OidcVerifier oidc = room.oidc();
        boolean localMode = room.localMode();
        ExerciseController exerciseApi = new ExerciseController(room.exercises());
        long batchLimit = room.config().batchMaxBytes();
        BatchController batchApi = new BatchController(room.evaluations(), batchLimit);
        return Javalin.create(config -> {
            config.jsonMapper(new JavalinJackson(Json.mapper(), false));
            // the largest route limit; each route's own limit is checked before it runs
            config.http.maxRequestSize = Math.max(Bodies.MAX_BYTES, batchLimit);
            // a known path asked with a method it does not take is a 405, not "no such resource"
            config.http.prefer405over404 = true;
            config.startup.showJavalinBanner = false;
            config.events.serverStopping(exerciseApi::closeStreams);   // live exercise streams would hold a graceful stop open
            // the web interface: pages and scripts from the classpath, libraries from WebJars; nothing from the internet
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/public";
                files.location = Location.CLASSPATH;
                files.headers = java.util.Map.of("Cache-Control", "no-cache", "X-Content-Type-Options", "nosniff");
            });
            config.staticFiles.enableWebjars();
            // Graceful shutdown: stop taking requests, let those in flight finish (up to the stop timeout).
            config.jetty.modifyServer(server -> {
                server.setStopTimeout(STOP_TIMEOUT_MS);
                server.insertHandler(new GracefulHandler());
                // No one client address may hold more than this many request threads; its further requests wait their turn.
                ThreadLimitHandler perClient = new ThreadLimitHandler();
                perClient.setThreadLimit(THREADS_PER_CLIENT);
                server.insertHandler(perClient);
                room.metrics().bindJetty(server);
            });
            // the access log and the per-route latency histograms, from one hook that sees every request
            config.requestLogger.http((ctx, ms) -> AccessLog.record(ctx, ms, room.metrics()));
            config.routes.apiBuilder(() -> {
                get("/health", rulesApi::health);
                get("/ready", rulesApi::ready);
                get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(room.metrics().scrape()));
                get("/openapi.json", docs::openapi);
                get("/api-docs", docs::viewer);
                path("/api/v1", () -> {
                    get("me", ctx -> ctx.json(Actor.caller(ctx, !localMode)));
                    path("evaluations", () -> {
                        post(evaluationApi::create);
                        post("batch", batchApi::evaluate);
                        get(evaluationApi::list);
                        get("export", evaluationApi::export);
                        get("{id}", evaluationApi::get);
                        get("{id}/audit", evaluationApi::audit);
                        post("{id}/rerun", evaluationApi::rerun);
                    });
                    path("rules", () -> {
                        get(rulesApi::rules);
                        post("validate", changesApi::validate);
                        post("preview", changesApi::preview);
                        post("reload", changesApi::reload);
                        get("status", changesApi::status);
                        get("files/<name>", changesApi::getFile);
                        put("files/<name>", changesApi::putFile);
                        delete("files/<name>", changesApi::deleteFile);
                        post("tables/grid", tablesApi::grid);
                        get("tables/<name>", tablesApi::get);
                        get("versions", changesApi::versions);
                        get("versions/{hash}", changesApi::version);
                        post("versions/{hash}/activate", changesApi::activateVersion);
                        get("versions/{a}/diff/{b}", changeSetsApi::versionDiff);
                        post("changes", changeSetsApi::propose);
                        get("changes", changeSetsApi::list);
                        get("changes/{id}", changeSetsApi::get);
                        post("changes/{id}/approve", changeSetsApi::approve);
                        post("changes/{id}/impact", changeSetsApi::impact);
                        get("changes/{id}/diff", changeSetsApi::changeDiff);
                        get("coverage", changeSetsApi::coverage);
                        get("scenarios/{file}/expectations", changeSetsApi::expectations);
                        put("scenarios/{file}/expectations", changeSetsApi::saveExpectations);
                    });
                    path("exercises", () -> {
                        post(exerciseApi::start);
                        get(exerciseApi::list);
                        post("replay", exerciseApi::replay);
                        get("{id}", exerciseApi::get);
                        delete("{id}", exerciseApi::delete);
                        post("{id}/end", exerciseApi::end);
                        post("{id}/steps", exerciseApi::step);
                        get("{id}/clock", exerciseApi::clock);
                        post("{id}/clock", exerciseApi::setClock);
                        post("{id}/participants", exerciseApi::join);
                        post("{id}/decisions", exerciseApi::decide);
                        post("{id}/lessons", exerciseApi::addLesson);
                        put("{id}/lessons/{lesson}", exerciseApi::editLesson);
                        sse("{id}/events", exerciseApi::events);
                        get("{id}/chart.svg", exerciseApi::chart);
                        get("{id}/report", exerciseApi::report);
                        get("{id}/report.html", exerciseApi::reportHtml);
                        get("{id}/report.pdf", exerciseApi::reportPdf);
                    });
                    path("audit", () -> {
                        get("verify", auditApi::verify);
                        get("records", auditApi::records);
                        get("records/{id}", auditApi::record);
                    });
                    path("exercise-files", () -> {
                        get(exerciseFilesApi::list);
                        get("{file}", exerciseFilesApi::get);
                    });
                    path("scenarios", () -> {
                        get(scenarioApi::list);
                        get("{file}", scenarioApi::get);
                    });
                    path("catalogue", () -> {
                        get("metrics", rulesApi::metrics);
                        get("actions", rulesApi::actions);
                        get("principles", rulesApi::principles);
                        get("organisations", rulesApi::organisations);
                    });
                });
            });
            // Other origins and rebinding names are refused before anything else; every answer carries the security headers.
            config.routes.before(ctx -> {
                RequestGuard.secure(ctx);
                RequestGuard.check(ctx, localMode);
                // an unknown exercise's stream is a 404 before it opens (an open stream has already said 200)
                java.util.regex.Matcher events = EVENTS_PATH.matcher(ctx.path());
                if (events.matches()) exerciseApi.requireExercise(events.group(1));
            });
            // Who is asking and may they: a bearer token resolved to a caller, checked against the route's role.
            // A JWT goes to the OpenID Connect provider's keys; any other token to the tokens file, then to the exercises.
            config.routes.before(ctx -> {
                Role needed = Access.required(ctx.method().name(), ctx.path());
                if (needed == null) return;
                Caller caller = Caller.LOCAL;
                if (!localMode) {
                    String header = ctx.header("Authorization");
                    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                        ctx.header("WWW-Authenticate", "Bearer");
                        throw new ApiException(401, "authentication required: send 'Authorization: Bearer <token>'");
                    }
                    String token = header.substring(7).strip();
                    if (oidc != null && OidcVerifier.looksLikeJwt(token)) {
                        caller = signedIn(oidc, token, ctx);
                    } else {
                        java.util.Optional<Caller> known = tokens == null ? java.util.Optional.empty() : tokens.caller(token);
                        caller = known.or(() -> ExerciseController.participantCaller(room.exercises(), token, ctx.path())).orElseThrow(() -> {
                            ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                            return new ApiException(401, "the bearer token is not valid"
                                    + (oidc == null && OidcVerifier.looksLikeJwt(token) ? " (this service is not set up to accept JWTs: no OIDC issuer)" : ""));
                        });
                    }
                }
                if (!caller.role().includes(needed)) {
                    throw new ApiException(403, ctx.method().name() + " " + ctx.path() + " needs the " + needed + " role; "
                            + caller.name() + " has " + caller.role());
                }
                ctx.attribute(Actor.ATTRIBUTE, caller.name());
                ctx.attribute(Actor.CALLER, caller);
            });
            config.routes.before(ctx -> {
                long length = ctx.req().getContentLengthLong();
                boolean batch = ctx.path().equals(BATCH_PATH) || IMPACT_PATH.matcher(ctx.path()).matches();
                long limit = batch ? batchLimit : Bodies.MAX_BYTES;
                if (length > limit) {
                    // Read a moderately oversize body before answering, so the client (still sending) sees the
                    // 413 instead of a connection closed under it; anything larger is refused unread.
                    if (length <= DRAIN_LIMIT) ctx.req().getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                    else ctx.header("Connection", "close");
                    throw new ApiException(413, "request body of " + length + " bytes is over the limit of " + limit + " bytes"
                            + (batch ? " for a batch (BATCH_MAX_BYTES)" : " (1 MiB)"));
                }
            });
            config.routes.exception(ApiException.class, (e, ctx) -> ctx.status(e.status()).json(new ApiError(e.getMessage(), e.details())));
            config.routes.exception(ChangeRejectedException.class, RuleChangesController::rejected);
            config.routes.exception(winterroom.changes.CandidateWorkerBusyException.class, (e, ctx) ->
                    ctx.status(429).header("Retry-After", "30").json(ApiError.of(e.getMessage())));
            config.routes.exception(winterroom.changes.ApprovalRefusedException.class, (e, ctx) -> ctx.status(403).json(ApiError.of(e.getMessage())));
            config.routes.exception(winterroom.changes.ChangeConflictException.class, (e, ctx) -> ctx.status(409).json(ApiError.of(e.getMessage())));
            config.routes.exception(winterroom.changes.StaleChangeException.class, (e, ctx) -> ctx.status(409).json(ApiError.of(e.getMessage())));
            config.routes.exception(InvalidSituationException.class, (e, ctx) -> ctx.status(400).json(new ApiError(e.getMessage(), e.details())));
            config.routes.exception(NotFoundException.class, (e, ctx) -> ctx.status(404).json(ApiError.of(e.getMessage())));
            config.routes.exception(StoreUnavailableException.class, (e, ctx) -> {
                room.metrics().storeError();
                LOG.warn("audit store unavailable on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
                // the database's own words stay in the log: they can name hosts, schemas and columns
                ctx.status(503).header("Retry-After", "5").json(ApiError.of(
                        "the audit store is unavailable, so nothing was recorded; try again shortly"));
            });
            config.routes.exception(winterroom.audit.RecordRefusedException.class, (e, ctx) -> {
                LOG.warn("audit store refused a record on {} {}: {}", ctx.method(), ctx.path(), Database.rootMessage(e));
                ctx.status(400).json(ApiError.of(e.getMessage() + ", so nothing was recorded"));
            });
            config.routes.exception(RunawayRulesException.class, (e, ctx) -> ctx.status(422).json(
                    new ApiError(e.getMessage(), List.of(new FieldError("rule", e.rule())))));
            config.routes.exception(HttpResponseException.class, (e, ctx) -> ctx.status(e.getStatus()).json(ApiError.of(
                    e.getStatus() == 413 ? "request body is over the limit of " + (ctx.path().equals(BATCH_PATH) ? batchLimit + " bytes for a batch" : "1 MiB")
                            : e.getMessage())));
            // Jetty refuses a body it cannot read whole: one that stops arriving for its idle timeout (408), or a malformed one.
            // (Not a minimum data rate: Jetty measures it from the body's first byte, so an honest small body read after
            // a wait for a thread would be refused too.)
            config.routes.exception(org.eclipse.jetty.http.BadMessageException.class, (e, ctx) -> {
                int status = e.getCode() >= 400 && e.getCode() < 500 ? e.getCode() : 400;
                ctx.status(status).json(ApiError.of(status == 408
                        ? "the request body stopped arriving and was cut off; nothing was done"
                        : "the request could not be read: " + e.getReason()));
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
                ctx.status(500).json(ApiError.of("internal error: " + e.getClass().getSimpleName()));
            });
            config.routes.error(404, ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty() || !ctx.result().startsWith("{")) {
                    ctx.json(ApiError.of("no such resource: " + ctx.method() + " " + ctx.path()));
                }
            });
            // Jetty's own idle-timeout answer to a body that stopped arriving carries no body: say what happened in JSON.
            config.routes.error(408, ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty() || !ctx.result().startsWith("{")) {
                    ctx.json(ApiError.of("the request body stopped arriving and was cut off; nothing was done"));
                }
            });
            config.routes.error(405, ctx -> ctx.json(ApiError.of("method " + ctx.method() + " not allowed on " + ctx.path())));
        });
    }
}
