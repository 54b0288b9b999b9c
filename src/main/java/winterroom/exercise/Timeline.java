package winterroom.exercise;

import com.fasterxml.jackson.databind.JsonNode;
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
    private int nextScripted;

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

    private ReplayStep apply(JsonNode step, Instant at, String path, boolean inject, Integer scripted) {
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
        return done;
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
                exercise.step().toString(), exercise.steps().size(), finished(), summary(steps), List.copyOf(steps));
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
