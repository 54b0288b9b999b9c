package winterroom.audit;

import com.fasterxml.jackson.databind.JsonNode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import winterroom.Json;
import winterroom.engine.EvaluationResult;
import winterroom.engine.Evaluator;
import winterroom.policy.ActiveRuleset;
import winterroom.policy.Ruleset;
import winterroom.situation.SituationParser;
import winterroom.store.AuditEvaluationStore;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * What the single group-commit writer spends on one evaluation record besides the database, before and after
 * the records were hashed as stored (keyed chain, as the service runs):
 * <ul>
 * <li>{@code writerBefore}: what the writer did before V19: write input and result as JSON text, then hash the
 * record as canonical JSON (parse both texts again, sort keys, write) under the key;</li>
 * <li>{@code writerNow}: what it does now: number the prepared record and take the keyed hash of its link
 * (seq, recordedAt, prevHash, content hash);</li>
 * <li>{@code callerNow}: what moved to the caller's thread: JSON once, compression, content hash; of which
 * {@code resultJson} and {@code resultZstd} (against {@code resultDeflate}, as kept before the dictionary).</li>
 * </ul>
 * Also {@code verifyStored}: what verifying one record costs besides reading it (content hash of the stored
 * bytes and the keyed link hash).
 *
 * <pre>java -cp "$CP" org.openjdk.jmh.Main AuditWriterBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AuditWriterBenchmark {
    @Param({"example-saturday-handover-delays", "leeds-whole-system-winter-day"})
    public String scenario;

    NewRecord record;
    PreparedRecord prepared;
    byte[] resultBytes;
    AuditRecord kept;
    ChainKey key;
    Instant now = Instant.parse("2026-12-03T10:00:00Z");

    @Setup
    public void setUp() throws Exception {
        Ruleset ruleset = ActiveRuleset.load(Path.of("rules")).get();
        Evaluator evaluator = new Evaluator(Json.mapper(), 20000);
        JsonNode input = Json.mapper().readTree(Path.of("scenarios/" + scenario + ".json").toFile());
        EvaluationResult result = evaluator.evaluate(ruleset, SituationParser.parse(input, ruleset.catalogues()), "bench", Instant.EPOCH);
        record = new NewRecord(result.id(), RecordKind.EVALUATION, null, "bench", result.rulesetVersion(), result.asOf(),
                AuditEvaluationStore.tags(result), input, Json.mapper().valueToTree(result));
        prepared = PreparedRecord.of(record);
        resultBytes = Json.mapper().writeValueAsBytes(record.result());
        key = ChainKey.ephemeral("jdbc:h2:mem:audit-writer-benchmark");
        AuditRecord r = prepared.at(42, now, ChainHash.GENESIS);
        kept = r.withHash(key.hash(r));
        System.out.printf("%n%s: input %d B, result %d B of JSON; stored %d + %d B%n", scenario, prepared.input.length(),
                prepared.result.length(), prepared.storedInput.length, prepared.storedResult.length);
    }

    @Benchmark
    public String writerBefore() throws Exception {
        String in = Json.mapper().writeValueAsString(record.input());
        String out = Json.mapper().writeValueAsString(record.result());
        AuditRecord r = new AuditRecord(42, record.id(), record.kind(), record.subject(), now, record.actor(), record.rulesetVersion(),
                record.asOf(), record.tags(), in, out, ChainHash.GENESIS, null);
        return key.hash(r);
    }

    @Benchmark
    public String writerNow() {
        return key.hash(prepared.at(42, now, ChainHash.GENESIS));
    }

    @Benchmark
    public PreparedRecord callerNow() {
        return PreparedRecord.of(record);
    }

    /** Of callerNow: the result written as JSON bytes. */
    @Benchmark
    public byte[] resultJson() throws Exception {
        return Json.mapper().writeValueAsBytes(record.result());
    }

    /** Of callerNow: the result's JSON compressed as it is kept now (zstd, dictionary). */
    @Benchmark
    public byte[] resultZstd() {
        return StoredJson.compress(resultBytes);
    }

    /** The same, deflated at level 6 as records were kept from V19 until the dictionary. */
    @Benchmark
    public byte[] resultDeflate() {
        return StoredJson.deflate(resultBytes);
    }

    @Benchmark
    public String verifyStored() {
        String content = ChainHash.contentHash(kept.id(), kept.kind(), kept.subject(), kept.actor(), kept.rulesetVersion(), kept.asOf(),
                kept.tags(), prepared.storedInput, prepared.storedResult);
        AuditRecord r = new AuditRecord(kept.seq(), kept.id(), kept.kind(), kept.subject(), kept.recordedAt(), kept.actor(),
                kept.rulesetVersion(), kept.asOf(), kept.tags(), null, null, kept.prevHash(), kept.hash(), ChainHash.STORED_BYTES, content);
        return key.problem(r);
    }

}
