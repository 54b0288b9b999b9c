package winterroom.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import winterroom.engine.Evaluator;
import winterroom.exercise.Exercise;
import winterroom.exercise.ExerciseParser;
import winterroom.exercise.ExerciseReplayer;
import winterroom.exercise.ReplayResult;
import winterroom.policy.ActiveRuleset;
import winterroom.policy.Ruleset;

import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Replay time of a 120-step exercise over the whole Leeds system (12 organisations, 68 measures):
 * every step changes a dozen measures and some reported levels, with suspensions, recoveries and
 * de-escalations along the way. {@code replay} is the engine alone (one stateful session, every
 * step fired and read back with its audit); {@code checkAndReplay} adds reading and checking the file.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class ExerciseReplayBenchmark {
    Ruleset ruleset;
    Evaluator evaluator;
    JsonNode file;
    Exercise exercise;

    @Setup
    public void setUp() throws Exception {
        ruleset = ActiveRuleset.load(Path.of("rules")).get();
        evaluator = new Evaluator(Json.mapper(), 20000);
        file = longExercise(120);
        exercise = ExerciseParser.parse(file, ruleset.catalogues(), true);
    }

    /** A winter built from the whole-system situation, with a fixed seed so every run is the same. */
    static JsonNode longExercise(int steps) throws Exception {
        ObjectNode base = (ObjectNode) Json.mapper().readTree(Path.of("scenarios/leeds-whole-system-winter-day.json").toFile());
        for (String f : new String[]{"asOf", "name", "description", "expect"}) base.remove(f);
        for (JsonNode m : base.withArray("measures")) ((ObjectNode) m).remove("previousDay");
        ObjectNode file = Json.mapper().createObjectNode();
        file.put("name", "benchmark winter").put("start", "2018-11-01T08:00:00Z").put("step", "P1D");
        file.set("base", base);
        ArrayNode out = file.putArray("steps");
        Random random = new Random(2019);
        for (int i = 0; i < steps; i++) {
            ObjectNode step = out.addObject();
            step.put("label", "Day " + (i + 1));
            double pressure = Math.sin(i / 9.0);   // waves of pressure through the winter
            ArrayNode ms = step.putArray("measures");
            ms.addObject().put("org", "LTHT").put("metric", "ae_4h_pct").put("value", round(84 - 8 * pressure + random.nextGaussian()));
            ms.addObject().put("org", "LTHT").put("metric", "ga_bed_occupancy_pct").put("value", round(94 + 4 * pressure));
            ms.addObject().put("org", "LTHT").put("metric", "beds_closed_dv").put("value", Math.max(0, (int) (10 + 12 * pressure + random.nextInt(8))));
            ms.addObject().put("org", "LTHT").put("metric", "non_designated_area_patients").put("value", Math.max(0, (int) (4 * pressure)));
            ms.addObject().put("org", "LCH").put("metric", "staff_absence_pct").put("value", round(7 + 4 * pressure));
            ms.addObject().put("org", "LCH").put("metric", "ccb_occupancy_pct").put("value", round(90 + 5 * pressure));
            ms.addObject().put("org", "LYPFT").put("metric", "mh_bed_occupancy_pct").put("value", round(96 + 3 * pressure));
            ms.addObject().put("org", "YAS").put("metric", "nhs111_clinical_assessment_pct").put("value", round(48 - 4 * pressure));
            ms.addObject().put("org", "LCD").put("metric", "staff_absence_pct").put("value", round(8 + 3 * pressure));
            ms.addObject().put("org", "OPC").put("metric", "wic_attendances").put("value", 120 + random.nextInt(90));
            ArrayNode orgs = step.putArray("organisations");
            int level = pressure > 0.6 ? 4 : pressure > 0.1 ? 3 : 2;
            orgs.addObject().put("code", "LTHT").put("reportedOpel", level);
            orgs.addObject().put("code", "LCH").put("reportedOpel", Math.max(2, level - 1));
            ArrayNode actions = step.putArray("actions");
            if (i % 18 == 4) actions.addObject().put("org", "LTHT").put("type", "SUSPEND_SERVICE").put("service", "day surgery " + i).put("recoveryPlanned", true);
            if (i % 18 == 12) actions.addObject().put("org", "LTHT").put("type", "RECOVER_SERVICE").put("service", "day surgery " + (i - 8));
            if (i % 7 == 3) actions.addObject().put("org", "LTHT").put("type", "CANCEL_ELECTIVE").put("count", 6).put("hoursBeforeSurgery", 30);
            if (i % 11 == 5) step.putArray("events").addObject().put("type", "SIGNIFICANT_EVENT").put("org", "LTHT").put("description", "ED flood");
        }
        return file;
    }

    private static double round(double d) { return Math.round(d * 10) / 10.0; }

    @Benchmark
    public ReplayResult replay() {
        return ExerciseReplayer.replay(ruleset, exercise, evaluator, null);
    }

    @Benchmark
    public ReplayResult checkAndReplay() {
        return ExerciseReplayer.replay(ruleset, file, evaluator);
    }
}
