package winterroom.exercise;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import winterroom.Json;
import winterroom.policy.Catalogues;
import winterroom.situation.FieldError;
import winterroom.situation.InvalidSituationException;
import winterroom.situation.SituationSchema;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads an exercise file and checks all of it before anything runs: its header, its base, and every
 * step's whole situation as it stands once the earlier steps are applied. Every problem is reported
 * at once with its path in the file.
 */
public final class ExerciseParser {
    /** More steps than this is not an exercise anyone can facilitate; it also bounds the work of one request. */
    public static final int MAX_STEPS = 1000;
    private static final Set<String> TOP_LEVEL = Set.of("name", "description", "notes", "start", "step", "base", "steps", "injects");

    private ExerciseParser() {}

    /** Parses and checks; {@code requireSteps} is false for a live exercise started from a base alone. */
    public static Exercise parse(JsonNode json, Catalogues catalogues, boolean requireSteps) {
        List<FieldError> errors = new ArrayList<>();
        if (json == null || !json.isObject()) {
            throw new InvalidSituationException("an exercise must be a JSON object", List.of(new FieldError("", "expected a JSON object")));
        }
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!TOP_LEVEL.contains(f)) errors.add(new FieldError(f, "unknown field '" + f + "'"));
        }
        String name = text(json, "name", true, errors);
        String description = text(json, "description", false, errors);
        text(json, "notes", false, errors);
        Instant start = null;
        JsonNode s = json.get("start");
        if (s == null || s.isNull()) errors.add(new FieldError("start", "required: when step 0 happens, e.g. \"2019-01-07T08:00:00Z\""));
        else if (!s.isTextual()) errors.add(new FieldError("start", "must be a date-time string with an offset"));
        else {
            try { start = instant(s.textValue()); } catch (IllegalArgumentException e) { errors.add(new FieldError("start", e.getMessage())); }
        }
        Duration step = Duration.ofDays(1);
        JsonNode st = json.get("step");
        if (st != null && !st.isNull()) {
            try {
                step = Duration.parse(st.asText());
                if (step.isNegative() || step.isZero() || step.compareTo(Duration.ofDays(366)) > 0) {
                    errors.add(new FieldError("step", "must be a positive duration of at most a year, such as \"P1D\" or \"PT12H\""));
                    step = Duration.ofDays(1);
                }
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("step", "not an ISO-8601 duration: '" + st.asText() + "' (e.g. \"P1D\", \"PT12H\")"));
            }
        }
        JsonNode base = json.get("base");
        List<FieldError> baseErrors = new ArrayList<>();
        if (base == null || !base.isObject()) {
            errors.add(new FieldError("base", base == null ? "required: the situation at the start, without asOf" : "must be an object"));
        } else {
            // the shape is the ExerciseBase schema's (a Situation's fields without asOf, name, description or expect)
            if (base.has("asOf")) baseErrors.add(new FieldError("base.asOf", "not allowed: each step's time comes from start and step (or the step's own at)"));
            for (FieldError f : SituationSchema.bundled().baseProblems(base)) {
                if (!f.field().equals("base.asOf")) baseErrors.add(f);
            }
        }
        List<JsonNode> steps = new ArrayList<>();
        JsonNode sts = json.get("steps");
        if (sts == null || sts.isNull()) {
            if (requireSteps) errors.add(new FieldError("steps", "required: at least one step"));
        } else if (!sts.isArray()) {
            errors.add(new FieldError("steps", "must be an array"));
        } else {
            if (requireSteps && sts.isEmpty()) errors.add(new FieldError("steps", "required: at least one step"));
            if (sts.size() > MAX_STEPS) errors.add(new FieldError("steps", sts.size() + " steps is over the limit of " + MAX_STEPS));
            sts.forEach(steps::add);
        }
        List<JsonNode> injects = new ArrayList<>();
        JsonNode ins = json.get("injects");
        if (ins != null && !ins.isNull()) {
            if (!ins.isArray()) errors.add(new FieldError("injects", "must be an array of prepared injects, each shaped like a step"));
            else {
                if (ins.size() > MAX_STEPS) errors.add(new FieldError("injects", ins.size() + " prepared injects is over the limit of " + MAX_STEPS));
                for (int i = 0; i < ins.size() && i < MAX_STEPS; i++) {
                    JsonNode in = ins.get(i);
                    String p = "injects[" + i + "]";
                    if (!in.isObject()) { errors.add(new FieldError(p, "must be an object shaped like a step")); continue; }
                    if (!in.path("label").isTextual() || in.get("label").textValue().isBlank()) errors.add(new FieldError(p + ".label", "required: the facilitator picks a prepared inject by its label"));
                    for (Iterator<String> it = in.fieldNames(); it.hasNext(); ) {
                        String f = it.next();
                        if (f.equals("at") || f.equals("expect") || !TimelineState.STEP_FIELDS.contains(f)) errors.add(new FieldError(p + "." + f, "not allowed in a prepared inject: it happens when it is fired"));
                    }
                    injects.add(in);
                }
            }
        }
        Exercise exercise = new Exercise(name, description, start, step, base instanceof ObjectNode o ? o : null, steps, List.copyOf(injects), json);
        boolean headerValid = errors.isEmpty();
        errors.addAll(baseErrors);
        if (headerValid) {
            // the steps' whole situations too, so that a base's catalogue problems come with its shape's; each field once
            List<FieldError> run = new ArrayList<>();
            dryRun(exercise, catalogues, run);
            Set<String> named = new HashSet<>();
            errors.forEach(f -> named.add(f.field()));
            for (FieldError f : run) if (named.add(f.field())) errors.add(f);
        }
        if (!errors.isEmpty()) {
            throw new InvalidSituationException("the exercise is not valid (" + errors.size() + " problem" + (errors.size() == 1 ? "" : "s") + ")", errors);
        }
        return exercise;
    }

    /** Applies every step to a timeline of JSON situations, so a bad step is found before a session starts. */
    private static void dryRun(Exercise exercise, Catalogues catalogues, List<FieldError> errors) {
        TimelineState state = new TimelineState(exercise.base(), catalogues, errors);
        if (exercise.steps().isEmpty() && errors.isEmpty()) {
            // a live exercise started from its base alone: the base must already be a whole, valid situation
            try {
                state.check(Json.mapper().createObjectNode(), exercise.start(), "base");
            } catch (InvalidSituationException e) {
                errors.addAll(e.details());
            }
            return;
        }
        Instant previous = null;
        for (int i = 0; i < exercise.steps().size() && errors.size() < 200; i++) {
            JsonNode step = exercise.steps().get(i);
            Instant at;
            try {
                at = exercise.scheduledAt(i);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("steps[" + i + "].at", e.getMessage()));
                continue;
            }
            if (step.has("at") && !step.get("at").isTextual()) {
                errors.add(new FieldError("steps[" + i + "].at", "must be a date-time string with an offset"));
                continue;
            }
            // The state only moves on when a step is valid; time order is checked against every earlier step.
            if (previous != null && at.isBefore(previous) && (state.last() == null || !at.isBefore(state.last()))) {
                errors.add(new FieldError("steps[" + i + "].at", "the step at " + at + " is before the previous step (" + previous + "): steps go forward in time"));
            }
            if (previous == null || at.isAfter(previous)) previous = at;
            try {
                state.apply(step, at, "steps[" + i + "]");
            } catch (InvalidSituationException e) {
                errors.addAll(e.details());
            }
            JsonNode expect = step.get("expect");
            if (expect != null && !expect.isNull() && !expect.isObject()) errors.add(new FieldError("steps[" + i + "].expect", "must be an object"));
        }
    }

    /** An ISO date-time with an offset, as an instant; IllegalArgumentException with a readable message otherwise. */
    public static Instant instant(String text) {
        return winterroom.situation.SituationParser.moment(text);
    }

    private static String text(JsonNode json, String field, boolean required, List<FieldError> errors) {
        JsonNode v = json.get(field);
        if (v == null || v.isNull() || v.isTextual() && v.textValue().isBlank()) {
            if (required) errors.add(new FieldError(field, "required"));
            return null;
        }
        if (!v.isTextual()) { errors.add(new FieldError(field, "must be a string")); return null; }
        return v.textValue();
    }
}
