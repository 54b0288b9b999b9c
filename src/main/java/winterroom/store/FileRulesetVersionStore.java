package winterroom.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import winterroom.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Keeps ruleset versions as files under the data folder, so history survives a restart:
 * {@code rulesets/<hash>.json} per version (file contents base64-encoded) and
 * {@code rulesets/activations.jsonl}, one activation a line.
 */
public final class FileRulesetVersionStore implements RulesetVersionStore {
    private static final ObjectMapper JSON = Json.mapper();

    private final Path dir;
    private final Map<String, RulesetVersion> versions = new LinkedHashMap<>();
    private final List<RulesetActivation> activations = new ArrayList<>();

    public FileRulesetVersionStore(Path dataDir) {
        this.dir = dataDir.resolve("rulesets");
        try {
            Files.createDirectories(dir);
            List<RulesetVersion> found = new ArrayList<>();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
                    found.add(JSON.readValue(p.toFile(), RulesetVersion.class));
                }
            }
            found.sort(Comparator.comparing(RulesetVersion::createdAt));
            found.forEach(v -> versions.put(v.hash(), v));
            Path log = dir.resolve("activations.jsonl");
            if (Files.exists(log)) {
                for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) activations.add(JSON.readValue(line, RulesetActivation.class));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ruleset history in " + dir.toAbsolutePath(), e);
        }
    }

    @Override
    public synchronized void save(RulesetVersion version) {
        if (versions.containsKey(version.hash())) return;
        try {
            Path tmp = Files.createTempFile(dir, ".version-", ".tmp");
            JSON.writeValue(tmp.toFile(), version);
            Files.move(tmp, dir.resolve(version.hash() + ".json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep ruleset version " + version.hash(), e);
        }
        versions.put(version.hash(), version);
    }

    @Override
    public synchronized Optional<RulesetVersion> find(String hash) { return Optional.ofNullable(versions.get(hash)); }

    @Override
    public synchronized List<RulesetVersion> versions() { return List.copyOf(versions.values()); }

    @Override
    public synchronized void recordActivation(RulesetActivation activation) {
        try {
            Files.writeString(dir.resolve("activations.jsonl"), JSON.writeValueAsString(activation) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record ruleset activation", e);
        }
        activations.add(activation);
    }

    @Override
    public synchronized List<RulesetActivation> activations() { return List.copyOf(activations); }
}
