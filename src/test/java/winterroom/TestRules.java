package winterroom;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copies of the shipped rules for tests that change them: the repository's rules/ is never written. */
public final class TestRules {
    private TestRules() {}

    public static Path copy(Path dir) {
        return copyTree(Path.of("rules"), dir.resolve("rules"));
    }

    /**
     * A copy of some of the shipped scenarios and exercises (paths under scenarios/), for tests that write
     * expectations, or that check changes against a few cases rather than all of them.
     */
    static Path copyScenarios(Path dir, String... files) {
        Path to = dir.resolve("scenarios");
        try {
            Files.createDirectories(to.resolve("exercises"));
            for (String f : files) Files.copy(Path.of("scenarios").resolve(f), to.resolve(f));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return to;
    }

    private static Path copyTree(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return to;
    }

    /** A service over a copy of the rules, keeping its ruleset history in dir/data. */
    static WinterRoom room(Path dir) {
        return WinterRoom.create(new ServiceConfig(0, copy(dir), 20000).withDataDir(dir.resolve("data")));
    }

    /**
     * A service over copies of the rules and of the scenarios named, keeping its history in dir/data, asking for
     * a bearer token from the tokens file, and not watching the rules folder.
     */
    static WinterRoom room(Path dir, Path tokens, String... scenarios) {
        return WinterRoom.create(new ServiceConfig(0, copy(dir), 20000).withScenarios(copyScenarios(dir, scenarios))
                .withTokens(tokens).withDataDir(dir.resolve("data")).withRulesPoll(java.time.Duration.ZERO));
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
