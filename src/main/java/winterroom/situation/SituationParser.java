package winterroom.situation;

import com.fasterxml.jackson.databind.JsonNode;
import winterroom.facts.Action;
import winterroom.facts.ActionType;
import winterroom.facts.Event;
import winterroom.facts.EventType;
import winterroom.facts.Measure;
import winterroom.facts.OrgType;
import winterroom.facts.Organisation;
import winterroom.policy.Catalogues;
import winterroom.policy.MetricDefinition;
import winterroom.policy.OrganisationProfile;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a situation from JSON and checks it against the catalogues. It collects every problem
 * rather than stopping at the first, so a user fixes a request in one go; nothing is evaluated
 * unless the whole situation is valid.
 */
public final class SituationParser {
    /** Fields a scenario or exercise file may carry beside the situation itself. */
    private static final Set<String> TOP_LEVEL = Set.of("system", "asOf", "bankHoliday", "organisations", "measures",
            "events", "actions", "name", "description", "expect");
    private static final Set<String> ORG_FIELDS = Set.of("code", "type", "reportedOpel", "name");
    private static final Set<String> MEASURE_FIELDS = Set.of("org", "metric", "value", "previousDay");
    private static final Set<String> EVENT_FIELDS = Set.of("type", "org", "description", "severity", "until");
    private static final Set<String> ACTION_FIELDS = Set.of("org", "type", "count", "hoursBeforeSurgery", "service",
            "recoveryPlanned", "fromLevel", "toLevel", "agreedBy", "affects", "priorDiscussion", "description");
    /** Organisation codes: ODS-style letters and digits, short enough to tag and store (they also join reporting keys). */
    private static final java.util.regex.Pattern ORG_CODE = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,19}");
    /**
     * A Leeds situation names 12 organisations and a region a few dozen; a national picture of every acute trust is
     * a few hundred. Up to here the engine's time grows close to in step with the facts (BENCHMARKS.md, engine time
     * against situation size), and the largest situation is kept whole (HostileInputTest).
     */
    static final int MAX_ORGANISATIONS = 2000;
    static final int MAX_ITEMS = 20000;
    private static final int MAX_TEXT = 2000;
    /** Years a plan can describe; outside them dates are mistakes, and calendars cannot be computed. */
    private static final int FIRST_YEAR = 1900, LAST_YEAR = 2200;
    /** Handover bands are cumulative: more patients wait over 15 minutes than over 30, and over 30 than over 60. */
    private static final List<String> HANDOVER_BANDS = List.of("ambulance_handover_over_15_min",
            "ambulance_handover_over_30_min", "ambulance_handover_over_60_min");

    private final Catalogues catalogues;
    private final List<FieldError> errors = new ArrayList<>();

    private SituationParser(Catalogues catalogues) { this.catalogues = catalogues; }

    public static Situation parse(JsonNode json, Catalogues catalogues) {
        return new SituationParser(catalogues).read(json);
    }

    private Situation read(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new InvalidSituationException("a situation must be a JSON object", List.of(new FieldError("", "expected a JSON object")));
        }
        unknownFields(json, TOP_LEVEL, "");
        String system = optionalText(json, "system", "system");
        Instant asOf = readAsOf(json.get("asOf"));
        Boolean bankHoliday = null;
        JsonNode bh = json.get("bankHoliday");
        if (bh != null && !bh.isNull()) {
            if (bh.isBoolean()) bankHoliday = bh.booleanValue();
            else errors.add(new FieldError("bankHoliday", "must be true, false or null"));
        }
        List<Organisation> orgs = readOrganisations(json.get("organisations"));
        Map<String, Organisation> byCode = orgs.stream().filter(o -> o.getCode() != null)
                .collect(Collectors.toMap(Organisation::getCode, o -> o, (a, b) -> a));
        List<Measure> measures = readMeasures(json.get("measures"), byCode.keySet());
        List<Event> events = readEvents(json.get("events"), byCode.keySet());
        List<Action> actions = readActions(json.get("actions"), byCode.keySet());
        if (!errors.isEmpty()) {
            throw new InvalidSituationException("the situation is not valid (" + errors.size() + " problem" + (errors.size() == 1 ? "" : "s") + ")", errors);
        }
        return new Situation(system == null ? "Leeds" : system, asOf, bankHoliday, orgs, measures, events, actions);
    }

    private Instant readAsOf(JsonNode node) {
        if (node == null || node.isNull()) {
            errors.add(new FieldError("asOf", "required: the moment the situation describes, e.g. \"2019-01-12T07:30:00Z\""));
            return null;
        }
        if (!node.isTextual()) {
            errors.add(new FieldError("asOf", "must be a date-time string with an offset, e.g. \"2019-01-12T07:30:00Z\""));
            return null;
        }
        try {
            return moment(node.textValue());
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("asOf", e.getMessage()));
            return null;
        }
    }

    /**
     * A date-time with an offset, within the years a plan can describe (outside them a date is a mistake,
     * and calendars cannot be computed); IllegalArgumentException with a readable message otherwise.
     */
    public static Instant moment(String text) {
        OffsetDateTime at;
        try {
            at = OffsetDateTime.parse(text);
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("not a date-time with an offset: '" + text + "' (e.g. \"2019-01-12T07:30:00Z\")");
        }
        if (at.getYear() < FIRST_YEAR || at.getYear() > LAST_YEAR) {
            throw new IllegalArgumentException("year " + at.getYear() + " is outside " + FIRST_YEAR + " to " + LAST_YEAR);
        }
        return at.toInstant();
    }

    private List<Organisation> readOrganisations(JsonNode node) {
        List<Organisation> orgs = new ArrayList<>();
        if (node == null || node.isNull()) {
            errors.add(new FieldError("organisations", "required: at least one organisation"));
            return orgs;
        }
        if (!node.isArray() || node.isEmpty()) {
            errors.add(new FieldError("organisations", "must be a non-empty array"));
            return orgs;
        }
        if (node.size() > MAX_ORGANISATIONS) {
            errors.add(new FieldError("organisations", node.size() + " organisations is more than the " + MAX_ORGANISATIONS + " a situation may name"));
            return orgs;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "organisations[" + i + "]";
            JsonNode o = node.get(i);
            if (!o.isObject()) { errors.add(new FieldError(path, "must be an object")); continue; }
            unknownFields(o, ORG_FIELDS, path + ".");
            String code = requiredText(o, "code", path + ".code");
            if (code != null && !ORG_CODE.matcher(code).matches()) {
                errors.add(new FieldError(path + ".code", "an organisation code is 1 to 20 letters, digits, '-' or '_', starting with a letter or digit"
                        + (code.length() <= 40 ? " ('" + code + "' is not)" : " (this one is " + code.length() + " characters)")));
                code = null;
            }
            if (code != null && !seen.add(code)) errors.add(new FieldError(path + ".code", "duplicate organisation '" + code + "'"));
            OrgType type = organisationType(o.get("type"), code, path + ".type");
            Integer opel = null;
            JsonNode lv = o.get("reportedOpel");
            if (lv != null && !lv.isNull()) {
                if (lv.isIntegralNumber() && lv.canConvertToInt() && lv.intValue() >= 1 && lv.intValue() <= 4) opel = lv.intValue();
                else errors.add(new FieldError(path + ".reportedOpel", "must be a whole number from 1 to 4, or null"));
            }
            orgs.add(new Organisation(code, type, opel));
        }
        return orgs;
    }

    /**
     * An organisation's type: as given, or else the organisations catalogue's for its code. An organisation the
     * catalogue does not know (another trust in a national sitrep, say) must give its type.
     */
    private OrgType organisationType(JsonNode given, String code, String path) {
        if (given != null && !given.isNull()) return enumValue(given, OrgType.class, path, true);
        OrganisationProfile known = code == null ? null : catalogues.organisations().get(code);
        if (known != null) return known.type();
        if (code != null) {
            errors.add(new FieldError(path, "required: organisation '" + code + "' is not in " + Catalogues.ORGANISATIONS
                    + " (known: " + String.join(", ", catalogues.organisations().keySet()) + "), so give its type: one of "
                    + Arrays.stream(OrgType.values()).map(Enum::name).collect(Collectors.joining(", "))));
        }
        return null;
    }

    private List<Measure> readMeasures(JsonNode node, Set<String> orgs) {
        List<Measure> measures = new ArrayList<>();
        if (!optionalArray(node, "measures")) return measures;
        Map<String, Integer> seen = new HashMap<>();
        Map<String, Map<String, double[]>> bands = new HashMap<>();   // org -> band -> {value, index}
        for (int i = 0; i < node.size(); i++) {
            String path = "measures[" + i + "]";
            JsonNode m = node.get(i);
            if (!m.isObject()) { errors.add(new FieldError(path, "must be an object")); continue; }
            unknownFields(m, MEASURE_FIELDS, path + ".");
            String org = orgReference(m, "org", path + ".org", orgs, true);
            String metric = requiredText(m, "metric", path + ".metric");
            MetricDefinition def = null;
            if (metric != null) {
                def = catalogues.metrics().get(metric);
                if (def == null) errors.add(new FieldError(path + ".metric", "unknown metric '" + metric + "'" + suggestion(metric)));
            }
            Double value = number(m.get("value"), path + ".value", def, true);
            Double previous = number(m.get("previousDay"), path + ".previousDay", def, false);
            if (org != null && metric != null) {
                Integer first = seen.putIfAbsent(org + "\u0000" + metric, i);
                if (first != null) errors.add(new FieldError(path, "duplicate measure: " + metric + " for " + org + " is already given at measures[" + first + "]"));
            }
            if (org != null && value != null && def != null && HANDOVER_BANDS.contains(metric)) {
                bands.computeIfAbsent(org, k -> new HashMap<>()).put(metric, new double[]{value, i});
            }
            if (org != null && metric != null && value != null) measures.add(new Measure(org, metric, value, previous));
        }
        for (Map.Entry<String, Map<String, double[]>> e : bands.entrySet()) {
            for (int wide = 0; wide < HANDOVER_BANDS.size(); wide++) {
                for (int narrow = wide + 1; narrow < HANDOVER_BANDS.size(); narrow++) {
                    double[] w = e.getValue().get(HANDOVER_BANDS.get(wide));
                    double[] n = e.getValue().get(HANDOVER_BANDS.get(narrow));
                    if (w != null && n != null && n[0] > w[0]) {
                        errors.add(new FieldError("measures[" + (int) n[1] + "].value", "handover bands out of order for " + e.getKey() + ": "
                                + HANDOVER_BANDS.get(narrow) + " (" + fmt(n[0]) + ") exceeds " + HANDOVER_BANDS.get(wide) + " (" + fmt(w[0]) + "); the bands are cumulative"));
                    }
                }
            }
        }
        return measures;
    }

    private List<Event> readEvents(JsonNode node, Set<String> orgs) {
        List<Event> events = new ArrayList<>();
        if (!optionalArray(node, "events")) return events;
        for (int i = 0; i < node.size(); i++) {
            String path = "events[" + i + "]";
            JsonNode e = node.get(i);
            if (!e.isObject()) { errors.add(new FieldError(path, "must be an object")); continue; }
            unknownFields(e, EVENT_FIELDS, path + ".");
            EventType type = enumValue(e.get("type"), EventType.class, path + ".type", true);
            String org = orgReference(e, "org", path + ".org", orgs, false);
            events.add(new Event(type, org, optionalText(e, "description", path + ".description"), optionalText(e, "severity", path + ".severity")));
        }
        return events;
    }

    private List<Action> readActions(JsonNode node, Set<String> orgs) {
        List<Action> actions = new ArrayList<>();
        if (!optionalArray(node, "actions")) return actions;
        for (int i = 0; i < node.size(); i++) {
            String path = "actions[" + i + "]";
            JsonNode a = node.get(i);
            if (!a.isObject()) { errors.add(new FieldError(path, "must be an object")); continue; }
            unknownFields(a, ACTION_FIELDS, path + ".");
            Action action = new Action();
            action.setOrg(orgReference(a, "org", path + ".org", orgs, true));
            action.setType(enumValue(a.get("type"), ActionType.class, path + ".type", true));
            action.setDescription(optionalText(a, "description", path + ".description"));
            if (action.getType() != null) readActionFields(a, action, path, orgs);
            actions.add(action);
        }
        return actions;
    }

    private void readActionFields(JsonNode a, Action action, String path, Set<String> orgs) {
        switch (action.getType()) {
            case CANCEL_ELECTIVE -> {
                action.setCount(wholeNumber(a.get("count"), path + ".count", 0, 100000, false));
                Double hours = number(a.get("hoursBeforeSurgery"), path + ".hoursBeforeSurgery", null, true);
                if (hours != null && hours < 0) errors.add(new FieldError(path + ".hoursBeforeSurgery", "must not be negative"));
                action.setHoursBeforeSurgery(hours);
            }
            case SUSPEND_SERVICE -> {
                action.setService(requiredText(a, "service", path + ".service"));
                action.setRecoveryPlanned(bool(a.get("recoveryPlanned"), path + ".recoveryPlanned"));
            }
            case RECOVER_SERVICE -> action.setService(requiredText(a, "service", path + ".service"));
            case DE_ESCALATE -> {
                Integer from = wholeNumber(a.get("fromLevel"), path + ".fromLevel", 1, 4, true);
                Integer to = wholeNumber(a.get("toLevel"), path + ".toLevel", 1, 4, true);
                if (from != null && to != null && to >= from) errors.add(new FieldError(path + ".toLevel", "a de-escalation must go to a lower level than fromLevel (" + from + ")"));
                action.setFromLevel(from);
                action.setToLevel(to);
                JsonNode agreed = a.get("agreedBy");
                List<String> codes = new ArrayList<>();
                if (agreed != null && !agreed.isNull()) {
                    if (!agreed.isArray()) errors.add(new FieldError(path + ".agreedBy", "must be an array of organisation codes"));
                    else for (int j = 0; j < agreed.size(); j++) {
                        JsonNode c = agreed.get(j);
                        if (!c.isTextual()) errors.add(new FieldError(path + ".agreedBy[" + j + "]", "must be an organisation code"));
                        else if (!orgs.contains(c.textValue())) errors.add(new FieldError(path + ".agreedBy[" + j + "]", "organisation '" + c.textValue() + "' is not in the situation"));
                        else codes.add(c.textValue());
                    }
                }
                action.setAgreedBy(codes);
            }
            case CROSS_ORG_ACTION -> {
                action.setAffects(orgReference(a, "affects", path + ".affects", orgs, true));
                action.setPriorDiscussion(bool(a.get("priorDiscussion"), path + ".priorDiscussion"));
            }
            case UNINTENDED_CONSEQUENCE -> action.setAffects(orgReference(a, "affects", path + ".affects", orgs, false));
        }
    }

    // --- small readers, each adding to errors rather than throwing -------------------------------

    private boolean optionalArray(JsonNode node, String field) {
        if (node == null || node.isNull()) return false;
        if (!node.isArray()) { errors.add(new FieldError(field, "must be an array")); return false; }
        if (node.size() > MAX_ITEMS) { errors.add(new FieldError(field, node.size() + " items is more than the " + MAX_ITEMS + " allowed")); return false; }
        return true;
    }

    private void unknownFields(JsonNode node, Set<String> allowed, String prefix) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) errors.add(new FieldError(prefix + name, "unknown field '" + name + "'"));
        }
    }

    private String requiredText(JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || (v.isTextual() && v.textValue().isBlank())) {
            errors.add(new FieldError(path, "required"));
            return null;
        }
        if (!v.isTextual()) { errors.add(new FieldError(path, "must be a string")); return null; }
        if (v.textValue().length() > MAX_TEXT) { errors.add(tooLong(path, v.textValue())); return null; }
        return v.textValue().trim();
    }

    private String optionalText(JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) { errors.add(new FieldError(path, "must be a string")); return null; }
        if (v.textValue().length() > MAX_TEXT) { errors.add(tooLong(path, v.textValue())); return null; }
        return v.textValue();
    }

    private static FieldError tooLong(String path, String text) {
        return new FieldError(path, "at most " + MAX_TEXT + " characters (this is " + text.length() + ")");
    }

    private String orgReference(JsonNode node, String field, String path, Set<String> orgs, boolean required) {
        String code = required ? requiredText(node, field, path) : optionalText(node, field, path);
        if (code != null && !orgs.contains(code)) {
            errors.add(new FieldError(path, "organisation '" + code + "' is not in the situation's organisations"));
            return null;
        }
        return code;
    }

    private <E extends Enum<E>> E enumValue(JsonNode v, Class<E> type, String path, boolean required) {
        if (v != null && v.isTextual()) {
            for (E e : type.getEnumConstants()) if (e.name().equals(v.textValue())) return e;
        }
        String allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
        if (v == null || v.isNull()) {
            if (required) errors.add(new FieldError(path, "required: one of " + allowed));
            return null;
        }
        errors.add(new FieldError(path, "unknown " + (type == OrgType.class ? "organisation type" : type == EventType.class ? "event type" : "action type")
                + " '" + v.asText() + "' (one of " + allowed + ")"));
        return null;
    }

    private Double number(JsonNode v, String path, MetricDefinition def, boolean required) {
        if (v == null || v.isNull()) {
            if (required) errors.add(new FieldError(path, "required: a number"));
            return null;
        }
        if (!v.isNumber()) { errors.add(new FieldError(path, "must be a number")); return null; }
        double d = v.doubleValue();
        if (!Double.isFinite(d)) { errors.add(new FieldError(path, "must be a finite number")); return null; }
        if (def != null) {
            if (def.isCount() && d < 0) { errors.add(new FieldError(path, "a count cannot be negative (" + fmt(d) + ")")); return null; }
            if (def.isCount() && d != Math.rint(d)) { errors.add(new FieldError(path, "a count must be a whole number (" + fmt(d) + ")")); return null; }
            if (d < def.min() || d > def.max()) {
                errors.add(new FieldError(path, fmt(d) + " is outside the valid range for " + def.id() + " (" + fmt(def.min()) + " to " + fmt(def.max()) + " " + def.unit() + ")"));
                return null;
            }
        }
        return d;
    }

    private Integer wholeNumber(JsonNode v, String path, int min, int max, boolean required) {
        if (v == null || v.isNull()) {
            if (required) errors.add(new FieldError(path, "required: a whole number"));
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
            errors.add(new FieldError(path, "must be a whole number from " + min + " to " + max));
            return null;
        }
        return v.intValue();
    }

    private Boolean bool(JsonNode v, String path) {
        if (v == null || v.isNull()) return null;
        if (!v.isBoolean()) { errors.add(new FieldError(path, "must be true or false")); return null; }
        return v.booleanValue();
    }

    /** Offers the closest catalogue metric for a near-miss name. */
    private String suggestion(String metric) {
        Set<String> close = new LinkedHashSet<>();
        String stem = metric.length() > 4 ? metric.substring(0, 4) : metric;
        for (String id : catalogues.metrics().keySet()) if (id.startsWith(stem)) close.add(id);
        return close.isEmpty() || close.size() > 4 ? "" : " (did you mean " + String.join(" or ", close) + "?)";
    }

    private static String fmt(double d) { return winterroom.facts.Fmt.num(d); }
}
