package winterroom.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import io.javalin.router.ParsedEndpoint;
import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import winterroom.Http;
import winterroom.Http.Answer;
import winterroom.Json;
import winterroom.ServiceConfig;
import winterroom.WinterRoom;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static winterroom.Http.get;

/** What the web interface is served from: scenario endpoints, pages and assets, the API description. */
class WebInterfaceApiTest {
    static final WinterRoom ROOM = WinterRoom.create(new ServiceConfig(0, Path.of("rules"), 20000).withScenarios(Path.of("scenarios")));

    @Test
    void listsEveryShippedScenarioAndReadsOneAsItIsOnDisk() throws Exception {
        List<String> files;
        try (Stream<Path> s = Files.list(Path.of("scenarios"))) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
        }
        JavalinTest.test(ROOM.newWebApp(), (server, client) -> {
            Answer list = get(client, "/api/v1/scenarios");
            assertEquals(200, list.status());
            List<String> listed = new ArrayList<>();
            for (JsonNode s : list.body()) {
                listed.add(s.get("file").asText());
                assertTrue(!s.path("name").asText().isBlank(), "every scenario has a name: " + s);
            }
            assertEquals(files, listed);

            Answer one = get(client, "/api/v1/scenarios/t3-six-handovers-over-an-hour.json");
            assertEquals(200, one.status());
            assertEquals(Json.mapper().readTree(Path.of("scenarios/t3-six-handovers-over-an-hour.json").toFile()), one.body());
        });
    }

    @Test
    void listsTheShippedExercisesAndReadsOne() throws Exception {
        List<String> files;
        try (Stream<Path> s = Files.list(Path.of("scenarios/exercises"))) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
        }
        JavalinTest.test(ROOM.newWebApp(), (server, client) -> {
            Answer list = get(client, "/api/v1/exercise-files");
            assertEquals(200, list.status());
            List<String> listed = new ArrayList<>();
            for (JsonNode e : list.body()) listed.add(e.get("file").asText());
            assertEquals(files, listed);
            Answer one = get(client, "/api/v1/exercise-files/snow-and-flu-desktop-exercise.json");
            assertEquals(200, one.status());
            assertEquals(Json.mapper().readTree(Path.of("scenarios/exercises/snow-and-flu-desktop-exercise.json").toFile()), one.body());
            Answer missing = get(client, "/api/v1/exercise-files/..%2Fexample-saturday-handover-delays.json");
            assertEquals(404, missing.status());
            assertEquals("exercise '../example-saturday-handover-delays.json' not found", missing.body().get("error").asText());
        });
    }

    @Test
    void scenarioNamesCannotReachOutsideTheFolder() {
        JavalinTest.test(ROOM.newWebApp(), (server, client) -> {
            for (String bad : List.of("..%2Fpom.xml", "..%2F..%2Fetc%2Fpasswd", "no-such-scenario.json", "README.md", "%2Fetc%2Fpasswd.json", "..json")) {
                Answer a = get(client, "/api/v1/scenarios/" + bad);
                assertEquals(404, a.status(), bad);
                assertTrue(a.body().get("error").asText().contains("not found"), bad + ": " + a.text());
            }
            assertEquals(200, get(client, "/health").status(), "still serving");
        });
    }

    @Test
    void aBrokenScenarioFileIsLeftOutAndCannotBeRead(@TempDir Path dir) throws Exception {
        Files.copy(Path.of("scenarios/t3-six-handovers-over-an-hour.json"), dir.resolve("good.json"));
        Files.writeString(dir.resolve("broken.json"), "{\"name\": ");
        Files.writeString(dir.resolve("list.json"), "[1, 2]");
        WinterRoom room = WinterRoom.create(new ServiceConfig(0, Path.of("rules"), 20000).withScenarios(dir));
        JavalinTest.test(room.newWebApp(), (server, client) -> {
            JsonNode list = get(client, "/api/v1/scenarios").body();
            assertEquals(1, list.size(), list.toString());
            assertEquals("good.json", list.get(0).get("file").asText());
            assertEquals(404, get(client, "/api/v1/scenarios/broken.json").status());
            assertEquals(404, get(client, "/api/v1/scenarios/list.json").status());
        });
    }

    @Test
    void servesThePagesAndTheirAssets() {
        JavalinTest.test(ROOM.newWebApp(), (server, client) -> {
            Answer index = get(client, "/");
            assertEquals(200, index.status());
            assertTrue(index.header("Content-Type").startsWith("text/html"));
            assertTrue(index.text().contains("<h1>Evaluate a situation</h1>"));
            Answer rules = get(client, "/rules.html");
            assertEquals(200, rules.status());
            assertTrue(rules.text().contains("<h1>Rules</h1>"));
            assertTrue(get(client, "/exercises.html").text().contains("<h1>Desk-top exercises</h1>"));
            assertTrue(get(client, "/audit.html").text().contains("<h1>Audit trail</h1>"));
            for (String asset : List.of("/css/app.css", "/js/common.js", "/js/evaluate.js", "/js/why.js", "/js/rules.js", "/js/result.js",
                    "/js/exercises.js", "/js/audit.js")) {
                Answer a = get(client, asset);
                assertEquals(200, a.status(), asset);
                assertTrue(a.text().length() > 100, asset);
            }
            assertTrue(get(client, "/js/evaluate.js").header("Content-Type").contains("javascript"));
            Answer missing = get(client, "/no-such-page.html");
            assertEquals(404, missing.status());
            assertTrue(missing.body().has("error"));
        });
    }

    /** The pages' sign-in control asks who a token belongs to; without a tokens file everyone is the local policy owner. */
    @Test
    void meSaysWhoATokenBelongsTo(@TempDir Path dir) throws Exception {
        JavalinTest.test(ROOM.newWebApp(), (server, client) -> {
            Answer local = get(client, "/api/v1/me");
            assertEquals(200, local.status());
            // local use: the person at the machine can edit the rules folder anyway, so they are a rule author
            assertEquals("local", local.body().get("name").asText(), local.text());
            assertEquals("RULE_AUTHOR", local.body().get("role").asText(), local.text());
            assertFalse(local.body().get("tokensRequired").asBoolean(), local.text());
        });
        Path tokens = dir.resolve("tokens.csv");
        Files.writeString(tokens, "vera,VIEWER," + winterroom.auth.Tokens.sha256("vera-token") + "\n");
        WinterRoom guarded = WinterRoom.create(new ServiceConfig(0, Path.of("rules"), 20000).withTokens(tokens));
        JavalinTest.test(guarded.newWebApp(), (server, client) -> {
            Answer none = get(client, "/api/v1/me");
            assertEquals(401, none.status());
            assertTrue(none.body().get("error").asText().contains("authentication required"), none.text());
            assertEquals(401, get(client, "/api/v1/me", "Authorization", "Bearer not-vera").status());
            Answer vera = get(client, "/api/v1/me", "Authorization", "Bearer vera-token");
            assertEquals(200, vera.status());
            assertEquals("vera", vera.body().get("name").asText(), vera.text());
            assertEquals("VIEWER", vera.body().get("role").asText(), vera.text());
            assertTrue(vera.body().get("tokensRequired").asBoolean(), vera.text());
            assertTrue(vera.body().get("allows").toString().contains("read results"), "says what the role allows: " + vera.text());
            assertEquals(200, get(client, "/rules.html").status(), "the pages themselves need no token");
        });
    }

    @Test
    void theApiViewerLoadsItsLibraryFromTheJar() {
        JavalinTest.test(ROOM.newWebApp(), (server, client) -> {
            Answer viewer = get(client, "/api-docs");
            assertEquals(200, viewer.status());
            var m = java.util.regex.Pattern.compile("src=\"(/webjars/swagger-ui/[^\"]+/swagger-ui-bundle\\.js)\"").matcher(viewer.text());
            assertTrue(m.find(), viewer.text());
            assertEquals(200, get(client, m.group(1)).status());
            assertTrue(viewer.text().contains("\"/openapi.json\""));
            assertTrue(!viewer.text().contains("https://"), "nothing is fetched from the internet");
        });
    }

    /** The OpenAPI document is kept by hand: it must name every API route, with its method, and no other. */
    @Test
    void theOpenApiDocumentDescribesExactlyTheRoutesServed() {
        Javalin app = ROOM.newWebApp();
        Set<String> served = new TreeSet<>();
        for (ParsedEndpoint e : app.unsafe.internalRouter.allHttpHandlers()) {
            String path = e.endpoint.path.replaceAll("<([^>]+)>", "{$1}");   // <name> takes slashes; OpenAPI writes {name}
            HandlerType method = e.endpoint.method;
            if (!(path.startsWith("/api/") || List.of("/health", "/ready", "/metrics").contains(path))) continue;
            if (method == HandlerType.HEAD || method == HandlerType.OPTIONS) continue;
            served.add(method.name().toLowerCase() + " " + path);
        }
        JavalinTest.test(app, (server, client) -> {
            Answer doc = get(client, "/openapi.json");
            assertEquals(200, doc.status());
            assertTrue(doc.header("Content-Type").startsWith("application/json"));
            assertEquals("3.1.0", doc.body().get("openapi").asText());
            Set<String> documented = new TreeSet<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = doc.body().get("paths").fields(); it.hasNext(); ) {
                var p = it.next();
                p.getValue().fieldNames().forEachRemaining(method -> documented.add(method + " " + p.getKey()));
                for (JsonNode op : p.getValue()) {
                    assertTrue(op.has("responses") && op.has("summary"), p.getKey() + " has a summary and responses");
                }
            }
            assertTrue(served.size() >= 9, served.toString());
            assertEquals(served, documented);
            // every $ref points at a schema that exists
            String text = doc.text();
            var refs = java.util.regex.Pattern.compile("\"#/components/schemas/([A-Za-z]+)\"").matcher(text);
            while (refs.find()) assertTrue(doc.body().at("/components/schemas/" + refs.group(1)).isObject(), refs.group(1));
        });
    }
}
