package winterroom.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import winterroom.Json;
import winterroom.engine.EvaluationResult;
import winterroom.exercise.ExerciseFiles;
import winterroom.exercise.ExerciseReplayer;
import winterroom.exercise.ExerciseReport;
import winterroom.exercise.ReplayResult;
import winterroom.exercise.ReplayStep;
import winterroom.policy.ActiveRuleset;
import winterroom.policy.Ruleset;
import winterroom.situation.FieldError;
import winterroom.situation.InvalidSituationException;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** Replays an exercise file and prints each step's levels, triggers and breaches; optionally writes the report. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay a desk-top exercise day by day and print what the rules concluded at each step.")
public final class ReplayCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "the exercise file (JSON)")
    Path file;

    @Option(names = "--html", paramLabel = "OUT.html", description = "write the debrief report as a self-contained HTML page")
    Path html;

    @Option(names = "--json", paramLabel = "OUT.json", description = "write the whole replay (every step's evaluation) as JSON")
    Path json;

    @Option(names = "--rules", description = "rules folder (env RULES_DIR, default ./rules)")
    Path rules;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Path folder = rules != null ? rules : Path.of(System.getenv().getOrDefault("RULES_DIR", "rules"));
        Ruleset ruleset = ActiveRuleset.load(folder).get();
        ReplayResult replay;
        long started = System.nanoTime();
        try {
            replay = ExerciseReplayer.replay(ruleset, ExerciseFiles.read(file).json());
        } catch (InvalidSituationException e) {
            System.err.println(e.getMessage());
            for (FieldError f : e.details()) System.err.println("  " + f.field() + ": " + f.message());
            return 2;
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        out.println(replay.name() + " (ruleset " + replay.rulesetVersion() + ", " + replay.steps().size() + " steps in " + ms + " ms)");
        for (ReplayStep s : replay.steps()) {
            EvaluationResult r = s.result();
            String levels = r.opel().organisations().stream().filter(o -> o.level() != null)
                    .map(o -> o.org() + " " + o.level()).collect(Collectors.joining(", "));
            out.printf("%3d %s %-3s %-28s system OPEL %s (%s)%n", s.index(), r.calendar().localDate(),
                    r.calendar().dayOfWeek().substring(0, 3), trim(s.label(), 28), r.opel().system() == null ? "-" : r.opel().system(), levels);
            out.println("      triggers: " + list(r.triggerCodes()) + (r.exceptionReport().required() ? " (return owed)" : "")
                    + "   breaches: " + list(r.breachCodes()));
            if (!s.changes().newRecommendations().isEmpty()) out.println("      new: " + String.join(", ", s.changes().newRecommendations()));
            if (!s.changes().stoodDown().isEmpty()) out.println("      stood down: " + String.join(", ", s.changes().stoodDown()));
        }
        ReplayResult.Summary sum = replay.summary();
        out.println("summary: days at OPEL " + sum.daysAtOpel() + ", exception returns " + sum.exceptionReturns()
                + ", sitrep calls " + sum.sitrepCalls() + ", principle breaches " + sum.principleBreaches()
                + ", awaiting recovery " + sum.outstandingRecovery().size());
        if (html != null) {
            Files.writeString(html, ExerciseReport.html(replay));
            out.println("report written to " + html);
        }
        if (json != null) {
            Json.mapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), replay);
            out.println("replay written to " + json);
        }
        List<String> broken = replay.brokenExpectations();
        if (!broken.isEmpty()) {
            out.println(broken.size() + " expectation(s) broken:");
            broken.forEach(b -> out.println("  " + b));
            return 1;
        }
        return 0;
    }

    private static String list(List<String> codes) { return codes.isEmpty() ? "-" : String.join(" ", codes); }

    private static String trim(String s, int n) { return s == null ? "" : s.length() <= n ? s : s.substring(0, n - 1) + "…"; }
}
