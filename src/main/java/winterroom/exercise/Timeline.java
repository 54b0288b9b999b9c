package winterroom.exercise;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import winterroom.Json;
import winterroom.engine.EvaluationResult;
import winterroom.engine.Evaluator;
import winterroom.engine.TimelineSession;
import winterroom.policy.Ruleset;
import winterroom.scenarios.Expectations;
import winterroom.situation.FieldError;
import winterroom.situation.InvalidSituationException;
import winterroom.situation.Situation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An exercise being run: its timeline state, the one Drools session that lives through it, and the
 * steps so far. Scripted steps come from the file in order; ad-hoc injects may be added between them.
 * Not thread-safe: one request drives one timeline.
 */
public final class Timeline implements AutoCloseable {
    private final Exercise exercise;
    private final Ruleset ruleset;
    private final TimelineState state;
    private final TimelineSession session;
    private final String id;
    private final List<ReplayStep> steps = new ArrayList<>();
    private final List<Decision> decisions = new ArrayList<>();
    /** Decisions whose actions join the next step (indexes into decisions). */
    private final List<Integer> pending = new ArrayList<>();
    private int nextScripted;

    /** The decision action that agrees another organisation's de-escalation: {"type": "AGREE_DE_ESCALATION", "of": "LTHT"}. */
    public static final String AGREE = "AGREE_DE_ESCALATION";

    public Timeline(Exercise exercise, Ruleset ruleset, Evaluator evaluator, String id) {
        this.exercise = exercise;
        this.ruleset = ruleset;
        this.id = id;
        List<FieldError> errors = new ArrayList<>();
        this.state = new TimelineState(exercise.base(), ruleset.catalogues(), errors);
        if (!errors.isEmpty()) throw new InvalidSituationException("the exercise base is not valid", errors);
        this.session = new TimelineSession(ruleset, evaluator);
    }

    public boolean finished() { return nextScripted >= exercise.steps().size(); }

    public List<ReplayStep> steps() { return steps; }

    public List<Decision> decisions() { return decisions; }

    /** The exercise moment the room stands at: the latest step's, or the start before the first step. */
    public Instant moment() { return state.last() != null ? state.last() : exercise.start(); }

    /** Whether the organisation is one of the exercise's. */
    public boolean hasOrganisation(String code) { return state.hasOrganisation(code); }

    /**
     * Records a decision of the room. Its action, if any, is checked now as part of the current situation, and
     * joins the next step as a fact (with an agreement to a de-escalation added to that de-escalation's agreedBy).
     * {@code exerciseTime} is the exercise clock when it was recorded (null when not known).
     * Throws InvalidSituationException naming the decision's fields at fault.
     */
    public Decision decide(JsonNode d, String by, String participant, Instant recordedAt, Instant exerciseTime, String id) {
        List<FieldError> errors = new ArrayList<>();
        if (d == null || !d.isObject()) throw new InvalidSituationException("a decision must be a JSON object", List.of(new FieldError("", "expected a JSON object")));
        for (var it = d.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!List.of("org", "text", "action", "answers").contains(f)) errors.add(new FieldError(f, "unknown field '" + f + "'"));
        }
        String org = d.path("org").isTextual() ? d.get("org").textValue() : null;
        if (org == null) errors.add(new FieldError("org", "required: the code of the organisation deciding"));
        else if (!state.hasOrganisation(org)) errors.add(new FieldError("org", "organisation '" + org + "' is not in this exercise"));
        String text = d.path("text").isTextual() ? d.get("text").textValue().strip() : null;
        if (text == null || text.isEmpty()) errors.add(new FieldError("text", "required: what was decided, in words"));
        else if (text.length() > 2000) errors.add(new FieldError("text", "at most 2000 characters"));
        String answers = null;
        JsonNode a = d.get("answers");
        if (a != null && !a.isNull()) {
            if (!a.isTextual()) errors.add(new FieldError("answers", "must be a recommendation code such as \"PAIR_RECOVERY\""));
            else if (!ruleset.catalogues().actions().containsKey(a.textValue())) errors.add(new FieldError("answers", "'" + a.textValue() + "' is not a recommendation in the actions catalogue"));
            else answers = a.textValue();
        }
        ObjectNode action = null;
        JsonNode given = d.get("action");
        if (given != null && !given.isNull()) {
            if (!given.isObject()) errors.add(new FieldError("action", "must be an object shaped like a situation's action"));
            else {
                action = ((ObjectNode) given).deepCopy();
                if (action.hasNonNull("org") && org != null && !org.equals(action.path("org").asText())) {
                    errors.add(new FieldError("action.org", "an organisation decides its own actions: '" + action.path("org").asText() + "' is not '" + org + "'"));
                }
                if (org != null) action.put("org", org);
                if (AGREE.equals(action.path("type").asText())) {
                    String of = action.path("of").asText(null);
                    if (of == null || !state.hasOrganisation(of)) errors.add(new FieldError("action.of", "required: the organisation whose de-escalation is agreed"));
                    for (var it = action.fieldNames(); it.hasNext(); ) {
                        String f = it.next();
                        if (!List.of("type", "of", "org").contains(f)) errors.add(new FieldError("action." + f, "unknown field '" + f + "' for " + AGREE));
                    }
                } else if (org != null && state.hasOrganisation(org)) {
                    ObjectNode probe = Json.mapper().createObjectNode();
                    probe.putArray("actions").add(action);
                    try {
                        state.check(probe, state.last() == null ? exercise.start() : state.last(), "decision");
                    } catch (InvalidSituationException e) {
                        for (FieldError f : e.details()) errors.add(new FieldError(f.field().replaceFirst("^decision\\.actions\\[0]", "action"), f.message()));
                    }
                }
            }
        }
        if (!errors.isEmpty()) throw new InvalidSituationException("the decision is not valid (" + errors.size() + " problem" + (errors.size() == 1 ? "" : "s") + ")", errors);
        Decision decision = new Decision(id, org, text, action, answers, by, participant, recordedAt, exerciseTime, state.last(),
                steps.isEmpty() ? null : steps.size() - 1, null);
        if (action != null) pending.add(decisions.size());
        decisions.add(decision);
        return decision;
    }

    /** Applies the next scripted step. */
    public ReplayStep nextScripted() {
        if (finished()) throw new IllegalStateException("every scripted step has been applied");
        int i = nextScripted;
        JsonNode step = exercise.steps().get(i);
        Instant at = exercise.scheduledAt(i);
        if (state.last() != null && at.isBefore(state.last())) at = state.last();   // an inject may have moved time on
        ReplayStep done = apply(step, at, "steps[" + i + "]", false, i);
        nextScripted++;
        return done;
    }

    /**
     * Applies an ad-hoc inject, shaped like a step. Without its own {@code at} it happens at the
     * latest step's moment (an update within the day), or one step on when the script has run out.
     */
    public ReplayStep inject(JsonNode inject) {
        Instant at;
        JsonNode given = inject == null ? null : inject.get("at");
        if (given != null && !given.isNull()) {
            if (!given.isTextual()) throw new InvalidSituationException("the inject is not valid", List.of(new FieldError("at", "must be a date-time string with an offset")));
            try {
                at = ExerciseParser.instant(given.textValue());
            } catch (IllegalArgumentException e) {
                throw new InvalidSituationException("the inject is not valid", List.of(new FieldError("at", e.getMessage())));
            }
        } else if (state.last() == null) {
            at = exercise.start();
        } else {
            at = finished() ? state.last().plus(exercise.step()) : state.last();
        }
        return apply(inject, at, "inject", true, null);
    }

    private ReplayStep apply(JsonNode given, Instant at, String path, boolean inject, Integer scripted) {
        if (steps.size() >= ExerciseParser.MAX_STEPS) {
            throw new InvalidSituationException("the exercise has reached the limit of " + ExerciseParser.MAX_STEPS + " steps",
                    List.of(new FieldError(inject ? "" : path, "no more steps: " + ExerciseParser.MAX_STEPS + " is the most an exercise takes")));
        }
        JsonNode step = withDecisions(given);
        Situation situation;
        try {
            situation = state.apply(step, at, path);
        } catch (InvalidSituationException e) {
            if (!inject) throw e;
            // An inject's problems are named from the inject itself ("measures[0].value").
            List<FieldError> local = e.details().stream()
                    .map(f -> new FieldError(f.field().startsWith("inject.") ? f.field().substring(7) : f.field(), f.message())).toList();
            throw new InvalidSituationException("the inject is not valid (" + local.size() + " problem" + (local.size() == 1 ? "" : "s") + ")", local);
        }
        int index = steps.size();
        String label = step.path("label").asText(inject ? "Inject" : "Step " + (index + 1));
        String narrative = step.path("narrative").isTextual() ? step.get("narrative").textValue() : null;
        EvaluationResult result = session.step(situation, label, inject, id == null ? null : id + "/steps/" + index, Instant.now());
        JsonNode expect = step.get("expect");
        List<String> broken = expect == null || expect.isNull() ? null : Expectations.check(expect, result);
        ReplayStep done = new ReplayStep(index, at, label, narrative, inject, scripted, result,
                changes(steps.isEmpty() ? null : steps.get(steps.size() - 1).result(), result), broken, expect);
        steps.add(done);
        for (int d : pending) decisions.set(d, decisions.get(d).atStep(index));
        pending.clear();
        return done;
    }

    /** The step with the actions the room decided since the last step added, agreements folded into their de-escalations. */
    private JsonNode withDecisions(JsonNode step) {
        if (pending.isEmpty() || step == null || !step.isObject()) return step;
        ObjectNode merged = ((ObjectNode) step).deepCopy();
        ArrayNode actions = merged.has("actions") && merged.get("actions").isArray() ? (ArrayNode) merged.get("actions") : merged.putArray("actions");
        List<ObjectNode> agreements = new ArrayList<>();
        for (int d : pending) {
            ObjectNode a = (ObjectNode) decisions.get(d).action();
            if (AGREE.equals(a.path("type").asText())) agreements.add(a);
            else actions.add(a.deepCopy());
        }
        for (ObjectNode agree : agreements) {
            for (JsonNode a : actions) {
                if ("DE_ESCALATE".equals(a.path("type").asText()) && agree.path("of").asText().equals(a.path("org").asText()) && a instanceof ObjectNode o) {
                    ArrayNode by = o.has("agreedBy") && o.get("agreedBy").isArray() ? (ArrayNode) o.get("agreedBy") : o.putArray("agreedBy");
                    boolean already = false;
                    for (JsonNode b : by) already |= b.asText().equals(agree.path("org").asText());
                    if (!already) by.add(agree.path("org").asText());
                }
            }
        }
        return merged;
    }

    private static ReplayStep.Changes changes(EvaluationResult before, EvaluationResult now) {
        Set<String> was = before == null ? Set.of() : new LinkedHashSet<>(before.recommendationCodes());
        Set<String> is = new LinkedHashSet<>(now.recommendationCodes());
        List<String> fresh = new ArrayList<>();
        List<String> continuing = new ArrayList<>();
        for (String a : is) (was.contains(a) ? continuing : fresh).add(a);
        List<String> stoodDown = was.stream().filter(a -> !is.contains(a)).toList();
        return new ReplayStep.Changes(fresh, continuing, stoodDown);
    }

    /** The timeline so far with its summary figures. */
    public ReplayResult result() {
        return new ReplayResult(id, exercise.name(), exercise.description(), ruleset.version(), exercise.start(),
                exercise.step().toString(), exercise.steps().size(), finished(), summary(steps), List.copyOf(steps), List.copyOf(decisions));
    }

    static ReplayResult.Summary summary(List<ReplayStep> steps) {
        Map<LocalDate, Integer> dayLevel = new TreeMap<>();
        Set<LocalDate> sitrepDays = new LinkedHashSet<>();
        Map<String, Integer> peak = new LinkedHashMap<>();
        int returns = 0, breaches = 0, injects = 0, broken = 0;
        for (ReplayStep s : steps) {
            EvaluationResult r = s.result();
            LocalDate date = r.calendar().localDate();
            if (r.opel().system() != null) dayLevel.merge(date, r.opel().system(), Math::max);
            if (r.exceptionReport().required()) returns++;
            if (r.recommendationCodes().contains("SITREP_CALL")) sitrepDays.add(date);
            breaches += r.principleBreaches().size();
            if (s.inject()) injects++;
            if (s.expectationsBroken() != null) broken += s.expectationsBroken().size();
            r.opel().organisations().forEach(o -> { if (o.level() != null) peak.merge(o.org(), o.level(), Math::max); });
            if (r.opel().system() != null) peak.merge("system", r.opel().system(), Math::max);
        }
        Map<String, Integer> days = new LinkedHashMap<>();
        for (int level = 1; level <= 4; level++) days.put(String.valueOf(level), 0);
        dayLevel.values().forEach(l -> days.merge(String.valueOf(l), 1, Integer::sum));
        List<Map<String, Object>> outstanding = steps.isEmpty() ? List.of()
                : steps.get(steps.size() - 1).result().findings().getOrDefault("recovery", List.of());
        return new ReplayResult.Summary(days, returns, sitrepDays.size(), breaches, injects, outstanding, peak, broken);
    }

    @Override
    public void close() { session.close(); }
}
