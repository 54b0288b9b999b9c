package winterroom.exercise;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import winterroom.Json;
import winterroom.policy.Catalogues;
import winterroom.situation.FieldError;
import winterroom.situation.InvalidSituationException;
import winterroom.situation.Situation;
import winterroom.situation.SituationParser;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The situation of an exercise as it stands between steps, kept as JSON. A step lists only what
 * changes: measures and reported levels not mentioned carry forward (each measure's previous-day
 * value becomes its value at the last earlier step), events last for their step unless they give
 * an {@code until}, actions belong to their step. Each step's whole situation is checked by the
 * {@link SituationParser}, and every problem is reported against the file's own path
 * ("steps[3].measures[0].value", "base.organisations[1].type").
 */
final class TimelineState {
    static final Set<String> STEP_FIELDS = Set.of("label", "narrative", "at", "measures", "organisations", "events",
            "actions", "expect");
    private static final Pattern ITEM = Pattern.compile("^(organisations|measures|events|actions)\\[(\\d+)](.*)$");

    private final Catalogues catalogues;
    private final String system;
    private final JsonNode bankHoliday;
    private final LinkedHashMap<String, Entry> organisations = new LinkedHashMap<>();
    private final LinkedHashMap<String, Entry> measures = new LinkedHashMap<>();
    private final List<Entry> events = new ArrayList<>();
    private List<Entry> baseActions = new ArrayList<>();
    private Instant last;

    /** One item of the situation with the path in the file it came from, and for events when it lapses. */
    private static final class Entry {
        ObjectNode json;
        String origin;
        Instant until;   // events: last moment they hold (null: for the whole exercise)

        Entry(ObjectNode json, String origin, Instant until) {
            this.json = json;
            this.origin = origin;
            this.until = until;
        }
    }

    TimelineState(ObjectNode base, Catalogues catalogues, List<FieldError> errors) {
        this.catalogues = catalogues;
        this.system = base.path("system").isTextual() ? base.get("system").textValue() : null;
        this.bankHoliday = base.get("bankHoliday");
        forEach(base, "organisations", "base", errors, (o, path) -> {
            String code = o.path("code").asText(null);
            organisations.put(code == null ? path : code, new Entry(o.deepCopy(), path, null));
        });
        forEach(base, "measures", "base", errors, (m, path) -> measures.put(key(m, path), new Entry(m.deepCopy(), path, null)));
        forEach(base, "events", "base", errors, (e, path) -> {
            Instant until = until(e, path, errors);
            ObjectNode copy = e.deepCopy();
            copy.remove("until");
            events.add(new Entry(copy, path, until));   // base events hold throughout unless they give an until
        });
        forEach(base, "actions", "base", errors, (a, path) -> baseActions.add(new Entry(a.deepCopy(), path, null)));
    }

    Instant last() { return last; }

    boolean hasOrganisation(String code) { return organisations.containsKey(code); }

    /**
     * Applies one step at {@code at} and returns the whole situation at that moment. {@code path}
     * names the step in the file ("steps[3]", "inject"). Throws InvalidSituationException with every
     * problem; the state is then left as it was before the step.
     */
    Situation apply(JsonNode step, Instant at, String path) { return apply(step, at, path, true); }

    /** Checks a step as {@link #apply} would, leaving the state as it is. */
    Situation check(JsonNode step, Instant at, String path) { return apply(step, at, path, false); }

    private Situation apply(JsonNode step, Instant at, String path, boolean commit) {
        List<FieldError> errors = new ArrayList<>();
        if (step == null || !step.isObject()) {
            throw new InvalidSituationException("a step must be a JSON object", List.of(new FieldError(path, "must be an object")));
        }
        for (Iterator<String> it = step.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!STEP_FIELDS.contains(f)) errors.add(new FieldError(path + "." + f, "unknown field '" + f + "'"));
        }
        for (String text : List.of("label", "narrative")) {
            JsonNode v = step.get(text);
            if (v != null && !v.isNull() && !v.isTextual()) errors.add(new FieldError(path + "." + text, "must be a string"));
        }
        if (last != null && at.isBefore(last)) {
            errors.add(new FieldError(path + ".at", "the step at " + at + " is before the previous step (" + last + "): steps go forward in time"));
        }
        // Work on copies so that a bad step leaves the state untouched.
        LinkedHashMap<String, Entry> orgs = copy(organisations);
        LinkedHashMap<String, Entry> ms = copy(measures);
        List<Entry> evs = new ArrayList<>();
        boolean later = last == null || at.isAfter(last);
        for (Entry e : events) {
            // An event lapses when the timeline moves past its until, or past its own step when it gave none.
            Instant lapse = e.until;
            if (lapse == null || !at.isAfter(lapse)) evs.add(new Entry(e.json.deepCopy(), e.origin, e.until));
        }
        if (later && last != null) {
            for (Entry m : ms.values()) {
                JsonNode v = m.json.get("value");
                if (v != null && v.isNumber()) m.json.set("previousDay", v);
                else m.json.remove("previousDay");
            }
        }
        forEach(step, "organisations", path, errors, (o, p) -> {
            String code = o.path("code").asText(null);
            Entry known = code == null ? null : orgs.get(code);
            if (known == null) {
                errors.add(new FieldError(p + ".code", code == null ? "required: the code of an organisation in base"
                        : "organisation '" + code + "' is not in the exercise's base organisations"));
                return;
            }
            for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!f.equals("code") && !f.equals("reportedOpel")) errors.add(new FieldError(p + "." + f, "a step may change only reportedOpel"));
            }
            if (o.has("reportedOpel")) {
                known.json.set("reportedOpel", o.get("reportedOpel"));
                known.origin = p;
            }
        });
        forEach(step, "measures", path, errors, (m, p) -> {
            String k = key(m, p);
            Entry known = ms.get(k);
            ObjectNode copy = m.deepCopy();
            // Not given: the value at the last earlier step (set above when time moved on), or what it was.
            if (!m.has("previousDay") && known != null && known.json.has("previousDay")) copy.set("previousDay", known.json.get("previousDay"));
            ms.put(k, new Entry(copy, p, null));
        });
        forEach(step, "events", path, errors, (e, p) -> {
            Instant until = until(e, p, errors);
            if (until != null && until.isBefore(at)) errors.add(new FieldError(p + ".until", "ends before the step it is given in (" + at + ")"));
            ObjectNode copy = e.deepCopy();
            copy.remove("until");
            evs.add(new Entry(copy, p, until == null ? at : until));
        });
        List<Entry> acts = new ArrayList<>(last == null ? baseActions : List.of());
        forEach(step, "actions", path, errors, (a, p) -> acts.add(new Entry(a.deepCopy(), p, null)));

        ObjectNode situation = Json.mapper().createObjectNode();
        if (system != null) situation.put("system", system);
        situation.put("asOf", at.toString());
        if (bankHoliday != null) situation.set("bankHoliday", bankHoliday);
        Map<String, List<String>> originOf = new LinkedHashMap<>();
        originOf.put("organisations", put(situation, "organisations", orgs.values()));
        originOf.put("measures", put(situation, "measures", ms.values()));
        originOf.put("events", put(situation, "events", evs));
        originOf.put("actions", put(situation, "actions", acts));
        Situation parsed = null;
        try {
            parsed = SituationParser.parse(situation, catalogues);
        } catch (InvalidSituationException e) {
            for (FieldError f : e.details()) errors.add(relocate(f, originOf, path));
        }
        if (!errors.isEmpty()) {
            throw new InvalidSituationException(path + " is not valid (" + errors.size() + " problem" + (errors.size() == 1 ? "" : "s") + ")", errors);
        }
        if (!commit) return parsed;
        organisations.clear();
        organisations.putAll(orgs);
        measures.clear();
        measures.putAll(ms);
        events.clear();
        events.addAll(evs);
        baseActions = List.of();
        last = at;
        return parsed;
    }

    /** Names a problem in the merged situation by where it came from in the file. */
    private static FieldError relocate(FieldError f, Map<String, List<String>> originOf, String path) {
        Matcher m = ITEM.matcher(f.field());
        if (m.matches()) {
            List<String> origins = originOf.get(m.group(1));
            int i = Integer.parseInt(m.group(2));
            if (i < origins.size()) {
                String origin = origins.get(i);
                boolean carried = !origin.startsWith(path + ".");
                return new FieldError(origin + m.group(3), f.message() + (carried ? " (carried forward to " + path + ")" : ""));
            }
        }
        if (f.field().equals("asOf")) return new FieldError(path + ".at", f.message());
        return new FieldError(f.field().isEmpty() ? path : path + "." + f.field(), f.message());
    }

    private static List<String> put(ObjectNode situation, String field, Iterable<Entry> entries) {
        ArrayNode array = situation.putArray(field);
        List<String> origins = new ArrayList<>();
        for (Entry e : entries) {
            array.add(e.json);
            origins.add(e.origin);
        }
        return origins;
    }

    private static LinkedHashMap<String, Entry> copy(Map<String, Entry> from) {
        LinkedHashMap<String, Entry> out = new LinkedHashMap<>();
        from.forEach((k, e) -> out.put(k, new Entry(e.json.deepCopy(), e.origin, e.until)));
        return out;
    }

    private static String key(JsonNode m, String path) {
        String org = m.path("org").asText(null);
        String metric = m.path("metric").asText(null);
        return org == null || metric == null ? "\u0001" + path : org + "\u0000" + metric;
    }

    private static Instant until(JsonNode e, String path, List<FieldError> errors) {
        JsonNode u = e.get("until");
        if (u == null || u.isNull()) return null;
        if (!u.isTextual()) { errors.add(new FieldError(path + ".until", "must be a date-time string with an offset")); return null; }
        try {
            return ExerciseParser.instant(u.textValue());
        } catch (IllegalArgumentException bad) {
            errors.add(new FieldError(path + ".until", bad.getMessage()));
            return null;
        }
    }

    private interface ItemReader { void read(ObjectNode item, String path); }

    private static void forEach(JsonNode parent, String field, String path, List<FieldError> errors, ItemReader reader) {
        JsonNode array = parent.get(field);
        if (array == null || array.isNull()) return;
        if (!array.isArray()) { errors.add(new FieldError(path + "." + field, "must be an array")); return; }
        for (int i = 0; i < array.size(); i++) {
            String p = path + "." + field + "[" + i + "]";
            if (!array.get(i).isObject()) { errors.add(new FieldError(p, "must be an object")); continue; }
            reader.read((ObjectNode) array.get(i), p);
        }
    }
}
