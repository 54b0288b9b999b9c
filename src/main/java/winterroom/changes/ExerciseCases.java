package winterroom.changes;

import winterroom.engine.Evaluator;
import winterroom.exercise.ExerciseFiles;
import winterroom.exercise.ExerciseFiles.ExerciseFile;
import winterroom.exercise.ExerciseReplayer;
import winterroom.exercise.ReplayResult;
import winterroom.exercise.ReplayStep;
import winterroom.policy.Ruleset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The exercise files of a folder (scenarios/exercises) as preview cases: each replayed, every step checked against its "expect" block. */
public final class ExerciseCases implements CaseSource {
    private final Path folder;
    private final Evaluator evaluator;

    public ExerciseCases(Path folder, Evaluator evaluator) {
        this.folder = folder;
        this.evaluator = evaluator;
    }

    @Override
    public List<PreviewCase> cases() {
        String prefix = (folder.getParent() == null ? "" : folder.getParent().getFileName() + "/") + folder.getFileName() + "/";
        return ExerciseFiles.readAll(folder).stream().<PreviewCase>map(e -> new ExerciseCase(e, prefix + e.file())).toList();
    }

    private final class ExerciseCase implements PreviewCase {
        private final ExerciseFile exercise;
        private final String file;

        ExerciseCase(ExerciseFile exercise, String file) {
            this.exercise = exercise;
            this.file = file;
        }

        @Override public String kind() { return "exercise"; }

        @Override public String name() { return exercise.name(); }

        @Override public String file() { return file; }

        @Override
        public List<Step> run(Ruleset ruleset) {
            ReplayResult replay = ExerciseReplayer.replay(ruleset, exercise.json(), evaluator);
            List<Step> steps = new ArrayList<>();
            for (ReplayStep s : replay.steps()) {
                steps.add(new Step("step " + s.index() + " (" + s.label() + ")", s.result(),
                        s.expectationsBroken() == null ? List.of() : s.expectationsBroken()));
            }
            return steps;
        }
    }
}
