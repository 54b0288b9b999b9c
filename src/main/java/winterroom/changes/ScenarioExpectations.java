package winterroom.changes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import winterroom.Json;
import winterroom.engine.EvaluationResult;
import winterroom.engine.Evaluator;
import winterroom.policy.Ruleset;
import winterroom.scenarios.Expectations;
import winterroom.service.NotFoundException;
import winterroom.situation.SituationParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A scenario's expectations as a policy owner edits them: what the scenario expects, what the active
 * rules conclude (as an expect block, so "keep this as expected" is one step), and which
 * expectations do not hold. Saving writes the expect block into the scenario file.
 */
public final class ScenarioExpectations {
    public record View(String file, String name, JsonNode expect, Map<String, Object> current, List<String> broken) {}

    private final Path folder;
    private final Evaluator evaluator;

    public ScenarioExpectations(Path folder, Evaluator evaluator) {
        this.folder = folder;
        this.evaluator = evaluator;
    }

    public View view(String file, Ruleset ruleset) {
        ObjectNode json = read(file);
        EvaluationResult r = evaluate(json, file, ruleset);
        return new View(file, json.path("name").asText(file), json.get("expect"), expectOf(r), Expectations.check(json.get("expect"), r));
    }

    /** Writes a new expect block; an unknown expectation is refused, so a typo cannot pass silently. */
    public View save(String file, JsonNode expect, Ruleset ruleset) {
        if (expect == null || !expect.isObject()) throw new IllegalArgumentException("expect must be a JSON object");
        ObjectNode json = read(file);
        EvaluationResult r = evaluate(json, file, ruleset);
        List<String> unknown = Expectations.check(expect, r).stream().filter(b -> b.startsWith("unknown expectation")).toList();
        if (!unknown.isEmpty()) throw new IllegalArgumentException(String.join("; ", unknown));
        json.set("expect", expect);
        Path target = path(file);
        try {
            Path tmp = Files.createTempFile(folder, ".scenario-", ".tmp");
            Files.writeString(tmp, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
        return view(file, ruleset);
    }

    /** The conclusions of a result as an expect block. */
    static Map<String, Object> expectOf(EvaluationResult r) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("triggers", r.triggerCodes());
        e.put("breaches", new TreeSet<>(r.breachCodes()));
        e.put("recommendations", new TreeSet<>(r.recommendationCodes()));
        Map<String, Integer> opel = new LinkedHashMap<>();
        opel.put("system", r.opel().system());
        r.opel().organisations().forEach(o -> opel.put(o.org(), o.level()));
        e.put("opel", opel);
        e.put("exceptionReportRequired", r.exceptionReport().required());
        return e;
    }

    private EvaluationResult evaluate(ObjectNode json, String file, Ruleset ruleset) {
        return evaluator.evaluate(ruleset, SituationParser.parse(json, ruleset.catalogues()), file, Instant.EPOCH);
    }

    private ObjectNode read(String file) {
        Path p = path(file);
        if (!Files.isRegularFile(p)) throw new NotFoundException("scenario '" + file + "' not found");
        try {
            JsonNode n = Json.mapper().readTree(p.toFile());
            if (!(n instanceof ObjectNode o)) throw new IllegalArgumentException("scenario '" + file + "' is not a JSON object");
            return o;
        } catch (IOException e) {
            throw new IllegalArgumentException("scenario '" + file + "' cannot be read: " + e.getMessage());
        }
    }

    private Path path(String file) {
        if (file == null || !file.matches("[A-Za-z0-9][A-Za-z0-9._-]*\\.json")) throw new NotFoundException("scenario '" + file + "' not found");
        return folder.resolve(file);
    }
}
