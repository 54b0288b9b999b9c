package winterroom.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import winterroom.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The scenario files of a folder (scenarios/*.json): example situations with their expectations. */
public final class ScenarioFiles {
    public record Scenario(String file, String name, JsonNode json) {
        public JsonNode expect() { return json.get("expect"); }
    }

    private ScenarioFiles() {}

    public static List<Scenario> read(Path folder) {
        List<Scenario> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) return out;
        try (Stream<Path> files = Files.list(folder)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode json = Json.mapper().readTree(p.toFile());
                String name = json.hasNonNull("name") ? json.get("name").asText() : p.getFileName().toString();
                out.add(new Scenario(p.getFileName().toString(), name, json));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read scenarios in " + folder, e);
        }
        return out;
    }
}
