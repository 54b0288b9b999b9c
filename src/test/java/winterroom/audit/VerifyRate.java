package winterroom.audit;

import com.fasterxml.jackson.databind.JsonNode;
import winterroom.Json;
import winterroom.engine.EvaluationResult;
import winterroom.engine.Evaluator;
import winterroom.policy.ActiveRuleset;
import winterroom.policy.Ruleset;
import winterroom.situation.SituationParser;
import winterroom.store.AuditEvaluationStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * How fast the chain verifies: keeps N evaluations of a scenario (keyed chain, 100 records a transaction) on the
 * embedded H2 file or on PostgreSQL, then times a whole-chain check and a check from a checkpoint 1,000 records
 * before the end. The target is the issue's: 20,000 records a second.
 *
 * <pre>java -cp "$CP" winterroom.audit.VerifyRate h2|pg [records] [scenario]</pre>
 */
public final class VerifyRate {
    public static void main(String[] args) throws Exception {
        String store = args.length > 0 ? args[0] : "h2";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        String scenario = args.length > 2 ? args[2] : "example-saturday-handover-delays";
        Path dir = Files.createTempDirectory("verify-rate");
        StorageConfig config = store.equals("pg") ? winterroom.TestDatabases.newPostgresSchema() : StorageConfig.embedded(dir);
        try (Database db = Database.open(config)) {
            JdbcAuditLog log = new JdbcAuditLog(db, dir.resolve("audit-chain.key"));
            Ruleset ruleset = ActiveRuleset.load(Path.of("rules")).get();
            Evaluator evaluator = new Evaluator(Json.mapper(), 20000);
            JsonNode input = Json.mapper().readTree(Path.of("scenarios/" + scenario + ".json").toFile());
            EvaluationResult result = evaluator.evaluate(ruleset, SituationParser.parse(input, ruleset.catalogues()), "bench", Instant.EPOCH);
            JsonNode tree = Json.mapper().valueToTree(result);
            long t0 = System.nanoTime();
            for (int done = 0; done < n; ) {
                List<NewRecord> batch = new ArrayList<>();
                for (int i = 0; i < 100 && done < n; i++, done++) {
                    batch.add(new NewRecord(UUID.randomUUID().toString(), RecordKind.EVALUATION, null, "bench", result.rulesetVersion(),
                            result.asOf(), AuditEvaluationStore.tags(result), input, tree));
                }
                log.appendAll(batch);
            }
            System.out.printf("%s: kept %d records of %s in %.1f s%n", store, n, scenario, (System.nanoTime() - t0) / 1e9);
            for (int round = 1; round <= 3; round++) {
                long t = System.nanoTime();
                ChainCheck all = log.verify();
                double s = (System.nanoTime() - t) / 1e9;
                t = System.nanoTime();
                ChainCheck tail = log.verify(n - 1000, null);
                double st = (System.nanoTime() - t) / 1e9;
                System.out.printf("round %d: whole chain %d records ok=%s in %.2f s = %.0f records/s (ratio to 20,000/s: %.2f); "
                                + "from record %d: %d records in %.3f s = %.0f records/s%n", round, all.records(), all.ok(), s, all.records() / s,
                        all.records() / s / 20000, n - 1000, tail.records(), st, tail.records() / st);
            }
        } finally {
            winterroom.TestDatabases.dropSchema(config);
        }
    }
}
