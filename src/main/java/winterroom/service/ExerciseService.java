package winterroom.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import winterroom.Json;
import winterroom.audit.NewRecord;
import winterroom.audit.RecordKind;
import winterroom.engine.Evaluator;
import winterroom.exercise.Exercise;
import winterroom.exercise.ExerciseParser;
import winterroom.exercise.ExerciseReplayer;
import winterroom.exercise.ReplayResult;
import winterroom.exercise.ReplayStep;
import winterroom.exercise.Timeline;
import winterroom.policy.ActiveRuleset;
import winterroom.policy.Ruleset;
import winterroom.store.AuditEvaluationStore;
import winterroom.store.ExerciseStore;
import winterroom.store.StoredExercise;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Desk-top exercises: whole replays of exercise files, and live exercises driven step by step.
 * A live exercise is kept as its file and the moves applied so far, and rebuilt by replaying them
 * in a fresh timeline session on each request, so exercises are isolated from each other and any
 * instance sharing the store can carry one on. Its start, every step and its end join the audit trail
 * (EXERCISE_START, EXERCISE_STEP, EXERCISE_END records whose subject is the exercise id), kept together with the
 * change to the exercise.
 */
public final class ExerciseService {
    /** Thrown when a live exercise cannot take the move asked for (script finished, moved on concurrently). */
    public static final class Conflict extends RuntimeException {
        public Conflict(String message) { super(message); }
    }

    private final ActiveRuleset rules;
    private final Evaluator evaluator;
    private final ExerciseStore store;
    /** The compiled ruleset of a kept version, for exercises started on another instance or before an activation. */
    private final Function<String, Optional<Ruleset>> versions;
    /** Each live exercise keeps the ruleset it started on. */
    private final Map<String, Ruleset> pinned = new ConcurrentHashMap<>();

    public ExerciseService(ActiveRuleset rules, Evaluator evaluator, ExerciseStore store, Function<String, Optional<Ruleset>> versions) {
        this.rules = rules;
        this.evaluator = evaluator;
        this.store = store;
        this.versions = versions;
    }

    /** Replays a whole exercise file on the active ruleset. */
    public ReplayResult replay(JsonNode exerciseFile) {
        return ExerciseReplayer.replay(rules.get(), exerciseFile, evaluator);
    }

    /**
     * Starts a live exercise from an exercise file (steps may be empty) or from a plain situation,
     * which becomes the base with its asOf as the start. Nothing is applied until the first step.
     */
    public ReplayResult start(JsonNode body, String actor) {
        Ruleset ruleset = rules.get();
        JsonNode file = body != null && body.isObject() && !body.has("base") && !body.has("steps") && body.has("organisations")
                ? fromSituation((ObjectNode) body) : body;
        Exercise exercise = ExerciseParser.parse(file, ruleset.catalogues(), false);
        String id = UUID.randomUUID().toString();
        ObjectNode started = Json.mapper().createObjectNode().put("name", exercise.name())
                .put("scriptedSteps", exercise.steps().size());
        started.put("start", exercise.start() == null ? null : exercise.start().toString());
        store.create(new StoredExercise(id, actor, Instant.now(), ruleset.version(), file, List.of(), 0),
                new NewRecord(UUID.randomUUID().toString(), RecordKind.EXERCISE_START, id, actor, ruleset.version(),
                        exercise.start(), List.of(), file, started));
        pinned.put(id, ruleset);
        try (Timeline timeline = new Timeline(exercise, ruleset, evaluator, id)) {
            return timeline.result();
        }
    }

    /**
     * Applies the next scripted step, or the inject when one is given, and returns that step once it is kept with
     * its EXERCISE_STEP record (input: the move; result: the step as answered).
     */
    public ReplayStep step(String id, JsonNode inject, String actor) {
        StoredExercise stored = find(id);
        Ruleset ruleset = rulesetOf(stored);
        Exercise exercise = ExerciseParser.parse(stored.exercise(), ruleset.catalogues(), false);
        try (Timeline timeline = ExerciseReplayer.rebuild(ruleset, exercise, stored.moves(), evaluator, id)) {
            JsonNode move;
            ReplayStep step;
            if (inject == null) {
                if (timeline.finished()) {
                    throw new Conflict("every scripted step of exercise '" + id + "' has been applied (" + exercise.steps().size()
                            + "); send an inject in the body to go on");
                }
                step = timeline.nextScripted();
                move = Json.mapper().createObjectNode().put("scripted", true);
            } else {
                step = timeline.inject(inject);
                move = Json.mapper().createObjectNode().set("inject", inject);
            }
            NewRecord evidence = new NewRecord(UUID.randomUUID().toString(), RecordKind.EXERCISE_STEP, id, actor, ruleset.version(),
                    step.asOf(), AuditEvaluationStore.tags(step.result()), move, Json.mapper().valueToTree(step));
            if (!store.replace(stored.withMove(move), stored.version(), evidence)) {
                throw new Conflict("exercise '" + id + "' was moved on by another request; read it again and retry");
            }
            return step;
        }
    }

    /** The timeline so far. */
    public ReplayResult timeline(String id) {
        StoredExercise stored = find(id);
        Ruleset ruleset = rulesetOf(stored);
        Exercise exercise = ExerciseParser.parse(stored.exercise(), ruleset.catalogues(), false);
        try (Timeline timeline = ExerciseReplayer.rebuild(ruleset, exercise, stored.moves(), evaluator, id)) {
            return timeline.result();
        }
    }

    /** Ends a live exercise (an EXERCISE_END record); false when there is none. */
    public boolean end(String id, String actor) {
        Optional<StoredExercise> stored = store.find(id);
        if (stored.isEmpty()) return false;
        ObjectNode ended = Json.mapper().createObjectNode().put("moves", stored.get().moves().size());
        boolean done = store.end(id, new NewRecord(UUID.randomUUID().toString(), RecordKind.EXERCISE_END, id, actor,
                stored.get().rulesetVersion(), null, List.of(), Json.mapper().createObjectNode().put("exercise", id), ended));
        pinned.remove(id);
        return done;
    }

    public Optional<StoredExercise> stored(String id) { return store.find(id); }

    private StoredExercise find(String id) {
        return store.find(id).orElseThrow(() -> new java.util.NoSuchElementException("exercise '" + id + "'"));
    }

    /** The ruleset the exercise started on: known here, the active one, or compiled from the kept version. */
    private Ruleset rulesetOf(StoredExercise stored) {
        return pinned.computeIfAbsent(stored.id(), id -> {
            Ruleset active = rules.get();
            if (stored.rulesetVersion() == null || active.version().equals(stored.rulesetVersion())) return active;
            return versions.apply(stored.rulesetVersion()).orElse(active);
        });
    }

    private static JsonNode fromSituation(ObjectNode situation) {
        ObjectNode base = situation.deepCopy();
        ObjectNode file = Json.mapper().createObjectNode();
        file.put("name", situation.path("name").asText("Live exercise"));
        if (situation.hasNonNull("description")) file.set("description", situation.get("description"));
        if (situation.has("asOf")) file.set("start", situation.get("asOf"));
        for (String f : List.of("asOf", "name", "description", "expect")) base.remove(f);
        file.set("base", base);
        file.putArray("steps");
        return file;
    }
}
