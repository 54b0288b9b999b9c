package winterroom.bench;

import com.fasterxml.jackson.databind.JsonNode;
import winterroom.Json;
import winterroom.audit.Database;
import winterroom.audit.JdbcAuditLog;
import winterroom.audit.StorageConfig;
import winterroom.engine.Evaluator;
import winterroom.policy.ActiveRuleset;
import winterroom.service.ExerciseService;
import winterroom.store.JdbcExerciseStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What one live step costs late in an exercise against early on: a 200-step exercise over the whole Leeds system
 * (the same winter as {@link ExerciseReplayBenchmark}) driven step by step through the exercise service and its
 * real store (H2 on disk, every step kept with its audit record), each step timed end to end. The ceiling is the
 * issue's: the median of steps 181-200 within 1.5 times the median of steps 1-20, both measured in this run.
 * Also timed: a step that must first rebuild the timeline from the store (as on an instance that has never seen
 * the exercise), for contrast with the old replay-every-step design.
 *
 * <pre>java -cp "$CP" winterroom.bench.LiveStepBenchmark [rounds]</pre>
 */
public final class LiveStepBenchmark {
    static final int STEPS = 200;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path dir = Files.createTempDirectory("live-step-bench");
        Database db = Database.open(StorageConfig.embedded(dir));
        ActiveRuleset rules = ActiveRuleset.load(Path.of("rules"));
        Evaluator evaluator = new Evaluator(Json.mapper(), 20000);
        ExerciseService service = new ExerciseService(rules, evaluator, new JdbcExerciseStore(db, new JdbcAuditLog(db)), v -> Optional.empty());
        JsonNode file = ExerciseReplayBenchmark.longExercise(STEPS);
        run(service, file);   // warm-up: the JIT, the pool, the first compile of every rule path
        List<Double> ratios = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            double[] ms = run(service, file);
            double early = median(Arrays.copyOfRange(ms, 0, 20)), late = median(Arrays.copyOfRange(ms, 180, 200));
            ratios.add(late / early);
            System.out.printf("round %d: median step 1-20 %.2f ms, 181-200 %.2f ms, ratio %.2f (ceiling 1.50)%n", r, early, late, late / early);
        }
        // a step on an instance that has no open timeline: it rebuilds from the store, which grows with the steps
        String id = service.start(file, "bench").timeline().id();
        for (int i = 0; i < STEPS - 1; i++) service.step(id, null, "bench");
        service.forget(id);
        long t0 = System.nanoTime();
        service.step(id, null, "bench");
        System.out.printf("step 200 with a rebuild from the store: %.1f ms%n", (System.nanoTime() - t0) / 1e6);
        System.out.printf("worst ratio over %d rounds: %.2f%n", rounds, ratios.stream().mapToDouble(Double::doubleValue).max().orElse(0));
        service.close();
        db.close();
    }

    static double[] run(ExerciseService service, JsonNode file) {
        String id = service.start(file, "bench").timeline().id();
        double[] ms = new double[STEPS];
        for (int i = 0; i < STEPS; i++) {
            long t0 = System.nanoTime();
            service.step(id, null, "bench");
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        service.end(id, "bench");
        return ms;
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
