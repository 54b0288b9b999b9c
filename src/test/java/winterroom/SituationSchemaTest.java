package winterroom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import winterroom.exercise.ExerciseParser;
import winterroom.policy.ActiveRuleset;
import winterroom.policy.Catalogues;
import winterroom.situation.FieldError;
import winterroom.situation.InvalidSituationException;
import winterroom.situation.Situation;
import winterroom.situation.SituationParser;
import winterroom.situation.SituationSchema;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One source for the situation's shape: the parser refuses what the Situation schema of openapi.json refuses, because
 * it checks against that very schema (a tightened copy of the document tightens the parser), and each structural
 * problem names its field in the service's words.
 */
class SituationSchemaTest {
    static final Catalogues CATALOGUES = ActiveRuleset.load(Path.of("rules")).get().catalogues();
    static final Path DOCUMENT = Path.of("src/main/resources/openapi.json");

    static ObjectNode example() throws Exception {
        ObjectNode s = (ObjectNode) Json.mapper().readTree(Files.readString(Path.of("scenarios/example-saturday-handover-delays.json")));
        s.remove("expect");
        return s;
    }

    static ObjectNode edited(Consumer<ObjectNode> edit) throws Exception {
        ObjectNode s = example();
        edit.accept(s);
        return s;
    }

    static ObjectNode item(ObjectNode s, String array, int i) { return (ObjectNode) s.withArray(array).get(i); }

    static List<FieldError> refused(JsonNode situation, SituationSchema schema) {
        InvalidSituationException e = assertThrows(InvalidSituationException.class,
                () -> SituationParser.parse(situation, CATALOGUES, schema), "refused: " + situation);
        return e.details();
    }

    @Test
    void aTightenedDocumentTightensTheParser() throws Exception {
        ObjectNode doc = (ObjectNode) Json.mapper().readTree(Files.readString(DOCUMENT));
        ObjectNode situation = (ObjectNode) doc.at("/components/schemas/Situation");
        ((ObjectNode) situation.at("/properties/organisations/items/properties/reportedOpel")).put("maximum", 3);
        situation.withArray("required").add("measures");
        ((ObjectNode) situation.at("/properties/system")).put("maxLength", 5);
        SituationSchema tightened = SituationSchema.fromDocument(Json.mapper().writeValueAsString(doc));

        ObjectNode s = edited(x -> {
            item(x, "organisations", 0).put("reportedOpel", 4);
            x.put("system", "Leeds and Grenville");
        });
        ObjectNode noMeasures = edited(x -> x.remove("measures"));
        // the bundled document allows all of these ...
        assertNotNull(SituationParser.parse(s, CATALOGUES, SituationSchema.bundled()));
        assertNotNull(SituationParser.parse(noMeasures, CATALOGUES, SituationSchema.bundled()));
        // ... the tightened copy refuses them, with no change to the parser
        List<FieldError> problems = refused(s, tightened);
        assertEquals(List.of(new FieldError("system", "at most 5 characters (this is 19)"),
                new FieldError("organisations[0].reportedOpel", "must be a whole number from 1 to 3, or null")), sorted(problems));
        assertEquals(List.of(new FieldError("measures", "required: an array")), refused(noMeasures, tightened));
    }

    @Test
    void theParserReadsTheDocumentTheServiceServes() throws Exception {
        ObjectNode s = edited(x -> item(x, "organisations", 0).put("reportedOpel", 5));
        assertEquals(refused(s, SituationSchema.fromDocument(Files.readString(DOCUMENT))), refused(s, SituationSchema.bundled()));
        JsonNode served = Json.mapper().readTree(SituationSchemaTest.class.getResourceAsStream("/openapi.json"));
        assertEquals(Json.mapper().readTree(Files.readString(DOCUMENT)), served, "the jar serves the document in src/main/resources");
    }

    /** A structural mistake, the field it must be named by, and words the message must carry. */
    record Case(Consumer<ObjectNode> edit, String field, String words) {}

    @Test
    void eachStructuralProblemNamesItsFieldInPlainWords() throws Exception {
        Map<String, Case> cases = new LinkedHashMap<>();
        cases.put("no asOf", new Case(s -> s.remove("asOf"), "asOf", "required: a date-time string with an offset"));
        cases.put("asOf a number", new Case(s -> s.put("asOf", 2019), "asOf", "must be a date-time string"));
        cases.put("asOf null", new Case(s -> s.putNull("asOf"), "asOf", "required"));
        cases.put("unknown top-level field", new Case(s -> s.put("weather", "cold"), "weather", "unknown field 'weather'"));
        cases.put("system not text", new Case(s -> s.put("system", 5), "system", "must be a string or null"));
        cases.put("bankHoliday not boolean", new Case(s -> s.put("bankHoliday", "yes"), "bankHoliday", "must be true, false or null"));
        cases.put("no organisations", new Case(s -> s.remove("organisations"), "organisations", "required"));
        cases.put("organisations empty", new Case(s -> s.putArray("organisations"), "organisations", "must not be empty"));
        cases.put("organisation not an object", new Case(s -> s.withArray("organisations").set(1, Json.mapper().getNodeFactory().textNode("LTHT")),
                "organisations[1]", "must be an object"));
        cases.put("organisation without code", new Case(s -> item(s, "organisations", 1).remove("code"), "organisations[1].code", "required: a string"));
        cases.put("organisation code with a comma", new Case(s -> item(s, "organisations", 0).put("code", "A,B"), "organisations[0].code", "an organisation code is 1 to 20 letters"));
        cases.put("organisation type unknown", new Case(s -> item(s, "organisations", 0).put("type", "CASTLE"), "organisations[0].type", "unknown organisation type 'CASTLE' (one of ACUTE, COMMUNITY"));
        cases.put("reportedOpel a fraction", new Case(s -> item(s, "organisations", 0).put("reportedOpel", 2.5), "organisations[0].reportedOpel", "must be a whole number from 1 to 4, or null"));
        cases.put("reportedOpel 0", new Case(s -> item(s, "organisations", 0).put("reportedOpel", 0), "organisations[0].reportedOpel", "from 1 to 4"));
        cases.put("organisation field unknown", new Case(s -> item(s, "organisations", 0).put("beds", 900), "organisations[0].beds", "unknown field 'beds'"));
        cases.put("measures not an array", new Case(s -> s.put("measures", "many"), "measures", "must be an array or null"));
        cases.put("measure without value", new Case(s -> item(s, "measures", 1).remove("value"), "measures[1].value", "required: a number"));
        cases.put("measure value null", new Case(s -> item(s, "measures", 1).putNull("value"), "measures[1].value", "required: a number"));
        cases.put("measure value text", new Case(s -> item(s, "measures", 1).put("value", "high"), "measures[1].value", "must be a number"));
        cases.put("measure metric blank", new Case(s -> item(s, "measures", 1).put("metric", "  "), "measures[1].metric", "required: must not be blank"));
        cases.put("measure previousDay text", new Case(s -> item(s, "measures", 1).put("previousDay", "yesterday"), "measures[1].previousDay", "must be a number or null"));
        cases.put("event type unknown", new Case(s -> item(s, "events", 0).put("type", "ALIEN_INVASION"), "events[0].type", "unknown event type 'ALIEN_INVASION'"));
        cases.put("event without type", new Case(s -> item(s, "events", 0).remove("type"), "events[0].type", "required: one of SIGNIFICANT_EVENT"));
        cases.put("event description too long", new Case(s -> item(s, "events", 0).put("description", "x".repeat(2001)), "events[0].description", "at most 2000 characters (this is 2001)"));
        cases.put("action type unknown", new Case(s -> item(s, "actions", 0).put("type", "CLOSE_HOSPITAL"), "actions[0].type", "unknown action type 'CLOSE_HOSPITAL'"));
        cases.put("cancellation without hours", new Case(s -> s.withArray("actions").addObject().put("org", "LTHT").put("type", "CANCEL_ELECTIVE"),
                "actions[1].hoursBeforeSurgery", "required: a number"));
        cases.put("cancellation count a fraction", new Case(s -> s.withArray("actions").addObject().put("org", "LTHT").put("type", "CANCEL_ELECTIVE")
                .put("hoursBeforeSurgery", 12).put("count", 2.5), "actions[1].count", "must be a whole number from 0 to 100000, or null"));
        cases.put("negative hours", new Case(s -> s.withArray("actions").addObject().put("org", "LTHT").put("type", "CANCEL_ELECTIVE")
                .put("hoursBeforeSurgery", -1), "actions[1].hoursBeforeSurgery", "must be a number of at least 0"));
        cases.put("suspension without service", new Case(s -> s.withArray("actions").addObject().put("org", "LTHT").put("type", "SUSPEND_SERVICE"),
                "actions[1].service", "required: a string"));
        cases.put("de-escalation without levels", new Case(s -> s.withArray("actions").addObject().put("org", "LTHT").put("type", "DE_ESCALATE").put("fromLevel", 3),
                "actions[1].toLevel", "required: a whole number from 1 to 4"));
        cases.put("agreedBy not a list", new Case(s -> s.withArray("actions").addObject().put("org", "LTHT").put("type", "DE_ESCALATE").put("fromLevel", 3)
                .put("toLevel", 2).put("agreedBy", "CCG"), "actions[1].agreedBy", "must be an array or null"));
        cases.put("cross-organisation action without affects", new Case(s -> s.withArray("actions").addObject().put("org", "LTHT").put("type", "CROSS_ORG_ACTION"),
                "actions[1].affects", "required: a string"));
        cases.put("recoveryPlanned text", new Case(s -> s.withArray("actions").addObject().put("org", "LTHT").put("type", "SUSPEND_SERVICE")
                .put("service", "electives").put("recoveryPlanned", "yes"), "actions[1].recoveryPlanned", "must be true, false or null"));

        StringBuilder failures = new StringBuilder();
        for (Map.Entry<String, Case> c : cases.entrySet()) {
            List<FieldError> problems;
            try {
                problems = refused(edited(c.getValue().edit()), SituationSchema.bundled());
            } catch (AssertionError e) {
                failures.append("\n").append(c.getKey()).append(": accepted");
                continue;
            }
            FieldError named = problems.stream().filter(f -> f.field().equals(c.getValue().field())).findFirst().orElse(null);
            if (named == null || !named.message().contains(c.getValue().words())) {
                failures.append("\n").append(c.getKey()).append(": expected ").append(c.getValue().field()).append(" '")
                        .append(c.getValue().words()).append("', got ").append(problems);
            }
            assertEquals(problems.size(), problems.stream().map(FieldError::field).distinct().count(), c.getKey() + ": each field once: " + problems);
            for (FieldError f : problems) {
                for (String internal : new String[] {"$.", "#/", "schema", "/properties", "instance", "ref"}) {
                    if (f.message().contains(internal)) failures.append("\n").append(c.getKey()).append(": '").append(internal).append("' leaks in ").append(f);
                }
            }
        }
        assertTrue(failures.isEmpty(), failures.toString());
    }

    @Test
    void structuralAndCatalogueProblemsAreReportedTogether() throws Exception {
        ObjectNode s = edited(x -> {
            item(x, "measures", 0).put("value", "high");
            item(x, "measures", 1).put("metric", "ae_4hr_percent");
            item(x, "organisations", 0).put("type", "CASTLE");
            item(x, "actions", 0).put("org", "HARROGATE");
        });
        List<FieldError> problems = refused(s, SituationSchema.bundled());
        List<String> fields = problems.stream().map(FieldError::field).sorted().toList();
        assertEquals(List.of("actions[0].org", "measures[0].value", "measures[1].metric", "organisations[0].type"), fields, problems.toString());
    }

    @Test
    void nullMeansLeftOutForOptionalFields() throws Exception {
        ObjectNode s = edited(x -> {
            x.putNull("system");
            x.putNull("bankHoliday");
            x.putNull("description");
            x.putNull("events");
            item(x, "organisations", 0).putNull("reportedOpel");
            item(x, "measures", 0).putNull("previousDay");
        });
        Situation parsed = SituationParser.parse(s, CATALOGUES);
        assertEquals("Leeds", parsed.system());
        assertTrue(parsed.events().isEmpty());
        assertEquals(null, parsed.organisations().get(0).getReportedOpel());
    }

    @Test
    void wholeNumbersWrittenWithAPointAreWholeNumbers() throws Exception {
        ObjectNode s = edited(x -> {
            item(x, "organisations", 0).put("reportedOpel", 3.0);
            x.withArray("actions").addObject().put("org", "LTHT").put("type", "CANCEL_ELECTIVE").put("count", 12.0).put("hoursBeforeSurgery", 24);
        });
        Situation parsed = SituationParser.parse(Json.mapper().readTree(s.toString()), CATALOGUES);
        assertEquals(3, parsed.organisations().get(0).getReportedOpel());
        assertEquals(12, parsed.actions().get(1).getCount());
    }

    @Test
    void anExerciseBaseIsASituationWithoutItsTime() throws Exception {
        ObjectNode exercise = (ObjectNode) Json.mapper().readTree(Files.readString(Path.of("scenarios/exercises/easter-bank-holiday-weekend.json")));
        assertFalse(exercise.get("base").has("asOf"));
        assertNotNull(ExerciseParser.parse(exercise, CATALOGUES, true));
        // a catalogue organisation may leave out its type in a base as in a situation
        ObjectNode base = (ObjectNode) exercise.get("base");
        ArrayNode orgs = base.withArray("organisations");
        for (JsonNode o : orgs) if (o.path("code").asText().equals("LTHT")) ((ObjectNode) o).remove("type");
        assertNotNull(ExerciseParser.parse(exercise, CATALOGUES, true));

        ObjectNode bad = exercise.deepCopy();
        ObjectNode badBase = (ObjectNode) bad.get("base");
        badBase.put("asOf", "2019-04-19T08:00:00Z");
        badBase.put("weather", "snow");
        badBase.put("system", 5);
        ((ObjectNode) badBase.withArray("organisations").get(0)).put("reportedOpel", 9);
        InvalidSituationException e = assertThrows(InvalidSituationException.class, () -> ExerciseParser.parse(bad, CATALOGUES, true));
        Map<String, String> byField = new LinkedHashMap<>();
        e.details().forEach(f -> byField.put(f.field(), f.message()));
        assertTrue(byField.get("base.asOf").contains("each step's time comes from start and step"), byField.toString());
        assertEquals("unknown field 'weather'", byField.get("base.weather"), byField.toString());
        assertEquals("must be a string or null", byField.get("base.system"), byField.toString());
        assertEquals("must be a whole number from 1 to 4, or null", byField.get("base.organisations[0].reportedOpel"), byField.toString());
    }

    static List<FieldError> sorted(List<FieldError> problems) {
        return problems.stream().sorted(java.util.Comparator.comparing(FieldError::field).reversed()).toList();
    }
}
