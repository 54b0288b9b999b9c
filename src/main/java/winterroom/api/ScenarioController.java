package winterroom.api;

import io.javalin.http.Context;
import winterroom.scenarios.ScenarioLibrary;

/** HTTP face of shipped example files (scenarios, or exercises): the list to pick from, and one file. */
final class ScenarioController {
    private final ScenarioLibrary scenarios;
    private final String what;

    ScenarioController(ScenarioLibrary scenarios) { this(scenarios, "scenario"); }

    /** what names a file in a "not found" answer: "scenario", "exercise". */
    ScenarioController(ScenarioLibrary scenarios, String what) {
        this.scenarios = scenarios;
        this.what = what;
    }

    void list(Context ctx) { ctx.json(scenarios.list()); }

    void get(Context ctx) {
        String file = ctx.pathParam("file");
        ctx.json(scenarios.read(file).orElseThrow(() -> ApiException.notFound(what + " '" + file + "'")));
    }
}
