package winterroom;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The API's contract, checked on every exchange the HTTP tests make: the operation must be in
 * openapi.json, the status documented for it, the content type one it declares, and a JSON body
 * valid against its schema (networknt's JSON Schema 2020-12 validator, in the OpenAPI 3.1
 * dialect). A request the service accepted (2xx) must be valid against the request body schema
 * too, so the service never takes what the document says it refuses. Requests the service refused
 * are not judged: many refusals (an unknown metric, a reversed date range) are beyond a schema.
 */
public final class ContractCheck {
    private static final String DOCUMENT = "classpath:openapi.json";
    private static final JsonNode OPENAPI = read();
    private static final List<Route> ROUTES = routes();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            b -> b.metaSchema(OpenApi31.getInstance()).defaultMetaSchemaIri(OpenApi31.getInstance().getIri()));
    private static final Map<String, JsonSchema> COMPILED = new ConcurrentHashMap<>();

    private record Route(String template, Pattern pattern, int parameters) {}

    private ContractCheck() {}

    /** Throws AssertionError naming every way this exchange departs from the document. */
    public static void exchange(String method, String pathAndQuery, String requestType, String requestBody,
                                int status, String responseType, String responseBody) {
        try {
            check(method, pathAndQuery, requestType, requestBody, status, responseType, responseBody);
        } catch (Collected listed) {
            // listed in the collect file; the test goes on
        }
    }

    private static void check(String method, String pathAndQuery, String requestType, String requestBody,
                              int status, String responseType, String responseBody) {
        String path = pathAndQuery.split("\\?", 2)[0];
        Route route = ROUTES.stream().filter(r -> r.pattern().matcher(path).matches())
                .min(Comparator.comparingInt(Route::parameters)).orElse(null);
        String m = method.toLowerCase(Locale.ROOT);
        if (route == null) {
            if (status == 404 && !path.startsWith("/api/v1/") || status == 404 && isUnknownResource(path)) return;
            fail(method, pathAndQuery, status, "the path is not in openapi.json");
        }
        JsonNode operation = OPENAPI.path("paths").path(route.template()).path(m);
        if (operation.isMissingNode()) {
            if (status == 405) return;   // a method the path does not have, answered as such
            fail(method, pathAndQuery, status, "openapi.json has no " + method + " on " + route.template()
                    + " (an undescribed method on a described path should answer 405)");
        }
        String pointer = "/paths/" + escape(route.template()) + "/" + m;
        JsonNode responses = operation.path("responses");
        String code = String.valueOf(status);
        JsonNode response = responses.has(code) ? responses.get(code) : responses.get("default");
        if (response == null) {
            fail(method, pathAndQuery, status, "status " + status + " is not documented (documented: "
                    + iterable(responses.fieldNames()) + ")" + excerpt(responseBody));
        }
        String responsePointer = pointer + "/responses/" + (responses.has(code) ? code : "default");
        if (response.has("$ref")) {
            responsePointer = response.get("$ref").asText().substring(1);
            response = OPENAPI.at(responsePointer);
        }
        JsonNode content = response.path("content");
        String type = bare(responseType);
        boolean empty = responseBody == null || responseBody.isEmpty();
        if (content.isMissingNode() || content.isEmpty()) {
            if (!empty) fail(method, pathAndQuery, status, "the document says no body, the service sent " + responseType + excerpt(responseBody));
        } else {
            if (type == null || !content.has(type)) {
                fail(method, pathAndQuery, status, "content type " + responseType + " is not documented (documented: "
                        + iterable(content.fieldNames()) + ")");
            }
            if (isJson(type) && content.path(type).has("schema")) {
                validate(method, pathAndQuery, status, "response", responsePointer + "/content/" + escape(type) + "/schema", responseBody);
            } else if (type.equals("application/x-ndjson") && content.path(type).has("itemSchema")) {
                for (String line : responseBody.split("\n")) {
                    if (!line.isBlank()) validate(method, pathAndQuery, status, "NDJSON line", responsePointer + "/content/" + escape(type) + "/itemSchema", line);
                }
            }
        }
        if (status / 100 == 2 && requestBody != null && !requestBody.isEmpty()) {
            JsonNode body = operation.path("requestBody");
            if (body.has("$ref")) body = OPENAPI.at(body.get("$ref").asText().substring(1));
            String rtype = bare(requestType);
            if (!body.path("content").has(rtype == null ? "" : rtype)) {
                fail(method, pathAndQuery, status, "the service accepted a " + requestType + " body the document does not describe (described: "
                        + iterable(body.path("content").fieldNames()) + ")");
            }
            if (isJson(rtype) && body.path("content").path(rtype).has("schema")) {
                validate(method, pathAndQuery, status, "accepted request", pointer + "/requestBody/content/" + escape(rtype) + "/schema", requestBody);
            }
        }
    }

    private static boolean isUnknownResource(String path) {
        // /api/v1/<something undocumented>: the 404 for a path no route serves
        return ROUTES.stream().noneMatch(r -> r.pattern().matcher(path).matches());
    }

    private static void validate(String method, String path, int status, String what, String pointer, String json) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(json);
        } catch (Exception e) {
            fail(method, path, status, what + " is not JSON: " + e.getMessage());
            return;
        }
        JsonSchema schema = COMPILED.computeIfAbsent(pointer, p -> SCHEMAS.getSchema(SchemaLocation.of(DOCUMENT + "#" + p)));
        Set<ValidationMessage> problems = schema.validate(node);
        if (!problems.isEmpty()) {
            fail(method, path, status, what + " does not match " + pointer + ": "
                    + problems.stream().limit(8).map(ValidationMessage::getMessage).collect(Collectors.joining("; ")) + excerpt(json));
        }
    }

    private static void fail(String method, String path, int status, String why) {
        String message = "API contract: " + method + " " + path + " -> " + status + ": " + why;
        // -Dcontract.collect=FILE lists every mismatch in FILE instead of failing at the first
        String collect = System.getProperty("contract.collect");
        if (collect == null) throw new AssertionError(message);
        try {
            java.nio.file.Files.writeString(java.nio.file.Path.of(collect), message + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new Collected();
    }

    /** Ends the check of one exchange once its first mismatch is listed. */
    private static final class Collected extends RuntimeException {
        Collected() { super(null, null, false, false); }
    }

    private static String excerpt(String body) {
        if (body == null || body.isEmpty()) return "";
        return " [body: " + (body.length() > 300 ? body.substring(0, 300) + "..." : body) + "]";
    }

    private static boolean isJson(String type) { return type != null && (type.equals("application/json") || type.endsWith("+json")); }

    private static String bare(String contentType) {
        if (contentType == null || contentType.isBlank()) return null;
        return contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }

    private static String escape(String token) { return token.replace("~", "~0").replace("/", "~1"); }

    private static String iterable(Iterator<String> names) {
        List<String> all = new ArrayList<>();
        names.forEachRemaining(all::add);
        return String.join(", ", all);
    }

    private static JsonNode read() {
        try (InputStream in = ContractCheck.class.getResourceAsStream("/openapi.json")) {
            return Json.mapper().readTree(in);
        } catch (Exception e) {
            throw new IllegalStateException("openapi.json cannot be read", e);
        }
    }

    private static List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        OPENAPI.path("paths").fieldNames().forEachRemaining(template -> {
            int[] params = {0};
            StringBuilder regex = new StringBuilder();
            for (String part : template.split("(?=\\{)|(?<=\\})")) {
                if (part.startsWith("{") && part.endsWith("}")) { regex.append("[^/]+"); params[0]++; }
                else regex.append(Pattern.quote(part));
            }
            routes.add(new Route(template, Pattern.compile(regex.toString()), params[0]));
        });
        return routes;
    }
}
