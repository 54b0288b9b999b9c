package winterroom.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDictTrainer;
import winterroom.Json;
import winterroom.engine.EvaluationResult;
import winterroom.engine.Evaluator;
import winterroom.policy.ActiveRuleset;
import winterroom.policy.Ruleset;
import winterroom.situation.SituationParser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Trains a zstd dictionary for the audit trail's stored bytes ({@link StoredJson}) from the records the shipped
 * scenarios make: each one's input and result JSON exactly as an evaluation keeps them. The two situations the
 * benchmarks measure are left out, so their figures are not flattered by a dictionary that has seen them.
 *
 * <p>Run it only to add a dictionary under a new name, never to replace one already shipped:
 * <pre>java -cp "$CP" winterroom.audit.TrainRecordDictionary src/main/resources/audit/records-2.zdict</pre>
 */
public final class TrainRecordDictionary {
    static final Set<String> HELD_OUT = Set.of("leeds-whole-system-winter-day.json", "example-saturday-handover-delays.json");
    static final int DICTIONARY_BYTES = 64 * 1024;

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/records.zdict");
        Ruleset ruleset = ActiveRuleset.load(Path.of("rules")).get();
        Evaluator evaluator = new Evaluator(Json.mapper(), 20000);
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("scenarios"))) {
            files = s.filter(p -> p.toString().endsWith(".json") && !HELD_OUT.contains(p.getFileName().toString())).sorted().toList();
        }
        ZstdDictTrainer trainer = new ZstdDictTrainer(32 << 20, DICTIONARY_BYTES);
        int samples = 0;
        for (Path f : files) {
            ObjectNode input = (ObjectNode) Json.mapper().readTree(f.toFile());
            input.remove("expect");
            EvaluationResult r = evaluator.evaluate(ruleset, SituationParser.parse(input, ruleset.catalogues()),
                    UUID.randomUUID().toString(), Instant.now());
            JsonNode result = Json.mapper().valueToTree(r);
            trainer.addSample(Json.mapper().writeValueAsBytes(input));
            trainer.addSample(Json.mapper().writeValueAsBytes(result));
            samples += 2;
        }
        byte[] dictionary = trainer.trainSamples();
        Files.write(out, dictionary);
        System.out.printf("%d samples from %d scenarios: %s, %d bytes, dictionary id %d%n", samples, files.size(), out,
                dictionary.length, Zstd.getDictIdFromDict(dictionary));
    }
}
