package winterroom.situation;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.SchemaContext;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.keyword.AbstractKeyword;
import com.networknt.schema.keyword.KeywordValidator;
import com.networknt.schema.path.NodePath;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import winterroom.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * The shape of a situation, as the API document states it: the Situation and ExerciseBase schemas of openapi.json,
 * compiled once and checked with a JSON Schema (2020-12) validator. Types, required fields, enums, ranges, lengths,
 * unknown fields and nulls are decided here and nowhere else, so the document and the service cannot disagree; the
 * parsers keep only what a schema cannot say (catalogues, references between fields, dates, duplicates). Each
 * problem is put in the service's words against its field path ("measures[2].value"); the validator's own messages
 * are never shown. Formats (date-time) are annotations, as 2020-12 has them: the parsers read dates themselves.
 */
public final class SituationSchema {
    private static final String DOCUMENT_URI = "https://winter-room.invalid/openapi.json";
    private static final String SITUATION = "/components/schemas/Situation", BASE = "/components/schemas/ExerciseBase";

    private final JsonNode document;
    private final Schema situation;
    private final Schema base;

    /**
     * Keywords that only annotate, for readers of the document (x-message is the service's own wording of a pattern). The
     * validator would otherwise visit each one at every field of every situation, allocating an evaluation path each time:
     * a tenth of what checking Leeds' whole-system day allocated.
     */
    private static final List<String> ANNOTATIONS_ONLY = List.of("title", "description", "examples", "example", "$comment", "x-message");

    /** A keyword with no validator at all, so evaluation passes over it. */
    private static final class NotEvaluated extends AbstractKeyword {
        NotEvaluated(String keyword) { super(keyword); }

        @Override
        public KeywordValidator newValidator(SchemaLocation location, tools.jackson.databind.JsonNode schemaNode, Schema parent,
                                             SchemaContext context) {
            return null;
        }
    }

    private SituationSchema(String openApiJson) {
        try {
            document = Json.mapper().readTree(openApiJson);
        } catch (IOException e) {
            throw new IllegalArgumentException("the API document is not JSON: " + e.getMessage(), e);
        }
        // the OpenAPI 3.1 dialect (JSON Schema 2020-12 with the document's own keywords), less its annotations
        Dialect.Builder dialectBuilder = Dialect.builder(Dialects.getOpenApi31());
        for (String k : ANNOTATIONS_ONLY) dialectBuilder.keyword(new NotEvaluated(k));
        Dialect dialect = dialectBuilder.build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(dialect, b -> b.schemas(Map.of(DOCUMENT_URI, openApiJson))
                .schemaRegistryConfig(SchemaRegistryConfig.builder().regularExpressionFactory(ReusedMatchers.INSTANCE).build()));
        situation = compile(registry, SITUATION);
        base = compile(registry, BASE);
    }

    private Schema compile(SchemaRegistry registry, String pointer) {
        if (document.at(pointer).isMissingNode()) throw new IllegalArgumentException("the API document has no " + pointer);
        Schema schema = registry.getSchema(SchemaLocation.of(DOCUMENT_URI + "#" + pointer));
        schema.initializeValidators();   // every $ref resolved now, not on the first request
        return schema;
    }

    /** The schemas of the openapi.json the service serves (read from the jar and compiled once, on first use). */
    public static SituationSchema bundled() { return Bundled.SCHEMA; }

    private static final class Bundled {
        static final SituationSchema SCHEMA = fromDocument(resource());
    }

    /** The schemas of the given API document (its components Situation and ExerciseBase). */
    public static SituationSchema fromDocument(String openApiJson) { return new SituationSchema(openApiJson); }

    /** Every way the situation departs from the Situation schema, one problem per field. */
    public List<FieldError> situationProblems(JsonNode json) { return problems(situation, json, ""); }

    /** Every way an exercise's base departs from the ExerciseBase schema, each field named under {@code base}. */
    public List<FieldError> baseProblems(JsonNode json) { return problems(base, json, "base"); }

    private List<FieldError> problems(Schema schema, JsonNode json, String prefix) {
        List<Error> errors = schema.validate(convert(json));
        List<FieldError> problems = new ArrayList<>();
        Set<String> named = new HashSet<>();
        for (Error e : errors) {
            FieldError f = explain(e, prefix);
            if (named.add(f.field())) problems.add(f);   // the first problem of a field is the one worth reading
        }
        return problems;
    }

    // ------------------------------------------------------------------ the validator's findings in plain words

    private FieldError explain(Error e, String prefix) {
        String at = path(prefix, e.getInstanceLocation());
        String keyword = e.getKeyword() == null ? "" : e.getKeyword();
        JsonNode rule = schemaAt(e.getSchemaLocation());   // the (sub)schema holding the keyword that failed
        tools.jackson.databind.JsonNode value = e.getInstanceNode();
        switch (keyword) {
            case "required" -> {
                String field = join(at, e.getProperty());
                return new FieldError(field, "required: " + describe(propertySchema(e.getSchemaLocation(), e.getProperty()), false));
            }
            case "additionalProperties", "unevaluatedProperties" -> {
                return new FieldError(join(at, e.getProperty()), "unknown field '" + e.getProperty() + "'");
            }
            case "type" -> {
                boolean missing = value == null || value.isNull();
                return new FieldError(at, (missing ? "required: " : "must be ") + describe(rule, !missing));
            }
            case "enum" -> {
                String title = rule.path("title").asText("");
                String shown = value == null ? "" : value.isString() ? value.asString() : value.toString();
                return new FieldError(at, (title.isEmpty() ? "'" + shown + "' is not allowed" : "unknown " + title + " '" + shown + "'")
                        + " (one of " + choices(rule) + ")");
            }
            case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum" -> {
                return new FieldError(at, "must be " + describe(rule, true));
            }
            case "maxLength" -> {
                int length = value != null && value.isString() ? value.asString().length() : 0;
                return new FieldError(at, "at most " + rule.path("maxLength").asInt() + " characters (this is " + length + ")");
            }
            case "minLength" -> {
                return new FieldError(at, "at least " + rule.path("minLength").asInt() + " characters");
            }
            case "pattern" -> {
                String text = value != null && value.isString() ? value.asString() : "";
                if (text.isBlank()) return new FieldError(at, "required: must not be blank");
                String meaning = rule.path("x-message").path("pattern").asText("this is not in the expected form");
                return new FieldError(at, meaning + (text.length() <= 40 ? " ('" + text + "' is not)" : ""));
            }
            case "maxItems" -> {
                int size = value != null ? value.size() : 0;
                String noun = e.getInstanceLocation().getNameCount() == 0 ? "items" : String.valueOf(last(e.getInstanceLocation()));
                return new FieldError(at, size + " " + (noun.endsWith("s") ? noun : "items") + " is more than the "
                        + rule.path("maxItems").asInt() + " allowed");
            }
            case "minItems" -> {
                int min = rule.path("minItems").asInt();
                return new FieldError(at, min == 1 ? "must not be empty" : "must have at least " + min + " items");
            }
            default -> {
                return new FieldError(at, "is not allowed here");
            }
        }
    }

    /** What a value must be, from its schema: "a whole number from 1 to 4, or null", "one of A, B", "a string". */
    private static String describe(JsonNode schema, boolean orNull) {
        if (schema == null || schema.isMissingNode()) return "a value";
        List<String> types = new ArrayList<>();
        JsonNode type = schema.path("type");
        if (type.isArray()) type.forEach(t -> types.add(t.asText()));
        else if (type.isTextual()) types.add(type.asText());
        boolean nullable = types.remove("null") && orNull;
        String what;
        if (schema.has("enum")) return "one of " + choices(schema) + (nullable ? ", or null" : "");
        else if (types.size() == 1) what = switch (types.get(0)) {
            case "integer" -> "a whole number" + range(schema);
            case "number" -> "a number" + range(schema);
            case "string" -> schema.path("format").asText().equals("date-time")
                    ? "a date-time string with an offset, e.g. \"2019-01-12T07:30:00Z\"" : "a string";
            case "boolean" -> "true or false";
            case "array" -> schema.path("minItems").asInt() == 1 ? "a non-empty array" : "an array";
            case "object" -> "an object";
            default -> "a value";
        };
        else what = "a value";
        if (!nullable) return what;
        return what.equals("true or false") ? "true, false or null" : what + (what.contains(" from ") ? ", or null" : " or null");
    }

    private static String range(JsonNode schema) {
        boolean min = schema.has("minimum"), max = schema.has("maximum");
        if (min && max) return " from " + schema.get("minimum").asText() + " to " + schema.get("maximum").asText();
        if (min) return " of at least " + schema.get("minimum").asText();
        if (max) return " of at most " + schema.get("maximum").asText();
        return "";
    }

    private static String choices(JsonNode schema) {
        return StreamSupport.stream(schema.path("enum").spliterator(), false).filter(v -> !v.isNull())
                .map(JsonNode::asText).collect(Collectors.joining(", "));
    }

    /** The schema of a named property, looked up from where the failing keyword sits outwards (an if/then lies inside its object). */
    private JsonNode propertySchema(SchemaLocation location, String property) {
        List<Object> parts = parts(location.getFragment());
        for (int n = parts.size() - 1; n >= 0; n--) {
            JsonNode candidate = node(parts.subList(0, n)).path("properties").path(property);
            if (!candidate.isMissingNode()) {
                // the outer declaration says what a value is (a "then" may only narrow it to be present)
                JsonNode outer = candidate;
                for (int m = n - 1; m >= 0; m--) {
                    JsonNode wider = node(parts.subList(0, m)).path("properties").path(property);
                    if (!wider.isMissingNode() && wider.has("type")) outer = wider;
                }
                return outer.has("$ref") ? document.at(outer.get("$ref").asText().substring(1)) : outer;
            }
        }
        return null;
    }

    private JsonNode schemaAt(SchemaLocation location) {
        List<Object> parts = parts(location.getFragment());
        return parts.isEmpty() ? document : node(parts.subList(0, parts.size() - 1));
    }

    private JsonNode node(List<Object> parts) {
        JsonNode n = document;
        for (Object p : parts) n = p instanceof Integer i ? n.path(i) : n.path(p.toString());
        return n;
    }

    private static List<Object> parts(NodePath path) {
        List<Object> parts = new ArrayList<>();
        if (path == null) return parts;
        for (int i = 0; i < path.getNameCount(); i++) parts.add(path.getElement(i));
        return parts;
    }

    /** measures[2].value, as the service names fields. */
    private static String path(String prefix, NodePath location) {
        StringBuilder b = new StringBuilder(prefix);
        for (int i = 0; i < location.getNameCount(); i++) {
            Object part = location.getElement(i);
            if (part instanceof Integer index) b.append('[').append(index).append(']');
            else b.append(b.length() == 0 ? "" : ".").append(part);
        }
        return b.toString();
    }

    private static Object last(NodePath location) { return location.getElement(location.getNameCount() - 1); }

    private static String join(String at, String property) { return at.isEmpty() ? property : at + "." + property; }

    // ------------------------------------------------------------------ the validator reads Jackson 3 trees

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The same tree for the validator, numbers kept exactly as read (a huge exponent stays infinite, 12.0 stays 12.0). */
    private static tools.jackson.databind.JsonNode convert(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) return NODES.nullNode();
        if (n.isObject()) {
            ObjectNode o = NODES.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                o.set(f.getKey(), convert(f.getValue()));
            }
            return o;
        }
        if (n.isArray()) {
            ArrayNode a = NODES.arrayNode(n.size());
            for (JsonNode item : n) a.add(convert(item));
            return a;
        }
        if (n.isTextual()) return NODES.stringNode(n.textValue());
        if (n.isBoolean()) return NODES.booleanNode(n.booleanValue());
        if (n.isInt()) return NODES.numberNode(n.intValue());
        if (n.isLong()) return NODES.numberNode(n.longValue());
        if (n.isBigInteger()) return NODES.numberNode(n.bigIntegerValue());
        if (n.isBigDecimal()) return NODES.numberNode(n.decimalValue());
        if (n.isNumber()) return NODES.numberNode(n.doubleValue());
        return NODES.stringNode(n.asText());   // binary or POJO nodes do not come from JSON text
    }

    private static String resource() {
        try (InputStream in = SituationSchema.class.getResourceAsStream("/openapi.json")) {
            if (in == null) throw new IllegalStateException("openapi.json is missing from the service's resources");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
