package winterroom.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import winterroom.Json;
import winterroom.engine.EvaluationResult;
import winterroom.engine.Evaluator;
import winterroom.policy.ActiveRuleset;
import winterroom.policy.Ruleset;
import winterroom.situation.Situation;
import winterroom.situation.SituationParser;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Engine time for one whole-system Leeds situation (12 organisations, 68 measures): the rules
 * engine with and without parsing, and the same checks as plain Java for a floor. See BENCHMARKS.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class EvaluationBenchmark {
    Ruleset ruleset;
    Evaluator evaluator;
    JsonNode leedsJson;
    Situation leeds;

    @Setup
    public void setUp() throws Exception {
        ruleset = ActiveRuleset.load(Path.of("rules")).get();
        evaluator = new Evaluator(Json.mapper(), 20000);
        leedsJson = Json.mapper().readTree(Path.of("scenarios/leeds-whole-system-winter-day.json").toFile());
        leeds = SituationParser.parse(leedsJson, ruleset.catalogues());
    }

    @Benchmark
    public EvaluationResult engine() {
        return evaluator.evaluate(ruleset, leeds, "bench", Instant.EPOCH);
    }

    @Benchmark
    public EvaluationResult parseAndEngine() {
        return evaluator.evaluate(ruleset, SituationParser.parse(leedsJson, ruleset.catalogues()), "bench", Instant.EPOCH);
    }

    @Benchmark
    public String parseEngineAndJson() throws Exception {
        return Json.mapper().writeValueAsString(parseAndEngine());
    }

    @Benchmark
    public List<String> plainJava() {
        return PlainJavaChecks.run(leeds);
    }
}
