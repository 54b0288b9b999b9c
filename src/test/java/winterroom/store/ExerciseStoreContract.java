package winterroom.store;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import winterroom.Json;
import winterroom.audit.Database;
import winterroom.audit.JdbcAuditLog;
import winterroom.audit.NewRecord;
import winterroom.audit.RecordKind;
import winterroom.audit.RecordQuery;
import winterroom.audit.StorageConfig;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every database keeping live exercises does: the exercise and its audit record are kept together or not at
 * all, a step computed from an old version is refused, and of writers racing from separate pools exactly one wins.
 */
abstract class ExerciseStoreContract {
    abstract StorageConfig newDatabase();

    void dropDatabase(StorageConfig c) {}

    StorageConfig config;
    Database db;
    JdbcAuditLog audit;
    JdbcExerciseStore store;

    @BeforeEach
    void open() {
        config = newDatabase();
        db = Database.open(config);
        audit = new JdbcAuditLog(db);
        store = new JdbcExerciseStore(db, audit);
    }

    @AfterEach
    void close() {
        db.close();
        dropDatabase(config);
    }

    static NewRecord record(RecordKind kind, String exercise, String note) {
        return new NewRecord(UUID.randomUUID().toString(), kind, exercise, "tester", "v1", null, List.of(),
                Json.mapper().createObjectNode().put("note", note), Json.mapper().createObjectNode());
    }

    static StoredExercise fresh(String id) throws Exception {
        JsonNode file = Json.mapper().readTree("{\"name\": \"drill\", \"base\": {\"organisations\": []}, \"steps\": [{}, {}]}");
        return new StoredExercise(id, "tester", Instant.now().truncatedTo(ChronoUnit.MILLIS), "v1", file, List.of(), 0, "drill",
                Instant.parse("2019-01-07T08:00:00Z"), "ABC234", 0, null);
    }

    static JsonNode scripted() { return Json.mapper().createObjectNode().put("scripted", true); }

    @Test
    void keepsAnExerciseAndItsMovesWithTheirRecords() throws Exception {
        StoredExercise e = fresh("ex-1");
        store.create(e, record(RecordKind.EXERCISE_START, "ex-1", "start"));
        StoredExercise read = store.find("ex-1").orElseThrow();
        assertEquals(e.exercise(), read.exercise());
        assertEquals(e.createdAt(), read.createdAt());
        assertEquals(0, read.version());

        assertTrue(store.replace(read.withMove(scripted()), 0, record(RecordKind.EXERCISE_STEP, "ex-1", "first")));
        JsonNode inject = Json.mapper().readTree("{\"inject\": {\"label\": \"power cut\"}}");
        StoredExercise once = store.find("ex-1").orElseThrow();
        assertTrue(store.replace(once.withMove(inject), 1, record(RecordKind.EXERCISE_STEP, "ex-1", "second")));
        StoredExercise twice = store.find("ex-1").orElseThrow();
        assertEquals(List.of(scripted(), inject), twice.moves());
        assertEquals(2, twice.version());

        // a step computed from version 1 after version 2 was kept: refused, and its record is not kept either
        assertFalse(store.replace(once.withMove(scripted()), 1, record(RecordKind.EXERCISE_STEP, "ex-1", "stale")));
        var steps = audit.query(RecordQuery.of(RecordKind.EXERCISE_STEP).withSubject("ex-1")).items();
        assertEquals(List.of("first", "second"), steps.stream().map(r -> r.input().replaceAll(".*\"note\":\"([a-z]+)\".*", "$1")).toList());
        assertEquals(2, store.find("ex-1").orElseThrow().version());

        assertTrue(store.end("ex-1", record(RecordKind.EXERCISE_END, "ex-1", "end")));
        StoredExercise ended = store.find("ex-1").orElseThrow();
        assertEquals(StoredExercise.State.ended, ended.state(), "an ended exercise is kept");
        assertEquals(List.of(scripted(), inject), ended.moves());
        assertEquals(2, ended.steps());
        assertEquals("drill", ended.name());
        assertEquals("ABC234", ended.joinCode());
        assertFalse(store.end("ex-1", record(RecordKind.EXERCISE_END, "ex-1", "again")));
        assertFalse(store.replace(twice.withMove(scripted()), 2, record(RecordKind.EXERCISE_STEP, "ex-1", "late")), "an ended exercise takes no steps");
        var all = audit.query(new RecordQuery(java.util.Set.of(), "ex-1", null, null, null, null, List.of(), null, 0)).items();
        assertEquals(List.of(RecordKind.EXERCISE_START, RecordKind.EXERCISE_STEP, RecordKind.EXERCISE_STEP, RecordKind.EXERCISE_END),
                all.stream().map(r -> r.kind()).toList());
        assertTrue(audit.verify().ok());
        assertEquals(4, audit.verify().records());
    }

    @Test
    void listsExercisesByStateAndDeletesOnlyALiveOne() throws Exception {
        store.create(fresh("ex-a"), record(RecordKind.EXERCISE_START, "ex-a", "start"));
        store.create(fresh("ex-b"), record(RecordKind.EXERCISE_START, "ex-b", "start"));
        assertTrue(store.end("ex-a", record(RecordKind.EXERCISE_END, "ex-a", "end")));
        assertEquals(List.of("ex-a"), store.list(StoredExercise.State.ended, 10).stream().map(StoredExercise::id).toList());
        assertEquals(List.of("ex-b"), store.list(StoredExercise.State.live, 10).stream().map(StoredExercise::id).toList());
        assertEquals(2, store.list(null, 10).size());
        assertEquals(1, store.list(null, 1).size(), "the limit holds");

        assertFalse(store.delete("ex-a", record(RecordKind.EXERCISE_DELETED, "ex-a", "gone")), "an ended exercise is kept");
        StoredExercise b = store.head("ex-b").orElseThrow();
        assertTrue(store.replace(b.withMove(scripted()), 0, record(RecordKind.EXERCISE_STEP, "ex-b", "step")));
        var p = new ExerciseStore.Participant("p-1", "ex-b", "Sam", "LTHT", "participant", "f".repeat(64), Instant.now().truncatedTo(ChronoUnit.MILLIS));
        assertTrue(store.join(p, record(RecordKind.EXERCISE_JOIN, "ex-b", "join")));
        assertEquals(p, store.participantByToken("f".repeat(64)).orElseThrow());
        assertFalse(store.join(new ExerciseStore.Participant("p-2", "ex-a", "Late", "LTHT", "participant", "e".repeat(64), Instant.now()),
                record(RecordKind.EXERCISE_JOIN, "ex-a", "late")), "nobody joins an ended exercise");
        assertTrue(store.delete("ex-b", record(RecordKind.EXERCISE_DELETED, "ex-b", "gone")));
        assertTrue(store.head("ex-b").isEmpty());
        assertTrue(store.movesSince("ex-b", 0).isEmpty());
        assertTrue(store.participantByToken("f".repeat(64)).isEmpty());
        var kept = audit.query(new RecordQuery(java.util.Set.of(), "ex-b", null, null, null, null, List.of(), null, 0)).items();
        assertEquals(List.of(RecordKind.EXERCISE_START, RecordKind.EXERCISE_STEP, RecordKind.EXERCISE_JOIN, RecordKind.EXERCISE_DELETED),
                kept.stream().map(r -> r.kind()).toList(), "the audit records of a deleted exercise stay");
        assertTrue(audit.verify().ok());
    }

    @Test
    void lessonsAreKeptAndEditedAfterTheEnd() throws Exception {
        store.create(fresh("ex-l"), record(RecordKind.EXERCISE_START, "ex-l", "start"));
        assertTrue(store.end("ex-l", record(RecordKind.EXERCISE_END, "ex-l", "end")));
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        store.saveLesson(new ExerciseStore.Lesson("l-1", "ex-l", "call the DMT sooner", "System Resilience Group",
                java.time.LocalDate.parse("2027-01-31"), t, "tester"), record(RecordKind.EXERCISE_LESSON, "ex-l", "lesson"));
        store.saveLesson(new ExerciseStore.Lesson("l-1", "ex-l", "call the DMT at OPEL 3", "System Resilience Group", null, t, "tester"),
                record(RecordKind.EXERCISE_LESSON, "ex-l", "edit"));
        var lessons = store.lessons("ex-l");
        assertEquals(1, lessons.size());
        assertEquals("call the DMT at OPEL 3", lessons.get(0).text());
        assertEquals(null, lessons.get(0).due());
        assertEquals(2, audit.query(RecordQuery.of(RecordKind.EXERCISE_LESSON).withSubject("ex-l")).items().size());
    }

    @Test
    void theClockIsKeptWithTheExerciseAndChangedOnlyFromWhatWasRead() throws Exception {
        store.create(fresh("ex-c"), record(RecordKind.EXERCISE_START, "ex-c", "start"));
        assertEquals(null, store.head("ex-c").orElseThrow().clock(), "nobody has set it");
        JsonNode running = Json.mapper().readTree("{\"state\":\"running\",\"speed\":60,\"exerciseTime\":\"2019-01-07T08:00:00Z\",\"setAt\":\"2026-12-01T10:00:00Z\",\"setBy\":\"tester\"}");
        JsonNode paused = Json.mapper().readTree("{\"state\":\"paused\",\"speed\":60,\"exerciseTime\":\"2019-01-07T09:00:00Z\",\"setAt\":\"2026-12-01T10:01:00Z\",\"setBy\":\"tester\"}");
        assertTrue(store.setClock("ex-c", running, null, record(RecordKind.EXERCISE_CLOCK, "ex-c", "start")));
        assertFalse(store.setClock("ex-c", paused, null, record(RecordKind.EXERCISE_CLOCK, "ex-c", "stale")), "computed from a clock no longer there");
        StoredExercise head = store.head("ex-c").orElseThrow();
        assertEquals(running, head.clock());
        assertEquals(running, store.find("ex-c").orElseThrow().clock());
        assertTrue(store.setClock("ex-c", paused, head.clock(), record(RecordKind.EXERCISE_CLOCK, "ex-c", "pause")));

        // a move that leaves the clock alone is kept whatever the clock; one that moves it needs it as it was read
        assertTrue(store.replace(head.withMove(scripted()), 0, record(RecordKind.EXERCISE_STEP, "ex-c", "decision-like")));
        assertEquals(paused, store.head("ex-c").orElseThrow().clock(), "the clock another request set is not overwritten");
        StoredExercise now = store.head("ex-c").orElseThrow();
        JsonNode followed = Json.mapper().readTree("{\"state\":\"paused\",\"speed\":60,\"exerciseTime\":\"2019-01-08T08:00:00Z\",\"setAt\":\"2026-12-01T10:02:00Z\",\"setBy\":\"tester\"}");
        assertFalse(store.replace(now.withMove(scripted()).withClock(followed), 1, running, record(RecordKind.EXERCISE_STEP, "ex-c", "stale")));
        assertEquals(1, store.head("ex-c").orElseThrow().version(), "a step that would move a clock no longer there is refused whole");
        assertTrue(store.replace(now.withMove(scripted()).withClock(followed), 1, paused, record(RecordKind.EXERCISE_STEP, "ex-c", "step")));
        assertEquals(followed, store.head("ex-c").orElseThrow().clock());
        assertEquals(2, store.head("ex-c").orElseThrow().version());

        assertTrue(store.end("ex-c", record(RecordKind.EXERCISE_END, "ex-c", "end")));
        assertFalse(store.setClock("ex-c", paused, followed, record(RecordKind.EXERCISE_CLOCK, "ex-c", "late")), "an ended exercise's clock stays");
        assertEquals(followed, store.head("ex-c").orElseThrow().clock());
        assertEquals(List.of("start", "pause"), audit.query(RecordQuery.of(RecordKind.EXERCISE_CLOCK).withSubject("ex-c")).items().stream()
                .map(r -> r.input().replaceAll(".*\"note\":\"([a-z]+)\".*", "$1")).toList(), "a refused change leaves no record");
        assertTrue(audit.verify().ok());
    }

    @Test
    void ofStepsRacingFromSeparatePoolsExactlyOneIsKept() throws Exception {
        store.create(fresh("ex-2"), record(RecordKind.EXERCISE_START, "ex-2", "start"));
        // as two instances would: each its own pool and its own in-process lock
        List<Database> pools = new ArrayList<>();
        List<JdbcExerciseStore> stores = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Database other = Database.open(config);
            pools.add(other);
            stores.add(new JdbcExerciseStore(other, new JdbcAuditLog(other)));
        }
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 5; round++) {
                StoredExercise current = store.find("ex-2").orElseThrow();
                List<Callable<Boolean>> racers = new ArrayList<>();
                for (JdbcExerciseStore s : stores) {
                    racers.add(() -> s.replace(current.withMove(scripted()), current.version(), record(RecordKind.EXERCISE_STEP, "ex-2", "race")));
                }
                int won = 0;
                for (Future<Boolean> f : threads.invokeAll(racers)) if (f.get()) won++;
                assertEquals(1, won, "round " + round);
                assertEquals(round + 1, store.find("ex-2").orElseThrow().moves().size());
                assertEquals(round + 1, store.head("ex-2").orElseThrow().steps());
            }
        } finally {
            threads.shutdown();
            pools.forEach(Database::close);
        }
        assertEquals(5, audit.query(RecordQuery.of(RecordKind.EXERCISE_STEP).withSubject("ex-2")).items().size());
        assertTrue(audit.verify().ok());
    }
}
