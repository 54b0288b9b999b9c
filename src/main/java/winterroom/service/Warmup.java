package winterroom.service;

import winterroom.Json;
import winterroom.engine.EvaluationResult;
import winterroom.scenarios.ScenarioLibrary;

import java.time.Duration;

/**
 * Runs the bundled scenarios through the parser, the engine and the JSON writer before the service listens. Cold, the
 * first answer after a start took about 0.8 s and the next twenty about 45 ms each, against about 20 ms warm, while
 * the JIT compiled the engine's paths; the on-call manager's first question after a restart should not pay for that.
 * Nothing is kept: these evaluations never reach the audit trail.
 */
public final class Warmup {
    private Warmup() {}

    /** Evaluates scenarios in turn until {@code evaluations} are done or {@code budget} has passed; says how many ran. */
    public static int run(EvaluationService service, ScenarioLibrary scenarios, int evaluations, Duration budget) {
        if (evaluations <= 0) return 0;
        var situations = scenarios.list().stream().map(s -> scenarios.read(s.file())).flatMap(java.util.Optional::stream).toList();
        if (situations.isEmpty()) return 0;
        long deadline = System.nanoTime() + budget.toNanos();
        int done = 0;
        while (done < evaluations && System.nanoTime() < deadline) {
            try {
                EvaluationResult result = service.evaluateOnly(situations.get(done % situations.size()), service.ruleset());
                Json.mapper().writeValueAsBytes(result);
            } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException notASituation) {
                // a scenario the current rules refuse only warms less; it is reported where scenarios are checked
            }
            done++;
        }
        return done;
    }
}
