package winterroom;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * NHS England's 2018/19 ambulance sitrep file: the whole of it where the machine keeps it beside the repository, and
 * otherwise the first 4,000 lines the tests carry (src/test/resources/sitrep), so a fresh clone runs anywhere.
 */
public final class SitrepData {
    /** The whole winter, when it is there (tests of the whole file assume it). */
    public static final Path WHOLE = Path.of("../shared/data/nhse-winter-sitrep-2018-19-ambulance.csv");
    static final Path FIRST_LINES = Path.of("src/test/resources/sitrep/nhse-winter-sitrep-2018-19-ambulance-first-4000-lines.csv");

    private SitrepData() {}

    /** The file's first {@code n} lines (at most 4,000 without the whole file), its header first. */
    public static List<String> firstLines(int n) throws IOException {
        try (Stream<String> lines = Files.lines(Files.isReadable(WHOLE) ? WHOLE : FIRST_LINES)) {
            return lines.limit(n).toList();
        }
    }
}
