package winterroom.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import winterroom.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The shipped scenarios as the web interface offers them: listed by file, name and description,
 * and read one at a time. Files are read when asked for, so an edited scenario shows at once.
 * Only plain file names inside the folder can be read: no paths, no other extensions.
 */
public final class ScenarioLibrary {
    /** What a scenario list shows before one is opened. */
    public record Summary(String file, String name, String description) {}

    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}\\.json");

    private final Path folder;

    public ScenarioLibrary(Path folder) { this.folder = folder; }

    public List<Summary> list() {
        List<Summary> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) return out;
        try (Stream<Path> files = Files.list(folder)) {
            for (Path p : files.filter(f -> FILE_NAME.matcher(f.getFileName().toString()).matches()).sorted().toList()) {
                String file = p.getFileName().toString();
                JsonNode json = readOrNull(p);
                if (json == null || !json.isObject()) continue;   // an unreadable file is left out of the list, not fatal
                out.add(new Summary(file, json.hasNonNull("name") ? json.get("name").asText() : file,
                        json.hasNonNull("description") ? json.get("description").asText() : null));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list scenarios in " + folder, e);
        }
        return out;
    }

    /** The scenario's JSON, or empty when there is no such readable file in the folder. */
    public Optional<JsonNode> read(String file) {
        if (file == null || !FILE_NAME.matcher(file).matches() || file.contains("..")) return Optional.empty();
        Path p = folder.resolve(file);
        if (!Files.isRegularFile(p) || !folder.toAbsolutePath().normalize().equals(p.toAbsolutePath().normalize().getParent())) return Optional.empty();
        JsonNode json = readOrNull(p);
        return json != null && json.isObject() ? Optional.of(json) : Optional.empty();
    }

    private static JsonNode readOrNull(Path p) {
        try {
            return Json.mapper().readTree(p.toFile());
        } catch (IOException e) {
            return null;
        }
    }
}
