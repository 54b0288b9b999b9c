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
    /**
     * What a scenario list shows before one is opened. nearMiss says the scenario expects nothing an on-call manager
     * acts on to fire (see {@link #expectsNothingToFire}), so a picker can group it with the near misses.
     */
    public record Summary(String file, String name, String description, boolean nearMiss) {}

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
                        json.hasNonNull("description") ? json.get("description").asText() : null, expectsNothingToFire(json.get("expect"))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list scenarios in " + folder, e);
        }
        return out;
    }

    /**
     * True when a scenario's expectations are all "does not fire" or absent for what a manager acts on: no breach, no
     * recommendation, no finding, no return owed, no trigger that owes one (a trigger listed on a day no return is owed,
     * in July say, does not count). OPEL levels and which rules fire (bands, skipped checks) are how the answer is
     * reached, not what it asks anyone to do, so they do not decide. The file name does not either.
     */
    static boolean expectsNothingToFire(JsonNode expect) {
        if (expect == null || !expect.isObject()) return false;   // no expectations: an example, not a near miss
        boolean noReturn = expect.path("exceptionReportRequired").isBoolean() && !expect.path("exceptionReportRequired").asBoolean();
        if (expect.path("exceptionReportRequired").asBoolean(false)) return false;
        if (!noReturn && nonEmpty(expect.get("triggers"))) return false;
        if (nonEmpty(expect.get("breaches")) || nonEmpty(expect.get("recommendations"))) return false;
        for (JsonNode count : iterable(expect.get("findings"))) if (count.asDouble(0) > 0) return false;
        return true;
    }

    private static boolean nonEmpty(JsonNode n) { return n != null && n.size() > 0; }

    private static Iterable<JsonNode> iterable(JsonNode n) { return n == null || !n.isContainerNode() ? List.of() : n; }

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
