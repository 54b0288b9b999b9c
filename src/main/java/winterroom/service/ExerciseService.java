package winterroom.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import winterroom.Json;
import winterroom.audit.NewRecord;
import winterroom.audit.RecordKind;
import winterroom.auth.Tokens;
import winterroom.engine.Evaluator;
import winterroom.exercise.Debrief;
import winterroom.exercise.Decision;
import winterroom.exercise.Exercise;
import winterroom.exercise.ExerciseClock;
import winterroom.exercise.ExerciseParser;
import winterroom.exercise.ExerciseReplayer;
import winterroom.exercise.ExerciseReport;
import winterroom.exercise.ReplayResult;
import winterroom.exercise.ReplayStep;
import winterroom.exercise.Timeline;
import winterroom.policy.ActiveRuleset;
import winterroom.policy.Ruleset;
import winterroom.situation.FieldError;
import winterroom.situation.InvalidSituationException;
import winterroom.store.AuditEvaluationStore;
import winterroom.store.ExerciseStore;
import winterroom.store.ExerciseStore.Lesson;
import winterroom.store.ExerciseStore.Participant;
import winterroom.store.StoredExercise;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Desk-top exercises: whole replays of exercise files, and exercises run live by a facilitator with participants
 * in the room. An exercise is kept as its file and the moves applied so far (steps, injects and decisions), one row
 * each. This instance keeps each exercise's timeline session open between requests, so a step costs the same
 * whatever came before it; when another instance sharing the store moved the exercise on, only the moves it has not
 * seen are applied, and a timeline is rebuilt from every move only when this instance has none. Every start, step,
 * decision, joining, lesson and end joins the audit trail, kept together with the change to the exercise.
 */
public final class ExerciseService {
    /** Thrown when an exercise cannot take the move asked for (script finished, ended, moved on concurrently). */
    public static final class Conflict extends RuntimeException {
        public Conflict(String message) { super(message); }
    }

    /** Thrown when the caller may not do this to this exercise (a participant stepping, another org's decision). */
    public static final class Forbidden extends RuntimeException {
        public Forbidden(String message) { super(message); }
    }

    /** Thrown when a caller has tried too many wrong join codes: wait retryAfterSeconds. */
    public static final class TooManyAttempts extends RuntimeException {
        private final long retryAfterSeconds;
        public TooManyAttempts(String message, long retryAfterSeconds) {
            super(message);
            this.retryAfterSeconds = retryAfterSeconds;
        }
        public long retryAfterSeconds() { return retryAfterSeconds; }
    }

    /** Wrong join codes one caller may try on one exercise within JOIN_WINDOW before waiting: a six-letter code is not guessed. */
    public static final int JOIN_ATTEMPTS = 10;
    static final java.time.Duration JOIN_WINDOW = java.time.Duration.ofMinutes(10);
    private final Map<String, java.util.Deque<Instant>> wrongCodes = new java.util.concurrent.ConcurrentHashMap<>();

    /** The most decisions one exercise takes: bounds the work of rebuilding it. */
    public static final int MAX_DECISIONS = 5000;
    /** Timelines kept open in this instance (live ones first in use; the least recently used is closed). */
    private static final int OPEN_TIMELINES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /** An exercise as answered: the timeline with who runs it, its clock, who joined and what was learnt. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"id", "state", "facilitator", "createdAt", "endedAt", "joinCode", "clock"})
    public record ExerciseView(@JsonUnwrapped ReplayResult timeline, String state, String facilitator, Instant createdAt,
                               Instant endedAt, String joinCode, ExerciseClock.Reading clock, List<Debrief.Attendee> participants,
                               List<Debrief.Lesson> lessons, List<JsonNode> injects) {
        public ExerciseView withoutAudit() {
            return new ExerciseView(timeline.withoutAudit(), state, facilitator, createdAt, endedAt, joinCode, clock, participants, lessons, injects);
        }

        /** As a participant sees it: no join code, and no sight of the prepared injects still to come. */
        public ExerciseView forParticipant() {
            return new ExerciseView(timeline, state, facilitator, createdAt, endedAt, null, clock, participants, lessons, null);
        }
    }

    /** One line of the list of exercises. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExerciseSummary(String id, String name, String state, Instant createdAt, Instant start, String facilitator,
                                  int steps, Instant endedAt) {}

    /** A participant as told after joining: the token is shown this once. */
    public record Joined(String id, String exercise, String name, String org, String role, String token) {}

    /** Who is asking, as far as an exercise is concerned. */
    public record Who(String name, Participant participant) {
        public static Who facilitator(String name) { return new Who(name, null); }
    }

    private static final class Open {
        final Exercise exercise;
        final Ruleset ruleset;
        Timeline timeline;
        long version;
        boolean closed;   // retired from the map: whoever waited for it opens the exercise again

        Open(Exercise exercise, Ruleset ruleset, Timeline timeline) {
            this.exercise = exercise;
            this.ruleset = ruleset;
            this.timeline = timeline;
        }
    }

    private final ActiveRuleset rules;
    private final Evaluator evaluator;
    private final ExerciseStore store;
    /** The compiled ruleset of a kept version, for exercises started on another instance or before an activation. */
    private final Function<String, Optional<Ruleset>> versions;
    private final ExerciseUpdates updates = new ExerciseUpdates();
    private final java.util.concurrent.ScheduledExecutorService heartbeat;
    private final Map<String, Open> open = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Open> eldest) {
            if (size() <= OPEN_TIMELINES) return false;
            Open old = eldest.getValue();
            heartbeat.execute(() -> retire(old));   // never wait for an exercise while holding the map
            return true;
        }
    });

    public ExerciseService(ActiveRuleset rules, Evaluator evaluator, ExerciseStore store, Function<String, Optional<Ruleset>> versions) {
        this.rules = rules;
        this.evaluator = evaluator;
        this.store = store;
        this.versions = versions;
        if (store instanceof winterroom.store.JdbcExerciseStore jdbc) {
            jdbc.onChange(updates::publish);
            updates.listenAcross(jdbc.database().config(), jdbc.instance());
        }
        this.heartbeat = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "exercise-heartbeat");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleAtFixedRate(() -> updates.publishAll("heartbeat"), 15, 15, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Where the open pages of a room hear of its changes. */
    public ExerciseUpdates updates() { return updates; }

    /** Stops hearing changes and closes the open timelines. */
    public void close() {
        heartbeat.shutdownNow();
        updates.close();
        List<String> ids;
        synchronized (open) { ids = new ArrayList<>(open.keySet()); }
        ids.forEach(this::forget);
    }

    /** Replays a whole exercise file on the active ruleset. */
    public ReplayResult replay(JsonNode exerciseFile) {
        return ExerciseReplayer.replay(rules.get(), exerciseFile, evaluator);
    }

    /**
     * Starts a live exercise from an exercise file (steps may be empty) or from a plain situation, which becomes
     * the base with its asOf as the start. The base is checked as a situation; nothing is applied until the first
     * step. The facilitator is the caller; the join code is for the participants.
     */
    public ExerciseView start(JsonNode body, String actor) {
        Ruleset ruleset = rules.get();
        JsonNode file = body != null && body.isObject() && !body.has("base") && !body.has("steps") && body.has("organisations")
                ? fromSituation((ObjectNode) body) : body;
        Exercise exercise = ExerciseParser.parse(file, ruleset.catalogues(), false);
        String id = UUID.randomUUID().toString();
        String code = joinCode();
        ObjectNode started = Json.mapper().createObjectNode().put("name", exercise.name())
                .put("scriptedSteps", exercise.steps().size());
        started.put("start", exercise.start() == null ? null : exercise.start().toString());
        Instant now = Instant.now();
        StoredExercise stored = new StoredExercise(id, actor, now, ruleset.version(), file, List.of(), 0, exercise.name(),
                exercise.start(), code, 0, null);
        store.create(stored, new NewRecord(UUID.randomUUID().toString(), RecordKind.EXERCISE_START, id, actor, ruleset.version(),
                exercise.start(), List.of(), file, started));
        Open o = new Open(exercise, ruleset, new Timeline(exercise, ruleset, evaluator, id));
        open.put(id, o);
        synchronized (o) { return view(stored, o, true); }
    }

    /** Exercises newest first, live or ended or both. */
    public List<ExerciseSummary> list(StoredExercise.State state, int limit) {
        return store.list(state, limit).stream().map(e -> new ExerciseSummary(e.id(), e.name(), e.state().name(), e.createdAt(),
                e.startAt(), e.actor(), e.steps(), e.endedAt())).toList();
    }

    /**
     * Applies the next scripted step, or the inject when one is given, and returns that step once it is kept with
     * its EXERCISE_STEP record (input: the move; result: the step as answered).
     */
    public ReplayStep step(String id, JsonNode inject, String actor) {
        return with(live(id), o -> {
            StoredExercise head = catchUp(id, o);
            if (head.endedAt() != null) throw new Conflict("exercise '" + id + "' has ended: it takes no more steps");
            JsonNode move;
            ReplayStep step;
            if (inject == null) {
                if (o.timeline.finished()) {
                    throw new Conflict("every scripted step of exercise '" + id + "' has been applied (" + o.exercise.steps().size()
                            + "); send an inject in the body to go on");
                }
                step = o.timeline.nextScripted();
                move = Json.mapper().createObjectNode().put("scripted", true);
            } else if (inject.size() == 1 && inject.has("inject")) {
                // one of the prepared injects of the master events list, by its position
                JsonNode n = inject.get("inject");
                if (!n.canConvertToInt() || n.asInt() < 0 || n.asInt() >= o.exercise.injects().size()) {
                    throw new InvalidSituationException("no such prepared inject", List.of(new FieldError("inject",
                            "the position of a prepared inject in the exercise's injects, 0 to " + (o.exercise.injects().size() - 1))));
                }
                JsonNode prepared = o.exercise.injects().get(n.asInt());
                step = o.timeline.inject(prepared);
                move = Json.mapper().createObjectNode().put("prepared", n.asInt()).set("inject", prepared);
            } else {
                step = o.timeline.inject(inject);
                move = Json.mapper().createObjectNode().set("inject", inject);
            }
            NewRecord evidence = new NewRecord(UUID.randomUUID().toString(), RecordKind.EXERCISE_STEP, id, actor, o.ruleset.version(),
                    step.asOf(), AuditEvaluationStore.tags(step.result()), move, Json.mapper().valueToTree(step));
            // a clock standing before the step's moment moves on to it, in the same change as the step
            ExerciseClock clock = ExerciseClock.of(head.clock());
            ExerciseClock followed = clock.follow(step.asOf(), now());
            keep(id, o, head, move, followed == clock ? head.clock() : followed.toJson(), evidence);
            return step;
        });
    }

    /**
     * Records a decision of the room: time-stamped, attributed, on the audit trail, and its action a fact of the
     * next step. A participant decides for their own organisation only; observers decide nothing.
     */
    public Decision decide(String id, JsonNode body, Who who) {
        if (who.participant() != null) {
            if (who.participant().observer()) throw new Forbidden("an observer sees everything and changes nothing");
            String org = body != null ? body.path("org").asText(null) : null;
            if (org != null && !org.equals(who.participant().org())) {
                throw new Forbidden(who.participant().name() + " decides for " + who.participant().org() + ", not for " + org);
            }
        }
        return with(live(id), o -> {
            StoredExercise head = catchUp(id, o);
            if (head.endedAt() != null) throw new Conflict("exercise '" + id + "' has ended: it takes no more decisions");
            if (o.timeline.decisions().size() >= MAX_DECISIONS) throw new Conflict("exercise '" + id + "' has reached the limit of " + MAX_DECISIONS + " decisions");
            String by = who.participant() != null ? who.participant().name() : who.name();
            String participant = who.participant() != null ? who.participant().id() : null;
            Instant now = now();
            Instant exerciseTime = ExerciseClock.of(head.clock()).at(now, o.timeline.moment());
            Decision d = o.timeline.decide(body, by, participant, now, exerciseTime, UUID.randomUUID().toString());
            ObjectNode move = Json.mapper().createObjectNode();
            ObjectNode kept = move.putObject("decision");
            for (String f : List.of("org", "text", "action", "answers")) if (body.has(f)) kept.set(f, body.get(f));
            move.put("id", d.id()).put("by", by).put("participant", participant).put("recordedAt", d.recordedAt().toString())
                    .put("exerciseTime", exerciseTime == null ? null : exerciseTime.toString());
            List<String> tags = new ArrayList<>(List.of("org:" + d.org()));
            if (d.action() != null && d.action().path("type").isTextual()) tags.add("action:" + d.action().get("type").asText());
            NewRecord evidence = new NewRecord(UUID.randomUUID().toString(), RecordKind.EXERCISE_DECISION, id,
                    who.participant() != null ? "participant:" + by + " (" + who.participant().org() + ")" : who.name(),
                    o.ruleset.version(), d.asOf(), tags, move, Json.mapper().valueToTree(d));
            keep(id, o, head, move, head.clock(), evidence);
            return d;
        });
    }

    // ---------- the exercise clock ----------

    /** Where the exercise clock stands now, live or ended. */
    public ExerciseClock.Reading clock(String id) {
        StoredExercise head = store.head(id).orElseThrow(() -> new NoSuchElementException("exercise '" + id + "'"));
        return with(head, o -> reading(catchUp(id, o), o));
    }

    /**
     * Runs the exercise clock as the facilitator asks: {@code {"action": "start"|"pause"|"resume", "speed": 1-1440}},
     * either or both. {@code start} runs it from the current step's moment (or the exercise's start), also when it
     * was running or paused before; {@code pause} stops it where it stands; {@code resume} runs it on from there;
     * {@code speed} alone sets how fast it runs from now on (exercise seconds a real second) in whatever state it is.
     * Pausing or resuming a clock never started is a conflict. A change is kept with its EXERCISE_CLOCK record and
     * told to every open view; asking for what already holds changes nothing and keeps nothing.
     */
    public ExerciseClock.Reading setClock(String id, JsonNode body, String actor) {
        List<FieldError> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw new InvalidSituationException("the clock was not changed: send {\"action\": \"start\", \"pause\" or \"resume\"} and/or {\"speed\": "
                    + ExerciseClock.MIN_SPEED + "-" + ExerciseClock.MAX_SPEED + "}", List.of(new FieldError("", "expected a JSON object")));
        }
        for (var it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!List.of("action", "speed").contains(f)) errors.add(new FieldError(f, "unknown field '" + f + "': the clock takes action and speed"));
        }
        JsonNode a = body.get("action");
        String action = null;
        if (a != null && !a.isNull()) {
            if (!a.isTextual() || !List.of("start", "pause", "resume").contains(a.textValue())) {
                errors.add(new FieldError("action", "'start', 'pause' or 'resume'" + (a.isTextual() ? ", not '" + a.textValue() + "'" : "")));
            } else action = a.textValue();
        }
        JsonNode sp = body.get("speed");
        Integer speed = null;
        if (sp != null && !sp.isNull()) {
            boolean whole = sp.isIntegralNumber() || sp.isNumber() && sp.decimalValue().stripTrailingZeros().scale() <= 0;
            if (!whole || !sp.canConvertToInt() || sp.intValue() < ExerciseClock.MIN_SPEED || sp.intValue() > ExerciseClock.MAX_SPEED) {
                errors.add(new FieldError("speed", "a whole number from " + ExerciseClock.MIN_SPEED + " (real time) to " + ExerciseClock.MAX_SPEED
                        + " (an exercise day a real minute): exercise seconds to each real second, e.g. 60 for an exercise hour a real minute"));
            } else speed = sp.intValue();
        }
        if (errors.isEmpty() && action == null && speed == null) {
            errors.add(new FieldError("", "say what to do: an action ('start', 'pause' or 'resume'), a speed, or both"));
        }
        if (!errors.isEmpty()) throw new InvalidSituationException("the clock was not changed (" + errors.size() + " problem" + (errors.size() == 1 ? "" : "s") + ")", errors);
        String act = action;
        Integer fast = speed;
        return with(live(id), o -> {
            StoredExercise head = catchUp(id, o);
            if (head.endedAt() != null) throw new Conflict("exercise '" + id + "' has ended: its clock stopped with it");
            Instant now = now();
            Instant moment = o.timeline.moment();
            ExerciseClock before = ExerciseClock.of(head.clock());
            if (!before.started() && ("pause".equals(act) || "resume".equals(act))) {
                throw new Conflict("the clock of exercise '" + id + "' has not been started: start it first");
            }
            ExerciseClock after = fast == null ? before : before.withSpeed(fast, now, actor);
            if ("start".equals(act)) after = after.start(moment, now, actor);
            else if ("pause".equals(act)) after = after.pause(now, actor);
            else if ("resume".equals(act)) after = after.resume(now, actor);
            if (after == before) return before.reading(now, moment, null);   // already so: nothing to keep
            ExerciseClock.Reading reading = after.reading(now, moment, null);
            NewRecord evidence = new NewRecord(UUID.randomUUID().toString(), RecordKind.EXERCISE_CLOCK, id, actor, o.ruleset.version(),
                    reading.exerciseTime(), List.of("clock:" + after.state().label.replace(' ', '-')), body, Json.mapper().valueToTree(reading));
            if (!store.setClock(id, after.toJson(), head.clock(), evidence)) {
                boolean ended = store.head(id).map(h -> h.endedAt() != null).orElse(true);
                throw new Conflict(ended ? "exercise '" + id + "' has ended: its clock stopped with it"
                        : "the clock of exercise '" + id + "' was changed by another request; read it again and retry");
            }
            return reading;
        });
    }

    /** The clock of the exercise as it stands now, at the open timeline's current moment. Call holding o. */
    private static ExerciseClock.Reading reading(StoredExercise head, Open o) {
        return ExerciseClock.of(head.clock()).reading(now(), o.timeline.moment(), head.endedAt());
    }

    /** Now, to the millisecond the store keeps. */
    private static Instant now() { return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS); }

    /** Joins a live exercise with its join code as a participant of an organisation, or as an observer. */
    public Joined join(String id, JsonNode body) { return join(id, body, "local"); }

    /** Joins as above; {@code from} names the caller (its address) for the limit on wrong join codes. */
    public Joined join(String id, JsonNode body, String from) {
        StoredExercise head = store.head(id).orElseThrow(() -> new NoSuchElementException("exercise '" + id + "'"));
        List<FieldError> errors = new ArrayList<>();
        if (body == null || !body.isObject()) throw new InvalidSituationException("send {\"code\", \"name\", \"org\"}", List.of(new FieldError("", "expected a JSON object")));
        for (var it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!List.of("code", "name", "org", "role").contains(f)) errors.add(new FieldError(f, "unknown field '" + f + "'"));
        }
        String code = body.path("code").asText("");
        String caller = id + "|" + from;
        Instant now = Instant.now();
        java.util.Deque<Instant> wrong = wrongCodes.computeIfAbsent(caller, k -> new java.util.ArrayDeque<>());
        synchronized (wrong) {
            while (!wrong.isEmpty() && wrong.peekFirst().isBefore(now.minus(JOIN_WINDOW))) wrong.pollFirst();
            if (wrong.size() >= JOIN_ATTEMPTS) {
                long wait = Math.max(1, java.time.Duration.between(now, wrong.peekFirst().plus(JOIN_WINDOW)).toSeconds());
                throw new TooManyAttempts("too many wrong join codes for this exercise: try again in " + wait + " s", wait);
            }
        }
        boolean right = head.joinCode() != null && MessageDigest.isEqual(head.joinCode().getBytes(StandardCharsets.UTF_8),
                code.strip().toUpperCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8));
        if (!right) {
            synchronized (wrong) { wrong.addLast(now); }
            throw new Forbidden("the join code is not this exercise's: ask the facilitator for the code on their screen");
        }
        if (head.endedAt() != null) throw new Conflict("exercise '" + id + "' has ended: nobody joins it now");
        String role = body.path("role").asText("participant");
        if (!role.equals("participant") && !role.equals("observer")) errors.add(new FieldError("role", "'participant' or 'observer'"));
        String name = body.path("name").isTextual() ? body.get("name").textValue().strip() : "";
        if (name.isEmpty()) errors.add(new FieldError("name", "required: your name as the room should see it"));
        else if (name.length() > 100) errors.add(new FieldError("name", "at most 100 characters"));
        String org = body.path("org").isTextual() ? body.get("org").textValue() : null;
        boolean known = org != null && with(head, o -> o.timeline.hasOrganisation(org));
        if (role.equals("participant")) {
            if (org == null) errors.add(new FieldError("org", "required: the code of the organisation you speak for"));
            else if (!known) errors.add(new FieldError("org", "organisation '" + org + "' is not in this exercise"));
        } else if (org != null && !known) errors.add(new FieldError("org", "organisation '" + org + "' is not in this exercise"));
        if (!errors.isEmpty()) throw new InvalidSituationException("cannot join (" + errors.size() + " problem" + (errors.size() == 1 ? "" : "s") + ")", errors);
        String token = Tokens.newToken();
        Participant p = new Participant(UUID.randomUUID().toString(), id, name, org, role, Tokens.sha256(token), Instant.now());
        ObjectNode who = Json.mapper().createObjectNode().put("participant", p.id()).put("name", name).put("org", org).put("role", role);
        if (!store.join(p, new NewRecord(UUID.randomUUID().toString(), RecordKind.EXERCISE_JOIN, id, "participant:" + name,
                head.rulesetVersion(), null, org == null ? List.of() : List.of("org:" + org), who, who))) {
            throw new Conflict("exercise '" + id + "' has ended: nobody joins it now");
        }
        return new Joined(p.id(), id, name, org, role, token);
    }

    /** The participant a token belongs to, if it is one. */
    public Optional<Participant> participant(String token) {
        if (token == null || token.isBlank()) return Optional.empty();
        return store.participantByToken(Tokens.sha256(token.strip()));
    }

    /** Records a lesson identified, or edits one (lessonId given); the exercise may be live or ended. */
    public Debrief.Lesson lesson(String id, String lessonId, JsonNode body, String actor) {
        StoredExercise head = store.head(id).orElseThrow(() -> new NoSuchElementException("exercise '" + id + "'"));
        if (lessonId != null && store.lessons(id).stream().noneMatch(l -> l.id().equals(lessonId))) {
            throw new NoSuchElementException("lesson '" + lessonId + "' of exercise '" + id + "'");
        }
        List<FieldError> errors = new ArrayList<>();
        if (body == null || !body.isObject()) throw new InvalidSituationException("send {\"text\", \"owner\", \"due\"}", List.of(new FieldError("", "expected a JSON object")));
        for (var it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!List.of("text", "owner", "due").contains(f)) errors.add(new FieldError(f, "unknown field '" + f + "'"));
        }
        String text = body.path("text").isTextual() ? body.get("text").textValue().strip() : "";
        if (text.isEmpty()) errors.add(new FieldError("text", "required: the lesson identified"));
        else if (text.length() > 4000) errors.add(new FieldError("text", "at most 4000 characters"));
        String owner = body.path("owner").isTextual() ? body.get("owner").textValue().strip() : "";
        if (owner.isEmpty()) errors.add(new FieldError("owner", "required: who takes the lesson forward"));
        else if (owner.length() > 200) errors.add(new FieldError("owner", "at most 200 characters"));
        LocalDate due = null;
        JsonNode d = body.get("due");
        if (d != null && !d.isNull()) {
            try {
                due = LocalDate.parse(d.asText());
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("due", "a date such as \"2026-03-31\""));
            }
        }
        if (!errors.isEmpty()) throw new InvalidSituationException("the lesson is not valid (" + errors.size() + " problem" + (errors.size() == 1 ? "" : "s") + ")", errors);
        Lesson l = new Lesson(lessonId != null ? lessonId : UUID.randomUUID().toString(), id, text, owner, due, Instant.now(), actor);
        Debrief.Lesson shown = lessonOf(l);
        store.saveLesson(l, new NewRecord(UUID.randomUUID().toString(), RecordKind.EXERCISE_LESSON, id, actor, head.rulesetVersion(), null,
                List.of(), Json.mapper().valueToTree(body), Json.mapper().valueToTree(shown)));
        return shown;
    }

    /** The exercise so far, live or ended. */
    public ExerciseView exercise(String id) {
        StoredExercise head = store.head(id).orElseThrow(() -> new NoSuchElementException("exercise '" + id + "'"));
        return with(head, o -> view(catchUp(id, o), o, true));
    }

    /** The timeline so far. */
    public ReplayResult timeline(String id) { return exercise(id).timeline(); }

    /** What the debrief report is drawn from. */
    public Debrief debrief(String id) {
        ExerciseView v = exercise(id);
        return new Debrief(v.timeline(), v.state(), v.facilitator(), v.createdAt(), v.endedAt(), v.participants(), v.lessons());
    }

    /** Ends a live exercise: it stays, with its report, which its EXERCISE_END record keeps as evidence. */
    public ExerciseView end(String id, String actor) {
        StoredExercise head = store.head(id).orElseThrow(() -> new NoSuchElementException("exercise '" + id + "'"));
        if (head.endedAt() != null) throw new Conflict("exercise '" + id + "' has already ended");
        Debrief before = debrief(id);
        ObjectNode ended = Json.mapper().createObjectNode().put("moves", head.version()).put("steps", head.steps());
        ended.set("report", Json.mapper().valueToTree(ExerciseReport.json(before)));
        if (!store.end(id, new NewRecord(UUID.randomUUID().toString(), RecordKind.EXERCISE_END, id, actor, head.rulesetVersion(), null,
                List.of(), Json.mapper().createObjectNode().put("exercise", id), ended))) {
            throw new Conflict("exercise '" + id + "' has already ended");
        }
        return exercise(id);
    }

    /** Removes a live exercise started by mistake; an ended one is kept (409). Its audit records stay. */
    public void delete(String id, String actor) {
        StoredExercise head = store.head(id).orElseThrow(() -> new NoSuchElementException("exercise '" + id + "'"));
        if (head.endedAt() != null) throw new Conflict("exercise '" + id + "' has ended and is kept with its report; only a live exercise started by mistake is deleted");
        ObjectNode gone = Json.mapper().createObjectNode().put("moves", head.version()).put("steps", head.steps()).put("name", head.name());
        if (!store.delete(id, new NewRecord(UUID.randomUUID().toString(), RecordKind.EXERCISE_DELETED, id, actor, head.rulesetVersion(), null,
                List.of(), Json.mapper().createObjectNode().put("exercise", id), gone))) {
            throw new Conflict("exercise '" + id + "' has ended and is kept with its report; only a live exercise started by mistake is deleted");
        }
        forget(id);
    }

    public Optional<StoredExercise> stored(String id) { return store.find(id); }

    public boolean exists(String id) { return store.head(id).isPresent(); }

    /** Forgets this instance's open timeline of an exercise (it was removed, or changed elsewhere in a way we cannot follow). */
    public void forget(String id) {
        Open o = open.remove(id);
        if (o != null) retire(o);
    }

    private static void retire(Open o) {
        synchronized (o) {
            if (o.closed) return;
            o.closed = true;
            o.timeline.close();
        }
    }

    /** Runs work on the exercise's open timeline, holding it: one request at a time drives one timeline. */
    private <T> T with(StoredExercise head, Function<Open, T> work) {
        while (true) {
            Open o = opened(head);
            synchronized (o) {
                if (!o.closed) return work.apply(o);
            }
        }
    }

    // ---------- keeping timelines open ----------

    private StoredExercise live(String id) {
        StoredExercise head = store.head(id).orElseThrow(() -> new NoSuchElementException("exercise '" + id + "'"));
        if (head.endedAt() != null) throw new Conflict("exercise '" + id + "' has ended");
        return head;
    }

    /** This instance's open timeline of the exercise, opened (and the file checked) once. */
    private Open opened(StoredExercise head) {
        Open o = open.get(head.id());
        if (o != null) return o;
        Ruleset ruleset = rulesetOf(head);
        Exercise exercise = ExerciseParser.parse(head.exercise(), ruleset.catalogues(), false);
        Open fresh = new Open(exercise, ruleset, new Timeline(exercise, ruleset, evaluator, head.id()));
        synchronized (open) {
            Open raced = open.get(head.id());
            if (raced != null) { fresh.timeline.close(); return raced; }
            open.put(head.id(), fresh);
        }
        return fresh;
    }

    /** Brings the open timeline up to what the store holds: only the moves it has not applied yet. Call holding o. */
    private StoredExercise catchUp(String id, Open o) {
        StoredExercise head = store.head(id).orElseThrow(() -> {
            forget(id);
            return new NoSuchElementException("exercise '" + id + "'");
        });
        if (o.version == head.version()) return head;
        if (o.version > head.version()) {   // cannot happen unless the store lost moves: start again from what it holds
            o.timeline.close();
            o.timeline = new Timeline(o.exercise, o.ruleset, evaluator, id);
            o.version = 0;
        }
        List<JsonNode> moves = store.movesSince(id, o.version);
        if (moves.isEmpty() && o.version == 0) moves = store.find(id).map(StoredExercise::moves).orElse(List.of());
        for (JsonNode move : moves) {
            apply(o.timeline, move);
            o.version++;
        }
        return head;
    }

    private static void apply(Timeline timeline, JsonNode move) {
        if (move.has("inject")) timeline.inject(move.get("inject"));
        else if (move.has("decision")) {
            JsonNode exerciseTime = move.get("exerciseTime");   // absent from decisions kept before the exercise clock
            timeline.decide(move.get("decision"), move.path("by").asText(null), move.path("participant").asText(null),
                    Instant.parse(move.path("recordedAt").asText()),
                    exerciseTime == null || exerciseTime.isNull() ? null : Instant.parse(exerciseTime.asText()), move.path("id").asText());
        } else timeline.nextScripted();
    }

    /**
     * Keeps the move applied to the open timeline, with the clock as it then stands; if another instance got there
     * first (or changed the clock the move moves on), the timeline is reopened.
     */
    private void keep(String id, Open o, StoredExercise head, JsonNode move, JsonNode clock, NewRecord evidence) {
        boolean kept;
        try {
            kept = store.replace(head.withMove(move).withClock(clock), head.version(), head.clock(), evidence);
        } catch (RuntimeException e) {
            forget(id);   // the timeline holds a move the store may not: reopen it from the store next time
            throw e;
        }
        if (!kept) {
            forget(id);
            throw new Conflict("exercise '" + id + "' was moved on by another request; read it again and retry");
        }
        o.version++;
    }

    private ExerciseView view(StoredExercise head, Open o, boolean withCode) {
        List<Debrief.Attendee> people = store.participants(head.id()).stream()
                .map(p -> new Debrief.Attendee(p.name(), p.org(), p.role(), p.joinedAt())).toList();
        List<Debrief.Lesson> lessons = store.lessons(head.id()).stream().map(ExerciseService::lessonOf).toList();
        return new ExerciseView(o.timeline.result(), head.state().name(), head.actor(), head.createdAt(), head.endedAt(),
                withCode && head.endedAt() == null ? head.joinCode() : null, reading(head, o), people, lessons, o.exercise.injects());
    }

    private static Debrief.Lesson lessonOf(Lesson l) {
        return new Debrief.Lesson(l.id(), l.text(), l.owner(), l.due(), l.recordedAt(), l.recordedBy());
    }

    /** The ruleset the exercise started on: the active one, or compiled from the kept version. */
    private Ruleset rulesetOf(StoredExercise stored) {
        Ruleset active = rules.get();
        if (stored.rulesetVersion() == null || active.version().equals(stored.rulesetVersion())) return active;
        return versions.apply(stored.rulesetVersion()).orElse(active);
    }

    private static String joinCode() {
        StringBuilder b = new StringBuilder(6);
        for (int i = 0; i < 6; i++) b.append(CODE_LETTERS.charAt(RANDOM.nextInt(CODE_LETTERS.length())));
        return b.toString();
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
