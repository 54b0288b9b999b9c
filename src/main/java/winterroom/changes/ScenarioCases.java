package winterroom.changes;

import winterroom.engine.Evaluator;
import winterroom.policy.Ruleset;
import winterroom.scenarios.Expectations;
import winterroom.scenarios.ScenarioFiles;
import winterroom.scenarios.ScenarioFiles.Scenario;
import winterroom.situation.SituationParser;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** The scenario files of a folder as preview cases: one situation each, checked against its "expect" block. */
public final class ScenarioCases implements CaseSource {
    private final Path folder;
    private final Evaluator evaluator;

    public ScenarioCases(Path folder, Evaluator evaluator) {
        this.folder = folder;
        this.evaluator = evaluator;
    }

    @Override
    public List<PreviewCase> cases() {
        return ScenarioFiles.read(folder).stream().<PreviewCase>map(s -> new ScenarioCase(s, folder.getFileName() + "/" + s.file())).toList();
    }

    private final class ScenarioCase implements PreviewCase {
        private final Scenario scenario;
        private final String file;

        ScenarioCase(Scenario scenario, String file) {
            this.scenario = scenario;
            this.file = file;
        }

        @Override public String kind() { return "scenario"; }

        @Override public String name() { return scenario.name(); }

        @Override public String file() { return file; }

        @Override
        public List<Step> run(Ruleset ruleset) {
            var situation = SituationParser.parse(scenario.json(), ruleset.catalogues());
            var result = evaluator.evaluate(ruleset, situation, scenario.file(), Instant.EPOCH);
            return List.of(new Step(null, result, Expectations.check(scenario.expect(), result)));
        }
    }
}
