package winterroom.changes;

import winterroom.engine.Evaluator;

import java.nio.file.Path;
import java.util.List;

/** Supplies the cases a ruleset change is previewed and checked against, read fresh each time. */
@FunctionalInterface
public interface CaseSource {
    List<PreviewCase> cases();

    /** The scenarios of a folder and the exercises in its exercises/ folder: what every candidate ruleset is checked against. */
    static CaseSource bundled(Path scenariosDir, Evaluator evaluator) {
        return all(List.of(new ScenarioCases(scenariosDir, evaluator), new ExerciseCases(scenariosDir.resolve("exercises"), evaluator)));
    }

    /** Every case of several sources, in order. */
    static CaseSource all(List<CaseSource> sources) {
        return () -> sources.stream().flatMap(s -> s.cases().stream()).toList();
    }
}
