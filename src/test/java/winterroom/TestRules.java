package winterroom;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copies of the shipped rules for tests that change them: the repository's rules/ is never written. */
final class TestRules {
    private TestRules() {}

    static Path copy(Path dir) {
        Path rules = dir.resolve("rules");
        try (Stream<Path> files = Files.walk(Path.of("rules"))) {
            for (Path p : files.toList()) {
                Path target = rules.resolve(Path.of("rules").relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rules;
    }

    /** A service over a copy of the rules, keeping its ruleset history in dir/data. */
    static WinterRoom room(Path dir) {
        return WinterRoom.create(new ServiceConfig(0, copy(dir), 20000).withDataDir(dir.resolve("data")));
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
