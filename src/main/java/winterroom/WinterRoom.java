package winterroom;

import io.javalin.Javalin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import winterroom.api.WebApp;
import winterroom.engine.Evaluator;
import winterroom.metrics.ServiceMetrics;
import winterroom.policy.ActiveRuleset;
import winterroom.scenarios.ScenarioLibrary;
import winterroom.service.EvaluationService;
import winterroom.store.InMemoryEvaluationStore;

/** The assembled service: rules compiled from the folder, the evaluation service, and the HTTP layer over them. */
public final class WinterRoom {
    private static final Logger LOG = LoggerFactory.getLogger(WinterRoom.class);

    private final EvaluationService evaluations;
    private final ServiceMetrics metrics;
    private final ScenarioLibrary scenarios;
    private Javalin http;

    private WinterRoom(EvaluationService evaluations, ServiceMetrics metrics, ScenarioLibrary scenarios) {
        this.evaluations = evaluations;
        this.metrics = metrics;
        this.scenarios = scenarios;
    }

    /** Wires the service without starting HTTP (tests start it through javalin-testtools). */
    public static WinterRoom create(ServiceConfig config) {
        ActiveRuleset rules = ActiveRuleset.load(config.rulesDir());
        LOG.info("compiled {} rules from {} (ruleset {})", rules.get().rules().size(), config.rulesDir().toAbsolutePath(), rules.get().version());
        ServiceMetrics metrics = new ServiceMetrics();
        metrics.rulesetActive(rules.get().version());
        Evaluator evaluator = new Evaluator(Json.mapper(), config.maxFirings(), config.evaluationTimeout());
        EvaluationService evaluations = new EvaluationService(rules, evaluator, new InMemoryEvaluationStore(), metrics);
        return new WinterRoom(evaluations, metrics, new ScenarioLibrary(config.scenariosDir()));
    }

    public static WinterRoom start(ServiceConfig config) {
        WinterRoom room = create(config);
        room.http = room.newWebApp();
        room.http.start(config.port());
        LOG.info("Winter Room is serving on http://localhost:{}/", room.http.port());
        return room;
    }

    /** A new HTTP app over this service's state (each test server needs its own). */
    public Javalin newWebApp() { return WebApp.create(this); }

    public EvaluationService evaluations() { return evaluations; }

    public ServiceMetrics metrics() { return metrics; }

    public ScenarioLibrary scenarios() { return scenarios; }

    public void stop() {
        if (http != null) http.stop();
    }
}
