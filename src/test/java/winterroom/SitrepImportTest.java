package winterroom;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import winterroom.cli.WinterRoomCommand;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Imports NHS England's real winter 2018/19 sitrep file through the import-sitrep command and
 * checks the outcome against the raw rows, read here on their own (not through the importer).
 */
class SitrepImportTest {
    static final Path FILE = SitrepData.WHOLE;
    static String stdout;
    static String stderr;
    static int exitCode;
    /** "code,date" -> {arrivals, 30-60, >60} from the raw file. */
    static final Map<String, double[]> RAW = new HashMap<>();
    /** "code,date" -> the command's CSV row split into its five columns. */
    static final Map<String, String[]> ROWS = new HashMap<>();

    @BeforeAll
    static void importTheFile() throws IOException {
        assumeTrue(Files.isReadable(FILE), "the sitrep data file " + FILE.toAbsolutePath() + " is absent: import test skipped");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new WinterRoomCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        exitCode = cli.execute("import-sitrep", FILE.toString());
        stdout = out.toString();
        stderr = err.toString();

        List<String> lines = Files.readAllLines(FILE);
        for (String line : lines.subList(1, lines.size())) {
            // provider names may be quoted and hold commas; the last five fields never do
            String[] f = line.split(",");
            int n = f.length;
            String code = f[n - 4], date = f[n - 3], measure = f[n - 2];
            double value = Double.parseDouble(f[n - 1]);
            if (code.equals("NA")) continue;
            double[] v = RAW.computeIfAbsent(code + "," + date, k -> new double[3]);
            switch (measure) {
                case "Arriving by ambulance" -> v[0] = value;
                case "Delay 30-60 mins" -> v[1] = value;
                case "Delay >60 mins" -> v[2] = value;
                default -> throw new AssertionError("unexpected measure " + measure);
            }
        }
        for (String row : stdout.split("\n")) {
            String[] cols = row.split(",", -1);
            ROWS.put(cols[0] + "," + cols[1], cols);
        }
    }

    static Set<String> codes(String cell) { return cell.isBlank() ? Set.of() : Set.of(cell.trim().split(" ")); }

    @Test
    void onePrintedRowPerTrustDayAndASummaryLine() {
        assertEquals(0, exitCode, stderr);
        assertTrue(stdout.startsWith("org,date,triggers,breaches,recommendations\n"));
        assertEquals(RAW.size() + 1, stdout.split("\n").length, "one row per trust-day plus the header");
        assertFalse(stdout.contains("\nNA,"), "the ENGLAND aggregate is skipped");
        String[] summary = stderr.strip().split("\n");
        assertEquals(1, summary.length, "one summary line: " + stderr);
        assertTrue(summary[0].contains(RAW.size() + " trust-days evaluated"), summary[0]);
        assertTrue(summary[0].contains("2018-12-03 to 2019-02-03"), summary[0]);
    }

    @Test
    void leedsNeverOwesT3AsThePlanReviewSays() {
        List<String> leedsDays = new ArrayList<>();
        ROWS.forEach((key, cols) -> { if (key.startsWith("RR8,")) leedsDays.add(key); });
        assertEquals(63, leedsDays.size(), "Leeds reported every day from 3 December to 3 February");
        for (String day : leedsDays) {
            assertFalse(codes(ROWS.get(day)[2]).contains("T3"), "no T3 for Leeds on " + day);
            assertTrue(RAW.get(day)[2] <= 2, "at most two delays over an hour at Leeds on " + day);
        }
    }

    @Test
    void everyTrustDayMatchesWhatTheRawRowsImply() {
        int sixes = 0, fives = 0;
        for (Map.Entry<String, double[]> e : RAW.entrySet()) {
            String[] cols = ROWS.get(e.getKey());
            double[] v = e.getValue();
            Set<String> triggers = codes(cols[2]);
            Set<String> breaches = codes(cols[3]);
            Set<String> recommendations = codes(cols[4]);
            assertEquals(v[2] > 5, triggers.contains("T3"), "T3 on " + e.getKey() + " with " + v[2] + " delays over an hour");
            assertEquals(v[1] + v[2] > 0, breaches.contains("P7"), "P7 on " + e.getKey());
            // every date of the file is inside the October-March window, so T3 owes a return
            assertEquals(v[2] > 5, recommendations.contains("EXCEPTION_RETURN"), "return owed on " + e.getKey());
            if (v[2] == 6) sixes++;
            if (v[2] == 5) fives++;
        }
        assertTrue(sixes > 0 && fives > 0, "the file has trust-days on both sides of the T3 boundary");
    }

    @Test
    void aHandfulOfTrustDaysByHand() {
        // picked from the raw file: the first trust-day with exactly 6 and exactly 5 delays over an hour
        String six = RAW.entrySet().stream().filter(e -> e.getValue()[2] == 6).map(Map.Entry::getKey).sorted().findFirst().orElseThrow();
        String five = RAW.entrySet().stream().filter(e -> e.getValue()[2] == 5).map(Map.Entry::getKey).sorted().findFirst().orElseThrow();
        String none = RAW.entrySet().stream().filter(e -> e.getValue()[1] + e.getValue()[2] == 0).map(Map.Entry::getKey).sorted().findFirst().orElseThrow();
        assertEquals(Set.of("T3"), codes(ROWS.get(six)[2]), six);
        assertEquals(Set.of(), codes(ROWS.get(five)[2]), five);
        assertEquals(Set.of("P7"), codes(ROWS.get(five)[3]), five);
        assertEquals(Set.of(), codes(ROWS.get(none)[3]), none + " had no handover delay");
    }

    @Test
    void aMissingFileIsAClearError() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new WinterRoomCommand());
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        assertEquals(2, cli.execute("import-sitrep", "no-such-file.csv"));
        assertTrue(err.toString().contains("cannot read no-such-file.csv"), err.toString());
    }
}
