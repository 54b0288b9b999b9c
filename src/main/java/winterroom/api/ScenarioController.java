package winterroom.api;

import io.javalin.http.Context;
import winterroom.scenarios.ScenarioLibrary;

/** HTTP face of the shipped scenarios: the list to pick from, and one scenario's situation. */
final class ScenarioController {
    private final ScenarioLibrary scenarios;

    ScenarioController(ScenarioLibrary scenarios) { this.scenarios = scenarios; }

    void list(Context ctx) { ctx.json(scenarios.list()); }

    void get(Context ctx) {
        String file = ctx.pathParam("file");
        ctx.json(scenarios.read(file).orElseThrow(() -> ApiException.notFound("scenario '" + file + "'")));
    }
}
