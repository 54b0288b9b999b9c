package winterroom;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import winterroom.Http.Answer;
import winterroom.auth.Role;
import winterroom.auth.Tokens;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API contract: every operation in openapi.json is called on the real service, and every answer is checked
 * against the document (its status is one the operation lists, its Content-Type one of the media types listed for
 * that status, its JSON body valid against the schema given there), as is every well-formed request body sent.
 * All mismatches are reported together, and an operation the document lists but the test never called is one.
 */
class OpenApiContractTest {
    static final String DOC_URI = "https://winter-room.invalid/openapi.json";
    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    static final String RITA = "rita-author-token-0123456789", OLU = "olu-owner-token-0123456789",
            PAT = "pat-owner-token-0123456789", VERA = "vera-viewer-token-0123456789";

    private final JsonNode doc;
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new HashMap<>();
    /** Documented path template, and the pattern a concrete path matches it by. */
    private final Map<String, Pattern> templates = new LinkedHashMap<>();
    private final List<String> mismatches = new ArrayList<>();
    /** "METHOD /template" of every operation called. */
    private final Set<String> exercised = new TreeSet<>();
    /** "METHOD /template" to the statuses seen, for the closing summary. */
    private final Map<String, Set<Integer>> statuses = new TreeMap<>();
    private HttpClient client;
    /** Calls and checks that took a while, printed at the end (JavalinTest holds back what the test prints meanwhile). */
    private final List<String> slow = new ArrayList<>();

    OpenApiContractTest() throws Exception {
        String text = Files.readString(Path.of("src/main/resources/openapi.json"));
        doc = Json.mapper().readTree(text);
        // the OpenAPI 3.1 dialect, with the service's x-message (the words of a refused situation field) as a plain annotation
        Dialect dialect = Dialect.builder(Dialects.getOpenApi31()).keyword(new NonValidationKeyword("x-message")).build();
        registry = SchemaRegistry.withDefaultDialect(dialect, b -> b
                .schemas(Map.of(DOC_URI, text))
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
        for (Iterator<String> it = doc.get("paths").fieldNames(); it.hasNext(); ) {
            String template = it.next();
            StringBuilder regex = new StringBuilder();
            for (String part : template.split("(?=\\{)|(?<=\\})")) {
                if (part.startsWith("{")) regex.append(part.equals("{name}") ? ".+" : "[^/]+");
                else regex.append(Pattern.quote(part));
            }
            templates.put(template, Pattern.compile(regex.toString()));
        }
    }

    // ------------------------------------------------------------------ the walk through the API

    @Test
    void everyOperationAnswersAsTheDocumentSays(@TempDir Path dir) throws Exception {
        Path tokens = dir.resolve("tokens.csv");
        Files.writeString(tokens, String.join("\n",
                Tokens.line("rita", Role.RULE_AUTHOR, RITA), Tokens.line("olu", Role.POLICY_OWNER, OLU),
                Tokens.line("pat", Role.POLICY_OWNER, PAT), Tokens.line("vera", Role.VIEWER, VERA)) + "\n");
        // a few scenarios, so that every preview, activation and coverage run checks a handful of cases, not all of them
        WinterRoom room = TestRules.room(dir, tokens, "example-saturday-handover-delays.json", "t3-six-handovers-over-an-hour.json",
                "ma-near-miss-t3-at-another-trust.json", "opel-bands-band-3.json",
                "exercises/easter-bank-holiday-weekend.json", "exercises/snow-and-flu-desktop-exercise.json");
        String situation = Files.readString(Path.of("scenarios/example-saturday-handover-delays.json"));
        String other = Files.readString(Path.of("scenarios/t3-six-handovers-over-an-hour.json"));
        String easter = Files.readString(Path.of("scenarios/exercises/easter-bank-holiday-weekend.json"));
        String snow = Files.readString(Path.of("scenarios/exercises/snow-and-flu-desktop-exercise.json"));
        JavalinTest.test(room.newWebApp(), (server, c) -> {
            client = c;
            // the service itself
            ok("GET", "/health", null);
            ok("GET", "/ready", null);
            ok("GET", "/metrics", null, as(VERA));
            ok("GET", "/api/v1/me", null, as(RITA));
            bad("GET", "/api/v1/me", null);
            bad("GET", "/api/v1/me", null, "Authorization", "Bearer not-a-token-of-ours");

            // what the rules know
            ok("GET", "/api/v1/rules", null, as(VERA));
            for (String list : new String[] {"metrics", "actions", "principles", "organisations"}) {
                ok("GET", "/api/v1/catalogue/" + list, null, as(VERA));
            }
            ok("GET", "/api/v1/scenarios", null, as(VERA));
            ok("GET", "/api/v1/scenarios/example-saturday-handover-delays.json", null, as(VERA));
            bad("GET", "/api/v1/scenarios/no-such-scenario.json", null, as(VERA));
            ok("GET", "/api/v1/exercise-files", null, as(VERA));
            ok("GET", "/api/v1/exercise-files/easter-bank-holiday-weekend.json", null, as(VERA));
            bad("GET", "/api/v1/exercise-files/no-such-exercise.json", null, as(VERA));

            // evaluations
            Answer created = ok("POST", "/api/v1/evaluations", situation, as(RITA));
            String id = created.body() == null ? "none" : created.body().path("id").asText("none");
            ok("POST", "/api/v1/evaluations?include=recommendations,audit", other, as(RITA));
            bad("POST", "/api/v1/evaluations", "{\"asOf\": ", as(RITA));
            bad("POST", "/api/v1/evaluations", "{\"asOf\": \"2019-01-12T07:30:00Z\", \"organisations\": [{\"code\": \"LTHT\", \"type\": \"CASTLE\"}]}", as(RITA));
            bad("POST", "/api/v1/evaluations", "{\"pad\": \"" + "x".repeat(1_100_000) + "\"}", as(RITA));
            bad("POST", "/api/v1/evaluations", situation, as(VERA));
            ok("GET", "/api/v1/evaluations/" + id, null, as(VERA));
            ok("GET", "/api/v1/evaluations/" + id + "?include=recommendations,audit", null, as(VERA));
            ok("GET", "/api/v1/evaluations/" + id, null, "Authorization", "Bearer " + VERA, "Accept", "text/plain");
            bad("GET", "/api/v1/evaluations/" + id + "?include=everything", null, as(VERA));
            bad("GET", "/api/v1/evaluations/no-such-evaluation", null, as(VERA));
            ok("GET", "/api/v1/evaluations/" + id + "/audit", null, as(VERA));
            bad("GET", "/api/v1/evaluations/no-such-evaluation/audit", null, as(VERA));
            ok("GET", "/api/v1/evaluations", null, as(VERA));
            ok("GET", "/api/v1/evaluations?org=LTHT&trigger=T3&limit=1", null, as(VERA));
            bad("GET", "/api/v1/evaluations?limit=many", null, as(VERA));
            ok("GET", "/api/v1/evaluations/export", null, as(VERA));
            ok("GET", "/api/v1/evaluations/export?format=csv", null, as(VERA));
            bad("GET", "/api/v1/evaluations/export?format=xml", null, as(VERA));
            ok("POST", "/api/v1/evaluations/batch", "[" + situation + "," + other + "]", as(RITA));
            ok("POST", "/api/v1/evaluations/batch?audit=none", Json.mapper().readTree(situation) + "\n" + Json.mapper().readTree(other) + "\n",
                    "Authorization", "Bearer " + RITA, "Content-Type", "application/x-ndjson");
            bad("POST", "/api/v1/evaluations/batch", "{\"not\": \"an array\"}", as(RITA));

            // the audit trail
            ok("GET", "/api/v1/audit/verify", null, as(VERA));
            ok("GET", "/api/v1/audit/verify?from=1", null, as(VERA));
            bad("GET", "/api/v1/audit/verify?from=-1", null, as(VERA));
            Answer records = ok("GET", "/api/v1/audit/records?limit=5", null, as(VERA));
            String recordId = records.body() == null ? "none" : records.body().at("/items/0/id").asText("none");
            ok("GET", "/api/v1/audit/records?kind=EVALUATION&subject=" + id, null, as(VERA));
            bad("GET", "/api/v1/audit/records?kind=NOTHING", null, as(VERA));
            ok("GET", "/api/v1/audit/records/" + recordId, null, as(VERA));
            bad("GET", "/api/v1/audit/records/no-such-record", null, as(VERA));

            // rule changes: validate, preview, a direct write, versions, roll back
            String activeBefore = room.ruleChanges().active().version();
            Path folder = room.ruleChanges().folder();
            String t3 = RuleChangesApiTest.t3MoreThan(folder, 6);
            String extraRule = "package winterroom.rules\n\nrule \"contract test: never fires\"\n    @source(\"contract test\")\nwhen\n    eval(false)\nthen\nend\n";
            ok("POST", "/api/v1/rules/validate", files(Map.of("extra.drl", extraRule)), as(RITA));
            ok("POST", "/api/v1/rules/validate", files(Map.of("extra.drl", "package winterroom.rules\nrule \"half\" when then\n")), as(RITA));
            bad("POST", "/api/v1/rules/validate", files(Map.of("../outside.drl", extraRule)), as(RITA));
            bad("POST", "/api/v1/rules/validate", "{\"files\": {}}", "Authorization", "Bearer " + RITA, "Content-Type", "text/plain");
            ok("POST", "/api/v1/rules/preview", files(Map.of(RuleChangesApiTest.POLICY_VALUES, t3)), as(OLU));
            bad("POST", "/api/v1/rules/preview", "[1, 2]", as(OLU));
            ok("POST", "/api/v1/rules/reload", null, as(OLU));
            ok("GET", "/api/v1/rules/status", null, as(VERA));
            ok("GET", "/api/v1/rules/files/" + RuleChangesApiTest.POLICY_VALUES, null, as(VERA));
            bad("GET", "/api/v1/rules/files/tables/no-such-table.csv", null, as(VERA));
            // the table grid: a table read as its rows, a spreadsheet written with them
            ok("GET", "/api/v1/rules/tables/tables/opel-thresholds.csv", null, as(VERA));
            bad("GET", "/api/v1/rules/tables/tables/no-such-table.csv", null, as(VERA));
            String sheet = java.util.Base64.getEncoder().encodeToString(Spreadsheets.fromCsv(Path.of("rules/tables/opel-thresholds.csv")));
            Answer sheetGrid = ok("POST", "/api/v1/rules/tables/grid", json(Map.of("file", "tables/opel-thresholds.xlsx", "content", sheet)), as(OLU));
            Object sheetRows = sheetGrid.body() == null ? List.of() : Json.mapper().convertValue(sheetGrid.body().path("rows"), List.class);
            ok("POST", "/api/v1/rules/tables/grid", json(Map.of("file", "tables/opel-thresholds.xlsx", "content", sheet, "rows", sheetRows)), as(OLU));
            bad("POST", "/api/v1/rules/tables/grid", json(Map.of("file", "tables/policy-values.csv", "rows", List.of())), as(OLU));
            bad("POST", "/api/v1/rules/tables/grid", json(Map.of("file", "tables/opel-thresholds.xlsx", "content", sheet)), as(VERA));
            String put = "/api/v1/rules/files/" + RuleChangesApiTest.POLICY_VALUES;
            bad("PUT", put, t3, "Authorization", "Bearer " + OLU, "Content-Type", "text/plain", "X-Author", "Olu", "X-Change-Note", "T3 at more than 6");
            ok("PUT", put + "?force=true", t3, "Authorization", "Bearer " + OLU, "Content-Type", "text/plain", "X-Author", "Olu", "X-Change-Note", "T3 at more than 6");
            String activeAfter = room.ruleChanges().active().version();
            ok("POST", "/api/v1/rules/versions/" + activeBefore + "/activate", json(Map.of("note", "back to the agreed T3")), as(OLU));
            bad("POST", "/api/v1/rules/versions/" + activeAfter + "/activate", json(Map.of("note", "T3 again")), as(OLU));
            bad("PUT", "/api/v1/rules/files/notes.txt", "hello", "Authorization", "Bearer " + RITA, "Content-Type", "text/plain");
            bad("PUT", "/api/v1/rules/files/extra.drl", json(Map.of("content", "package winterroom.rules\nrule \"half\" when then\n")), as(RITA));
            ok("PUT", "/api/v1/rules/files/extra.drl", json(Map.of("content", extraRule, "author", "Rita", "note", "a rule that never fires")), as(RITA));
            bad("PUT", "/api/v1/rules/files/extra.drl", json(Map.of("content", extraRule)), as(OLU));
            ok("DELETE", "/api/v1/rules/files/extra.drl", null, "Authorization", "Bearer " + RITA, "X-Change-Note", "not needed after all");
            bad("DELETE", "/api/v1/rules/files/extra.drl", null, as(RITA));
            bad("DELETE", "/api/v1/rules/files/notes.txt", null, as(RITA));
            ok("GET", "/api/v1/rules/versions", null, as(VERA));
            ok("GET", "/api/v1/rules/versions/" + activeBefore, null, as(VERA));
            bad("GET", "/api/v1/rules/versions/0000000000000000", null, as(VERA));
            ok("GET", "/api/v1/rules/versions/" + activeBefore + "/diff/" + activeAfter, null, as(VERA));
            bad("GET", "/api/v1/rules/versions/" + activeBefore + "/diff/0000000000000000", null, as(VERA));
            bad("POST", "/api/v1/rules/versions/0000000000000000/activate", "{}", as(OLU));
            ok("POST", "/api/v1/evaluations/" + id + "/rerun", null, as(RITA));
            ok("POST", "/api/v1/evaluations/" + id + "/rerun?version=" + activeAfter, null, as(RITA));
            bad("POST", "/api/v1/evaluations/no-such-evaluation/rerun", null, as(RITA));
            bad("POST", "/api/v1/evaluations/" + id + "/rerun?version=0000000000000000", null, as(RITA));

            // change sets: propose, read, diff, impact, four-eyes approval
            Answer proposed = ok("POST", "/api/v1/rules/changes", json(Map.of("files", Map.of(RuleChangesApiTest.POLICY_VALUES, t3),
                    "note", "T3 at more than 6")), as(OLU));
            String change = proposed.body() == null ? "none" : proposed.body().path("id").asText("none");
            bad("POST", "/api/v1/rules/changes", json(Map.of("files", Map.of("extra.drl", extraRule))), as(OLU));
            bad("POST", "/api/v1/rules/changes", json(Map.of("files", Map.of("extra.drl", "package winterroom.rules\nrule \"half\" when then\n"))), as(RITA));
            bad("POST", "/api/v1/rules/changes", "{\"files\": 3}", as(OLU));
            ok("GET", "/api/v1/rules/changes", null, as(VERA));
            ok("GET", "/api/v1/rules/changes/" + change, null, as(VERA));
            bad("GET", "/api/v1/rules/changes/no-such-change", null, as(VERA));
            ok("GET", "/api/v1/rules/changes/" + change + "/diff", null, as(VERA));
            bad("GET", "/api/v1/rules/changes/no-such-change/diff", null, as(VERA));
            String impact = "/api/v1/rules/changes/" + change + "/impact";
            ok("POST", impact, "[" + situation + "," + other + "]", as(PAT));
            ok("POST", impact, Json.mapper().readTree(other) + "\n", "Authorization", "Bearer " + PAT, "Content-Type", "application/x-ndjson");
            String sitrep = String.join("\n", SitrepData.firstLines(200)) + "\n";
            ok("POST", impact, sitrep, "Authorization", "Bearer " + PAT, "Content-Type", "text/csv");
            bad("POST", impact, "", as(PAT));
            bad("POST", impact, "[" + situation + "]", "Authorization", "Bearer " + PAT, "Content-Type", "text/plain");
            bad("POST", impact, "provider,region\n", "Authorization", "Bearer " + PAT, "Content-Type", "text/csv");
            bad("POST", "/api/v1/rules/changes/no-such-change/impact", "[" + situation + "]", as(PAT));
            String approve = "/api/v1/rules/changes/" + change + "/approve";
            bad("POST", approve, null, as(OLU));
            bad("POST", approve, json(Map.of("note", "checked with the acute lead")), as(PAT));
            ok("POST", approve + "?force=true", json(Map.of("note", "checked with the acute lead")), as(PAT));
            bad("POST", approve, null, as(PAT));
            bad("POST", "/api/v1/rules/changes/no-such-change/approve", null, as(PAT));

            // scenarios and coverage
            ok("GET", "/api/v1/rules/coverage", null, as(VERA));
            String expectations = "/api/v1/rules/scenarios/t3-six-handovers-over-an-hour.json/expectations";
            Answer expect = ok("GET", expectations, null, as(OLU));
            bad("GET", "/api/v1/rules/scenarios/no-such-scenario.json/expectations", null, as(OLU));
            bad("GET", "/api/v1/rules/scenarios/notes.txt/expectations", null, as(OLU));
            JsonNode kept = expect.body() == null ? Json.mapper().createObjectNode() : expect.body().path("expect");
            ok("PUT", expectations, json(Map.of("expect", kept)), as(OLU));
            bad("PUT", expectations, json(Map.of("expect", Map.of("weather", "fine"))), as(OLU));
            bad("PUT", "/api/v1/rules/scenarios/no-such-scenario.json/expectations", json(Map.of("expect", kept)), as(OLU));

            // exercises: replay, then a live one with a room
            ok("POST", "/api/v1/exercises/replay", easter, as(RITA));
            ok("POST", "/api/v1/exercises/replay?audit=false", snow, as(RITA));
            bad("POST", "/api/v1/exercises/replay", "{\"steps\": [", as(RITA));
            bad("POST", "/api/v1/exercises/replay", "{\"name\": \"x\", \"start\": \"2019-01-07T08:00:00Z\", \"base\": {\"organisations\": []}}", as(RITA));
            Answer started = ok("POST", "/api/v1/exercises", easter, as(RITA));
            String ex = started.body() == null ? "none" : started.body().path("id").asText("none");
            String at = "/api/v1/exercises/" + ex;
            String joinCode = started.body() == null ? "none" : started.body().path("joinCode").asText("none");
            Answer fromSituation = ok("POST", "/api/v1/exercises", situation, as(RITA));
            String throwaway = fromSituation.body() == null ? "none" : fromSituation.body().path("id").asText("none");
            bad("POST", "/api/v1/exercises", "[]", as(RITA));
            ok("GET", "/api/v1/exercises", null, as(VERA));
            ok("GET", "/api/v1/exercises?state=live&limit=5", null, as(VERA));
            bad("GET", "/api/v1/exercises?state=over", null, as(VERA));
            ok("GET", at, null, as(VERA));
            bad("GET", "/api/v1/exercises/no-such-exercise", null, as(VERA));

            Answer sam = ok("POST", at + "/participants", json(Map.of("code", joinCode, "name", "Sam Patel", "org", "LTHT")));
            String samToken = sam.body() == null ? "none" : sam.body().path("token").asText("none");
            ok("POST", at + "/participants", json(Map.of("code", joinCode, "name", "Obi", "role", "observer")));
            bad("POST", at + "/participants", json(Map.of("code", "WRONG1", "name", "Lee", "org", "LCH")));
            bad("POST", at + "/participants", json(Map.of("code", joinCode, "name", "Lee", "org", "NOPE")));
            bad("POST", "/api/v1/exercises/no-such-exercise/participants", json(Map.of("code", joinCode, "name", "Lee", "org", "LCH")));
            ok("GET", at, null, as(samToken));

            ok("GET", at + "/clock", null, as(VERA));
            ok("GET", at + "/clock", null, as(samToken));
            bad("GET", "/api/v1/exercises/no-such-exercise/clock", null, as(VERA));
            bad("POST", at + "/clock", json(Map.of("action", "resume")), as(RITA));
            ok("POST", at + "/clock", json(Map.of("action", "start", "speed", 60)), as(RITA));
            ok("POST", at + "/clock", json(Map.of("action", "pause")), as(RITA));
            ok("POST", at + "/clock", json(Map.of("speed", 1)), as(RITA));
            bad("POST", at + "/clock", json(Map.of("action", "rewind", "speed", 0)), as(RITA));
            bad("POST", at + "/clock", "{}", as(RITA));
            bad("POST", at + "/clock", json(Map.of("action", "resume")), as(samToken));
            bad("POST", at + "/clock", json(Map.of("action", "resume")), as(VERA));
            bad("POST", "/api/v1/exercises/no-such-exercise/clock", json(Map.of("action", "start")), as(RITA));
            ok("POST", at + "/clock", json(Map.of("action", "resume")), as(RITA));

            ok("POST", at + "/steps", null, as(RITA));
            ok("POST", at + "/steps?audit=false", "{\"label\": \"Power cut at the LGI\", \"events\": [{\"type\": \"SIGNIFICANT_EVENT\", \"org\": \"LTHT\", \"description\": \"power cut\"}]}", as(RITA));
            bad("POST", at + "/steps", "{\"at\": \"2019-04-01T08:00:00Z\"}", as(RITA));
            bad("POST", at + "/steps", "{\"measures\": [{\"org\": \"LTHT\", \"metric\": \"ae_4hr\", \"value\": 3}]}", as(RITA));
            bad("POST", at + "/steps", "{\"label\": ", as(RITA));
            bad("POST", at + "/steps", null, as(samToken));
            bad("POST", "/api/v1/exercises/no-such-exercise/steps", null, as(RITA));
            String suspend = json(Map.of("org", "LTHT", "text", "Suspend elective orthopaedics to free beds",
                    "action", Map.of("type", "SUSPEND_SERVICE", "service", "elective orthopaedics")));
            ok("POST", at + "/decisions", suspend, as(samToken));
            bad("POST", at + "/decisions", suspend.replace("\"LTHT\"", "\"LCH\""), as(samToken));
            bad("POST", at + "/decisions", json(Map.of("org", "LTHT", "text", "x", "action", Map.of("type", "PANIC"), "answers", "NOPE")), as(samToken));
            bad("POST", "/api/v1/exercises/no-such-exercise/decisions", suspend, as(RITA));
            ok("POST", at + "/steps", null, as(RITA));
            events(server.port(), at + "/events", RITA);
            events(server.port(), "/api/v1/exercises/no-such-exercise/events", RITA);
            ok("GET", at + "/chart.svg", null, as(VERA));
            bad("GET", "/api/v1/exercises/no-such-exercise/chart.svg", null, as(VERA));
            ok("GET", at + "/report", null, as(VERA));
            bad("GET", "/api/v1/exercises/no-such-exercise/report", null, as(VERA));
            ok("GET", at + "/report.html", null, as(VERA));
            bad("GET", "/api/v1/exercises/no-such-exercise/report.html", null, as(VERA));

            ok("POST", at + "/end", null, as(RITA));
            bad("POST", at + "/end", null, as(RITA));
            bad("POST", at + "/clock", json(Map.of("action", "pause")), as(RITA));
            ok("GET", at + "/clock", null, as(VERA));
            bad("POST", "/api/v1/exercises/no-such-exercise/end", null, as(RITA));
            bad("POST", at + "/steps", null, as(RITA));
            bad("POST", at + "/decisions", suspend, as(samToken));
            bad("POST", at + "/participants", json(Map.of("code", joinCode, "name", "Late", "org", "LTHT")));
            Answer lesson = ok("POST", at + "/lessons", json(Map.of("text", "Pair every suspension with its recovery plan", "owner", "LTHT COO", "due", "2027-01-31")), as(RITA));
            String lessonId = lesson.body() == null ? "none" : lesson.body().path("id").asText("none");
            bad("POST", at + "/lessons", json(Map.of("text", "", "due", "soon")), as(RITA));
            bad("POST", at + "/lessons", json(Map.of("text", "x", "owner", "y")), as(samToken));
            bad("POST", "/api/v1/exercises/no-such-exercise/lessons", json(Map.of("text", "x", "owner", "y")), as(RITA));
            ok("PUT", at + "/lessons/" + lessonId, json(Map.of("text", "Pair every suspension with a recovery plan before it starts", "owner", "LTHT COO", "due", "2027-02-28")), as(RITA));
            bad("PUT", at + "/lessons/" + lessonId, json(Map.of("text", "x", "owner", "y", "due", "later")), as(RITA));
            bad("PUT", at + "/lessons/" + lessonId, json(Map.of("text", "x", "owner", "y")), as(samToken));
            bad("PUT", at + "/lessons/no-such-lesson", json(Map.of("text", "x", "owner", "y")), as(RITA));
            ok("GET", at + "/report", null, as(VERA));
            ok("GET", at + "/report.pdf", null, as(VERA));
            bad("GET", "/api/v1/exercises/no-such-exercise/report.pdf", null, as(VERA));
            bad("DELETE", at, null, as(RITA));
            ok("DELETE", "/api/v1/exercises/" + throwaway, null, as(RITA));
            bad("DELETE", "/api/v1/exercises/" + throwaway, null, as(RITA));
        });

        Set<String> documented = new TreeSet<>();
        doc.get("paths").fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(m -> {
            if (METHODS.contains(m)) documented.add(m.toUpperCase() + " " + p.getKey());
        }));
        for (String op : documented) if (!exercised.contains(op)) mismatches.add(op + ": documented but never called by this test");
        StringBuilder summary = new StringBuilder("statuses seen per operation:\n");
        statuses.forEach((op, seen) -> summary.append("  ").append(op).append(' ').append(seen).append('\n'));
        if (!slow.isEmpty()) summary.append("slower calls and checks:\n  ").append(String.join("\n  ", slow)).append('\n');
        System.out.println(summary);
        assertTrue(mismatches.isEmpty(), mismatches.size() + " mismatch(es) between openapi.json and the service:\n  "
                + String.join("\n  ", mismatches));
    }

    // ------------------------------------------------------------------ calls

    static String[] as(String token) { return new String[] {"Authorization", "Bearer " + token}; }

    static String json(Object value) throws Exception { return Json.mapper().writeValueAsString(value); }

    static String files(Map<String, String> files) throws Exception { return json(Map.of("files", files)); }

    /** A request the document allows, body included: the body is checked against the documented request schema. */
    Answer ok(String method, String path, String body, String... headers) {
        return call(true, method, path, body, headers);
    }

    /** A request meant to be refused (a wrong body, an unknown id, the wrong caller): only the answer is checked. */
    Answer bad(String method, String path, String body, String... headers) {
        return call(false, method, path, body, headers);
    }

    private Answer call(boolean wellFormed, String method, String path, String body, String... headers) {
        String template = template(path);
        String op = method + " " + (template == null ? path.replaceAll("\\?.*", "") : template);
        JsonNode operation = template == null ? null : doc.get("paths").get(template).get(method.toLowerCase());
        if (operation == null) {
            mismatches.add(op + ": called, but the document has no such operation");
            return Http.send(client, path, method, body == null ? "" : body, headers);
        }
        exercised.add(op);
        String requestType = header(headers, "Content-Type", "application/json");
        if (wellFormed) checkRequest(op, template, method, operation, body, requestType);
        long t0 = System.nanoTime();
        Answer a = Http.send(client, path, method, body == null ? "" : body, headers);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (ms > 500) slow.add(op + " → " + a.status() + ": " + ms + " ms");
        checkAnswer(op, template, method, operation, a.status(), a.header("Content-Type"), a.text());
        if (wellFormed && a.status() >= 400) mismatches.add(op + " → " + a.status() + ": a well-formed request was refused: " + shorten(a.text()));
        if (!wellFormed && a.status() < 400) mismatches.add(op + " → " + a.status() + ": a request meant to be refused was answered: " + shorten(a.text()));
        return a;
    }

    /** The stream of a live exercise: the status and type of the answer as soon as it opens. */
    private void events(int port, String path, String token) throws Exception {
        String template = template(path);
        String op = "GET " + template;
        exercised.add(op);
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        String type = response.headers().firstValue("Content-Type").orElse(null);
        String text = "";
        try (java.io.InputStream in = response.body()) {
            if (response.statusCode() != 200) text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        checkAnswer(op, template, "GET", doc.get("paths").get(template).get("get"), response.statusCode(), type, text);
    }

    // ------------------------------------------------------------------ checks

    private void checkRequest(String op, String template, String method, JsonNode operation, String body, String type) {
        JsonNode requestBody = operation.get("requestBody");
        boolean sent = body != null && !body.isEmpty();
        if (!sent) {
            if (requestBody != null && requestBody.path("required").asBoolean()) mismatches.add(op + " request: the body is required but none was sent");
            return;
        }
        if (requestBody == null) {
            mismatches.add(op + " request: a body was sent but the operation documents none");
            return;
        }
        String media = mediaType(type);
        String key = matchMedia(requestBody.path("content"), media);
        if (key == null) {
            mismatches.add(op + " request: Content-Type " + media + " is not documented (documented: " + fieldNames(requestBody.path("content")) + ")");
            return;
        }
        if (!isJson(media)) return;
        String pointer = "/paths/" + escape(template) + "/" + method.toLowerCase() + "/requestBody/content/" + escape(key) + "/schema";
        validate(op + " request (" + media + ")", pointer, body);
    }

    private void checkAnswer(String op, String template, String method, JsonNode operation, int status, String type, String text) {
        statuses.computeIfAbsent(op, k -> new TreeSet<>()).add(status);
        String where = op + " → " + status;
        JsonNode responses = operation.path("responses");
        String code = String.valueOf(status);
        if (!responses.has(code)) {
            code = status / 100 + "XX";
            if (!responses.has(code)) code = "default";
            if (!responses.has(code)) {
                mismatches.add(where + ": status not documented (documented: " + fieldNames(responses) + "); body " + shorten(text));
                return;
            }
        }
        JsonNode response = responses.get(code);
        if (response.has("$ref")) response = doc.at(response.get("$ref").asText().substring(1));
        String responsePointer = response.has("content") && !operation.path("responses").get(code).has("$ref")
                ? "/paths/" + escape(template) + "/" + method.toLowerCase() + "/responses/" + code
                : operation.path("responses").get(code).path("$ref").asText().replaceFirst("^#", "");
        JsonNode content = response.get("content");
        boolean hasBody = text != null && !text.isEmpty();
        if (content == null || content.isEmpty()) {
            if (hasBody) mismatches.add(where + ": a body of type " + type + " came but none is documented: " + shorten(text));
            return;
        }
        if (type == null) {
            mismatches.add(where + ": no Content-Type (documented: " + fieldNames(content) + ")");
            return;
        }
        String media = mediaType(type);
        String key = matchMedia(content, media);
        if (key == null) {
            mismatches.add(where + ": Content-Type " + media + " is not documented (documented: " + fieldNames(content) + "); body " + shorten(text));
            return;
        }
        if (!hasBody && !media.equals("text/event-stream")) {
            mismatches.add(where + ": the body is empty, but " + key + " is documented");
            return;
        }
        String pointer = responsePointer + "/content/" + escape(key) + "/schema";
        if (!content.get(key).has("schema")) return;
        if (isJson(media)) {
            validate(where, pointer, text);
        } else if (media.equals("application/x-ndjson")) {
            String[] lines = text.split("\n");
            for (int i = 0; i < lines.length; i++) {
                if (!lines[i].isBlank()) validate(where + " line " + (i + 1), pointer, lines[i]);
            }
        }
    }

    private void validate(String where, String pointer, String json) {
        try {
            Json.mapper().readTree(json);
        } catch (Exception e) {
            mismatches.add(where + ": not JSON: " + shorten(json));
            return;
        }
        long t0 = System.nanoTime();
        Schema schema = schemas.computeIfAbsent(pointer, p -> registry.getSchema(SchemaLocation.of(DOC_URI + "#" + p)));
        long t1 = System.nanoTime();
        List<com.networknt.schema.Error> errors = schema.validate(json, InputFormat.JSON);
        long t2 = System.nanoTime();
        if (t2 - t0 > 300_000_000L) slow.add("check of " + where + " load " + (t1 - t0) / 1_000_000 + " ms, validate " + (t2 - t1) / 1_000_000 + " ms, " + json.length() + " chars");
        int shown = 0;
        for (com.networknt.schema.Error e : errors) {
            if (shown++ == 8) {
                mismatches.add(where + ": ... and " + (errors.size() - 8) + " more");
                break;
            }
            mismatches.add(where + ": " + e.getInstanceLocation() + ": " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ small helpers

    /** The documented template a concrete path belongs to; a literal segment beats a parameter (export over {id}). */
    private String template(String path) {
        String bare = path.replaceAll("\\?.*", "");
        String best = null;
        int bestParams = Integer.MAX_VALUE;
        for (Map.Entry<String, Pattern> t : templates.entrySet()) {
            if (!t.getValue().matcher(bare).matches()) continue;
            int params = t.getKey().split("\\{", -1).length - 1;
            if (params < bestParams) {
                best = t.getKey();
                bestParams = params;
            }
        }
        return best;
    }

    static String header(String[] headers, String name, String otherwise) {
        for (int i = 0; i + 1 < headers.length; i += 2) if (headers[i].equalsIgnoreCase(name)) return headers[i + 1];
        return otherwise;
    }

    static String mediaType(String type) {
        return type == null ? "" : type.split(";")[0].trim().toLowerCase();
    }

    static String matchMedia(JsonNode content, String media) {
        for (Iterator<String> it = content.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            String k = key.toLowerCase();
            if (k.equals(media) || k.equals("*/*") || (k.endsWith("/*") && media.startsWith(k.substring(0, k.length() - 1)))) return key;
        }
        return null;
    }

    static boolean isJson(String media) { return media.equals("application/json") || media.endsWith("+json"); }

    static String escape(String pointerPart) {
        String escaped = pointerPart.replace("~", "~0").replace("/", "~1");
        return escaped.replace("{", "%7B").replace("}", "%7D");
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static String shorten(String text) {
        if (text == null) return "(none)";
        String one = text.replaceAll("\\s+", " ");
        return one.length() > 200 ? one.substring(0, 200) + "..." : one;
    }
}
