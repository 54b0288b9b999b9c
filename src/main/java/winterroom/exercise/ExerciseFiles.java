package winterroom.exercise;

import com.fasterxml.jackson.databind.JsonNode;
import winterroom.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The exercise files of a folder (scenarios/exercises/*.json), read as JSON; checking is the parser's job. */
public final class ExerciseFiles {
    public record ExerciseFile(String file, String name, JsonNode json) {}

    private ExerciseFiles() {}

    public static ExerciseFile read(Path file) {
        try {
            JsonNode json = Json.mapper().readTree(file.toFile());
            String name = json.hasNonNull("name") ? json.get("name").asText() : file.getFileName().toString();
            return new ExerciseFile(file.getFileName().toString(), name, json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read exercise " + file, e);
        }
    }

    public static List<ExerciseFile> readAll(Path folder) {
        List<ExerciseFile> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) return out;
        try (Stream<Path> files = Files.list(folder)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) out.add(read(p));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read exercises in " + folder, e);
        }
        return out;
    }
}
