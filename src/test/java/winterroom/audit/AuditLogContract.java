package winterroom.audit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import winterroom.Json;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every database behind the audit trail must do; run against SQLite, H2 and PostgreSQL by the subclasses. */
abstract class AuditLogContract {
    StorageConfig config;
    Database db;
    JdbcAuditLog log;

    /** A fresh, empty database for one test. */
    abstract StorageConfig newDatabase();

    void dropDatabase(StorageConfig c) {}

    @BeforeEach
    void open() {
        config = newDatabase();
        db = Database.open(config);
        log = new JdbcAuditLog(db);
    }

    @AfterEach
    void close() {
        db.close();
        dropDatabase(config);
    }

    static NewRecord record(RecordKind kind, String subject, Instant asOf, List<String> tags, String result) {
        JsonNode input = Json.mapper().createObjectNode().put("asked", "situation").put("n", 1.5);
        JsonNode out = Json.mapper().createObjectNode().put("concluded", result).putNull("nothing");
        return new NewRecord(UUID.randomUUID().toString(), kind, subject, "tester", "v1", asOf, tags, input, out);
    }

    static NewRecord evaluation(String result, String... tags) {
        return record(RecordKind.EVALUATION, null, Instant.parse("2019-01-12T07:30:00Z"), List.of(tags), result);
    }

    void sql(String statement) {
        try (Connection c = db.connection(); var st = c.createStatement()) {
            st.executeUpdate(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Appends a record the way every record was kept before schema V19: input and result as JSON text, hashed as
     * canonical JSON ({@link ChainHash#CANONICAL_JSON}), plain SHA-256.
     */
    AuditRecord legacy(String result) {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            db.lockForWriting(c);
            long seq;
            String prev;
            try (var st = c.createStatement(); var rs = st.executeQuery("select seq, hash from audit_chain_head where id = 1" + db.forUpdate())) {
                rs.next();
                seq = rs.getLong(1) + 1;
                prev = rs.getString(2);
            }
            Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            AuditRecord r = new AuditRecord(seq, UUID.randomUUID().toString(), RecordKind.EVALUATION, null, now, "tester", "v0",
                    Instant.parse("2019-01-12T07:30:00Z"), List.of("org:LTHT"), "{\"asked\":\"situation\",\"n\":1.5}",
                    "{\"concluded\":\"" + result + "\",\"nothing\":null}", prev, null);
            r = r.withHash(ChainHash.of(r));
            try (var ps = c.prepareStatement("insert into audit_record (seq, id, kind, subject, recorded_at, actor, ruleset_version, as_of, "
                    + "tags, input_json, result_json, prev_hash, hash) values (?, ?, ?, null, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, r.seq());
                ps.setString(2, r.id());
                ps.setString(3, r.kind().name());
                db.setTime(ps, 4, r.recordedAt());
                ps.setString(5, r.actor());
                ps.setString(6, r.rulesetVersion());
                db.setTime(ps, 7, r.asOf());
                ps.setString(8, ",org:LTHT,");
                ps.setString(9, r.input());
                ps.setString(10, r.result());
                ps.setString(11, r.prevHash());
                ps.setString(12, r.hash());
                ps.executeUpdate();
            }
            try (var ps = c.prepareStatement("update audit_chain_head set seq = ?, hash = ? where id = 1")) {
                ps.setLong(1, r.seq());
                ps.setString(2, r.hash());
                ps.executeUpdate();
            }
            c.commit();
            return r;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Overwrites one stored column of a record with other bytes, as someone with write access to the database could. */
    void storeBytes(long seq, String column, byte[] bytes) {
        try (Connection c = db.connection(); var ps = c.prepareStatement("update audit_record set " + column + " = ? where seq = ?")) {
            ps.setBytes(1, bytes);
            ps.setLong(2, seq);
            assertEquals(1, ps.executeUpdate());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    byte[] storedBytes(long seq, String column) {
        try (Connection c = db.connection(); var ps = c.prepareStatement("select " + column + " from audit_record where seq = ?")) {
            ps.setLong(1, seq);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getBytes(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] deflated(String json) { return StoredJson.deflate(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)); }

    @Test
    void recordsAreChainedAndReadBackExactly() {
        AuditRecord first = log.append(evaluation("first", "org:LTHT"));
        AuditRecord second = log.append(evaluation("second"));
        assertEquals(ChainHash.GENESIS, first.prevHash());
        assertEquals(first.hash(), second.prevHash());
        assertEquals(second.seq(), first.seq() + 1);
        assertEquals(64, first.hash().length());

        AuditRecord read = log.find(first.id()).orElseThrow();
        assertEquals(first, read, "what is read back is what was hashed");
        assertEquals(ChainHash.STORED_BYTES, read.hashFormat());
        assertEquals(64, read.contentHash().length());
        assertEquals(read.hash(), read.expectedHash());
        assertEquals("first", read.resultNode().get("concluded").asText());
        assertEquals(List.of("org:LTHT"), read.tags());
        assertEquals(Instant.parse("2019-01-12T07:30:00Z"), read.asOf());
        assertTrue(log.find("no-such-id").isEmpty());

        ChainCheck check = log.verify();
        assertTrue(check.ok(), check.toString());
        assertEquals(2, check.records());
        assertEquals(second.hash(), check.head());
    }

    /** A record kept before V19 (JSON text, canonical JSON hashed) whose stored text is changed. */
    @Test
    void anEditedRecordBreaksTheChainThere() {
        List<AuditRecord> kept = new ArrayList<>();
        for (int i = 1; i <= 5; i++) kept.add(legacy("r" + i));
        AuditRecord third = kept.get(2);
        assertTrue(log.verify().ok(), "records kept before V19 still verify as they were hashed");
        sql("update audit_record set result_json = '{\"concluded\":\"nothing to report\",\"nothing\":null}' where seq = " + third.seq());

        ChainCheck check = log.verify();
        assertFalse(check.ok());
        assertEquals(third.seq() - 1, check.records(), "the records before it still check");
        assertEquals(third.seq(), check.firstBroken().seq());
        assertEquals(third.id(), check.firstBroken().id());
        assertTrue(check.firstBroken().problem().contains("changed after it was recorded"), check.toString());
    }

    /** A record kept as deflated bytes whose stored bytes are replaced by other, valid, deflated JSON. */
    @Test
    void anEditedStoredRecordBreaksTheChainThere() {
        List<AuditRecord> kept = new ArrayList<>();
        for (int i = 1; i <= 5; i++) kept.add(log.append(evaluation("r" + i)));
        AuditRecord third = kept.get(2);
        storeBytes(third.seq(), "result_z", deflated("{\"concluded\":\"nothing to report\",\"nothing\":null}"));

        AuditRecord changed = log.find(third.id()).orElseThrow();
        assertEquals("nothing to report", changed.resultNode().get("concluded").asText(), "the change is what is read");
        assertTrue(log.hashProblem(changed).contains("changed after it was recorded"), log.hashProblem(changed));
        ChainCheck check = log.verify();
        assertFalse(check.ok());
        assertEquals(third.seq() - 1, check.records(), "the records before it still check");
        assertEquals(third.seq(), check.firstBroken().seq());
        assertTrue(check.firstBroken().problem().contains("changed after it was recorded"), check.toString());
    }

    /** One flipped bit in the stored bytes (input or result) is found, and the record can still be read to show it. */
    @Test
    void aFlippedBitInStoredBytesIsFound() {
        for (String column : List.of("input_z", "result_z")) {
            AuditRecord r = log.append(evaluation("flip " + column));
            byte[] original = storedBytes(r.seq(), column);
            byte[] stored = original.clone();
            stored[stored.length / 2] ^= 0x10;
            storeBytes(r.seq(), column, stored);
            AuditRecord read = log.find(r.id()).orElseThrow();
            assertTrue(log.hashProblem(read).contains("changed after it was recorded"), column);
            ChainCheck check = log.verify();
            assertFalse(check.ok(), column);
            assertEquals(r.seq(), check.firstBroken().seq(), column);
            storeBytes(r.seq(), column, original);
            assertTrue(log.verify().ok(), column + " restored");
        }
    }

    /** The hash-format marker is covered by the hash: a new record passed off as an old-format one is found. */
    @Test
    void changingARecordsHashFormatIsFound() {
        legacy("old");
        AuditRecord r = log.append(evaluation("new"));
        log.append(evaluation("newer"));
        assertTrue(log.verify().ok(), "a chain of both formats verifies");
        sql("update audit_record set hash_format = null, input_json = '{\"asked\":\"situation\",\"n\":1.5}', "
                + "result_json = '{\"concluded\":\"new\",\"nothing\":null}' where seq = " + r.seq());
        ChainCheck check = log.verify();
        assertFalse(check.ok());
        assertEquals(r.seq(), check.firstBroken().seq());
    }

    @Test
    void reorderingKeysOrSpacingInStoredJsonIsNotAChange() {
        AuditRecord r = legacy("kept");
        sql("update audit_record set result_json = '{ \"nothing\" : null, \"concluded\" : \"kept\" }' where seq = " + r.seq());
        assertTrue(log.verify().ok(), "the hash is over canonical JSON");
    }

    @Test
    void aRehashedRecordBreaksTheNextLink() {
        for (int i = 1; i <= 4; i++) legacy("r" + i);
        AuditRecord second = log.query(RecordQuery.of(RecordKind.EVALUATION)).items().get(1);
        // a forger who edits a record and recomputes its own hash still leaves the next record pointing at the old one
        AuditRecord forged = new AuditRecord(second.seq(), second.id(), second.kind(), second.subject(), second.recordedAt(),
                second.actor(), second.rulesetVersion(), second.asOf(), second.tags(), second.input(),
                "{\"concluded\":\"forged\",\"nothing\":null}", second.prevHash(), null);
        sql("update audit_record set result_json = '" + forged.result() + "', hash = '" + ChainHash.of(forged) + "' where seq = " + second.seq());

        ChainCheck check = log.verify();
        assertFalse(check.ok());
        assertEquals(second.seq() + 1, check.firstBroken().seq());
        assertTrue(check.firstBroken().problem().contains("previous-record hash"), check.toString());
    }

    @Test
    void aRehashedStoredRecordBreaksTheNextLink() {
        for (int i = 1; i <= 4; i++) log.append(evaluation("r" + i));
        AuditRecord second = log.query(RecordQuery.of(RecordKind.EVALUATION)).items().get(1);
        // the forger replaces the stored bytes and recomputes the content hash and the record's own hash
        byte[] forgedBytes = deflated("{\"concluded\":\"forged\",\"nothing\":null}");
        String content = ChainHash.contentHash(second.id(), second.kind(), second.subject(), second.actor(), second.rulesetVersion(),
                second.asOf(), second.tags(), storedBytes(second.seq(), "input_z"), forgedBytes);
        AuditRecord forged = new AuditRecord(second.seq(), second.id(), second.kind(), second.subject(), second.recordedAt(),
                second.actor(), second.rulesetVersion(), second.asOf(), second.tags(), null, null, second.prevHash(), null,
                ChainHash.STORED_BYTES, content);
        storeBytes(second.seq(), "result_z", forgedBytes);
        sql("update audit_record set hash = '" + ChainHash.of(forged) + "' where seq = " + second.seq());
        assertNull(log.hashProblem(log.find(second.id()).orElseThrow()), "the forged record agrees with itself");

        ChainCheck check = log.verify();
        assertFalse(check.ok());
        assertEquals(second.seq() + 1, check.firstBroken().seq());
        assertTrue(check.firstBroken().problem().contains("previous-record hash"), check.toString());
    }

    /** A daily check starts after the last record the check before ended at, trusting its hash, and reads only what follows. */
    @Test
    void verifyingFromACheckpointReadsOnlyTheRecordsAfterIt() {
        legacy("old 1");
        for (int i = 2; i <= 6; i++) log.append(evaluation("r" + i));
        ChainCheck yesterday = log.verify();
        assertTrue(yesterday.ok(), yesterday.toString());
        assertNull(yesterday.from());
        assertEquals(6, yesterday.records());
        for (int i = 7; i <= 10; i++) log.append(evaluation("r" + i));

        ChainCheck today = log.verify(yesterday.records(), yesterday.head());
        assertTrue(today.ok(), today.toString());
        assertEquals(6L, today.from());
        assertEquals(4, today.records(), "only the records after the checkpoint");
        assertEquals(log.verify().head(), today.head());
        assertEquals(today.toString(), log.verify(6, null).toString(), "the stored hash of the checkpoint is trusted when none is given");
        ChainCheck upToDate = log.verify(10, today.head());
        assertTrue(upToDate.ok() && upToDate.records() == 0, upToDate.toString());

        // a change before the checkpoint is not read; one after it is found
        storeBytes(3, "result_z", deflated("{\"concluded\":\"changed before\",\"nothing\":null}"));
        assertTrue(log.verify(6, yesterday.head()).ok());
        assertEquals(3, log.verify().firstBroken().seq(), "the whole chain still finds it");
        storeBytes(8, "result_z", deflated("{\"concluded\":\"changed after\",\"nothing\":null}"));
        ChainCheck after = log.verify(6, yesterday.head());
        assertFalse(after.ok());
        assertEquals(8, after.firstBroken().seq());
        assertEquals(1, after.records());

        ChainCheck wrongHash = log.verify(6, "0".repeat(64));
        assertFalse(wrongHash.ok());
        assertEquals(6, wrongHash.firstBroken().seq());
        assertTrue(wrongHash.firstBroken().problem().contains("no longer has the hash"), wrongHash.toString());
        ChainCheck beyond = log.verify(50, null);
        assertFalse(beyond.ok());
        assertTrue(beyond.firstBroken().problem().contains("not in the trail"), beyond.toString());
        assertThrows(IllegalArgumentException.class, () -> log.verify(-1, null));
    }

    @Test
    void removedRecordsAreFound() {
        for (int i = 1; i <= 4; i++) log.append(evaluation("r" + i));
        sql("delete from audit_record where seq = 4");
        ChainCheck tail = log.verify();
        assertFalse(tail.ok());
        assertEquals(3, tail.records());
        assertTrue(tail.firstBroken().problem().contains("removed from the end"), tail.toString());

        sql("delete from audit_record where seq = 2");
        ChainCheck middle = log.verify();
        assertFalse(middle.ok());
        assertEquals(2, middle.firstBroken().seq());
        assertTrue(middle.firstBroken().problem().contains("missing"), middle.toString());
    }

    @Test
    void concurrentWritersThroughTwoPoolsKeepOneChain() throws Exception {
        // two pools on one database stand for two service instances
        try (Database other = Database.open(config)) {
            List<AuditLog> logs = List.of(log, new JdbcAuditLog(other));
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Future<AuditRecord>> futures = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                AuditLog target = logs.get(i % 2);
                int n = i;
                futures.add(pool.submit(() -> target.append(evaluation("r" + n))));
            }
            List<Long> seqs = new ArrayList<>();
            for (Future<AuditRecord> f : futures) seqs.add(f.get(60, TimeUnit.SECONDS).seq());
            pool.shutdown();
            Collections.sort(seqs);
            for (int i = 0; i < seqs.size(); i++) assertEquals(i + 1, seqs.get(i), "positions without gaps or repeats");
            ChainCheck check = new JdbcAuditLog(other).verify();
            assertTrue(check.ok(), check.toString());
            assertEquals(120, check.records());
        }
    }

    @Test
    void aBatchIsKeptWholeOrNotAtAll() {
        AuditRecord existing = log.append(evaluation("before"));
        NewRecord clash = new NewRecord(existing.id(), RecordKind.EVALUATION, "batch-1", "tester", "v1", null, List.of(),
                Json.mapper().createObjectNode(), Json.mapper().createObjectNode());
        List<NewRecord> batch = List.of(evaluation("a"), evaluation("b"), clash);
        assertThrows(IllegalArgumentException.class, () -> log.appendAll(batch));
        assertTrue(log.find(batch.get(0).id()).isEmpty(), "nothing of a failed batch is kept");
        assertTrue(log.verify().ok());

        List<AuditRecord> kept = log.appendAll(List.of(
                record(RecordKind.EVALUATION, "batch-2", null, List.of(), "a"),
                record(RecordKind.EVALUATION, "batch-2", null, List.of(), "b"),
                record(RecordKind.BATCH, "batch-2", null, List.of(), "summary")));
        assertEquals(List.of(2L, 3L, 4L), kept.stream().map(AuditRecord::seq).toList());
        assertEquals(2, log.query(RecordQuery.of(RecordKind.EVALUATION).withSubject("batch-2").withLimit(10)).items().size());
        assertEquals(1, log.query(RecordQuery.of(RecordKind.BATCH).withSubject("batch-2")).items().size());
        ChainCheck check = log.verify();
        assertTrue(check.ok(), check.toString());
        assertEquals(4, check.records());
    }

    @Test
    void queriesFilterAndPageWithoutGapsOrRepeats() {
        Instant jan = Instant.parse("2019-01-12T07:30:00Z");
        Instant feb = Instant.parse("2019-02-02T07:30:00Z");
        for (int i = 0; i < 7; i++) {
            log.append(record(RecordKind.EVALUATION, null, i % 2 == 0 ? jan : feb,
                    i % 3 == 0 ? List.of("org:LTHT", "trigger:T3") : List.of("org:LCH"), "e" + i));
        }
        log.append(record(RecordKind.EXERCISE_STEP, "exercise-1", jan, List.of("org:LTHT"), "step 1"));
        log.append(record(RecordKind.EXERCISE_STEP, "exercise-2", jan, List.of(), "other exercise"));

        var all = RecordQuery.of(RecordKind.EVALUATION);
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<AuditRecord> page = log.query(all.after(cursor == null ? null : Long.parseLong(cursor)).withLimit(3));
            page.items().forEach(r -> seen.add(r.resultNode().get("concluded").asText()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);
        assertEquals(List.of("e0", "e1", "e2", "e3", "e4", "e5", "e6"), seen);
        assertEquals(3, pages);

        var t3 = new RecordQuery(Set.of(RecordKind.EVALUATION), null, null, null, null, null, List.of("org:LTHT", "trigger:T3"), null, 50);
        assertEquals(List.of("e0", "e3", "e6"), concluded(log.query(t3)));
        var inFebruary = new RecordQuery(Set.of(RecordKind.EVALUATION), null, null, null,
                Instant.parse("2019-02-01T00:00:00Z"), Instant.parse("2019-03-01T00:00:00Z"), List.of(), null, 50);
        assertEquals(List.of("e1", "e3", "e5"), concluded(log.query(inFebruary)));
        var partialTag = new RecordQuery(Set.of(), null, null, null, null, null, List.of("org:LT"), null, 50);
        assertTrue(log.query(partialTag).items().isEmpty(), "tags match whole, not in part");
        assertEquals(List.of("step 1"), concluded(log.query(RecordQuery.of(RecordKind.EXERCISE_STEP).withSubject("exercise-1"))));

        Instant now = Instant.now();
        var recordedLater = new RecordQuery(Set.of(), null, now.plusSeconds(60), null, null, null, List.of(), null, 50);
        assertTrue(log.query(recordedLater).items().isEmpty());
        var recordedBefore = new RecordQuery(Set.of(), null, now.minusSeconds(600), now.plusSeconds(60), null, null, List.of(), null, 50);
        assertEquals(9, log.query(recordedBefore).items().size());

        List<Long> streamed = new ArrayList<>();
        log.forEach(new RecordQuery(Set.of(), null, null, null, null, null, List.of(), null, 0), r -> streamed.add(r.seq()));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), streamed);
        assertEquals("other exercise", log.latest(RecordKind.EXERCISE_STEP).orElseThrow().resultNode().get("concluded").asText());
        assertNull(log.query(all.withLimit(100)).nextCursor());
    }

    /**
     * A situation may name 2,000 organisations of up to 20 characters each, and each is an org: tag: about 50,000
     * characters of tags, which the tags column holds whole on every database, searchable by the last of them.
     */
    @Test
    void tagsOfTheLargestSituationAreKeptWhole() {
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < 2000; i++) tags.add("org:" + String.format("TRUST-%014d", i));
        tags.add("trigger:T3");
        tags.add("breach:P10");
        AuditRecord kept = log.append(record(RecordKind.EVALUATION, null, Instant.parse("2019-01-12T07:30:00Z"), tags, "largest"));
        assertEquals(tags, log.find(kept.id()).orElseThrow().tags());
        var last = new RecordQuery(Set.of(RecordKind.EVALUATION), null, null, null, null, null,
                List.of("org:TRUST-00000000001999", "breach:P10"), null, 50);
        assertEquals(List.of("largest"), concluded(log.query(last)));
        assertTrue(log.verify().ok());
    }

    /**
     * Half a character (an unpaired surrogate, which a JSON escape can carry) in a record's text fields has no place
     * in UTF-8, which SQLite and PostgreSQL keep: it is kept as U+FFFD on every store, hashed as kept, so the record
     * reads back as it was hashed and the chain verifies.
     */
    @Test
    void halfACharacterInARecordsTextIsKeptAsTheReplacementCharacter() {
        String half = "LT" + (char) 0xD800 + "HT";
        NewRecord r = new NewRecord(UUID.randomUUID().toString(), RecordKind.EVALUATION, "subject " + (char) 0xDC00, "actor " + half, "v1",
                null, List.of("org:" + half), Json.mapper().createObjectNode().put("org", half), Json.mapper().createObjectNode());
        AuditRecord kept = log.append(r);
        assertEquals(List.of("org:LT\uFFFDHT"), kept.tags());
        assertEquals("actor LT\uFFFDHT", kept.actor());
        AuditRecord read = log.find(kept.id()).orElseThrow();
        assertEquals(kept, read);
        assertNull(log.hashProblem(read));
        assertTrue(log.verify().ok());
        var byTag = new RecordQuery(Set.of(), null, null, null, null, null, List.of("org:LT\uFFFDHT"), null, 50);
        assertEquals(1, log.query(byTag).items().size());
    }

    @Test
    void theTrailOutlivesTheConnectionPool() {
        AuditRecord kept = log.append(evaluation("durable"));
        db.close();
        db = Database.open(config);
        log = new JdbcAuditLog(db);
        assertEquals(kept, log.find(kept.id()).orElseThrow());
        AuditRecord next = log.append(evaluation("after reopening"));
        assertEquals(kept.hash(), next.prevHash());
        assertTrue(log.verify().ok());
    }

    private static List<String> concluded(Page<AuditRecord> page) {
        return page.items().stream().map(r -> r.resultNode().get("concluded").asText()).toList();
    }

    /**
     * Acknowledged means forced to disk: every append returns only after a force that began after the append was
     * asked for, and concurrent appends share forces (one per group commit, not one per record).
     */
    @Test
    void everyAcknowledgedAppendWasForcedToStableStorageOncePerGroup() throws Exception {
        GroupCommitAuditLog grouped = new GroupCommitAuditLog(log);
        int threads = 8, each = 25;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        java.util.concurrent.atomic.AtomicInteger unforced = new java.util.concurrent.atomic.AtomicInteger();
        List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                for (int i = 0; i < each; i++) {
                    long before = db.forces();
                    grouped.append(evaluation("grouped"));
                    if (db.forces() <= before) unforced.incrementAndGet();
                }
            }));
        }
        for (var f : done) f.get(60, TimeUnit.SECONDS);
        pool.shutdown();
        assertEquals(0, unforced.get(), "an append was acknowledged without a force after it");
        assertTrue(db.forces() < threads * each, "forces are shared by a group: " + db.forces() + " for " + threads * each + " records");
        assertTrue(log.verify().ok());
    }

    /** Closing the group commit writes what was queued, then stops its writer thread; a later append is refused, not left waiting. */
    @Test
    void closingTheGroupCommitStopsItsWriterAfterWhatWasQueued() throws Exception {
        GroupCommitAuditLog grouped = new GroupCommitAuditLog(log);
        grouped.append(evaluation("before closing"));
        long writers = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("audit-group-commit")).count();
        grouped.close();
        long after = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("audit-group-commit") && t.isAlive()).count();
        assertEquals(writers - 1, after, "the writer thread has stopped");
        assertThrows(StoreUnavailableException.class, () -> grouped.append(evaluation("after closing")));
        assertEquals(1, log.verify().records(), "what was appended before closing is kept, and nothing after");
    }

    /** A value the store cannot hold is the request's fault, not an outage, and says nothing of the database. */
    @Test
    void aValueTooLongForAColumnIsRefusedNotAnOutage() {
        NewRecord tooLong = new NewRecord(UUID.randomUUID().toString(), RecordKind.EVALUATION, "s".repeat(5000), "tester", "v1",
                null, List.of(), Json.mapper().createObjectNode(), Json.mapper().createObjectNode());
        RecordRefusedException e = assertThrows(RecordRefusedException.class, () -> log.append(tooLong));
        assertFalse(e.getMessage().toLowerCase().contains("varchar"), e.getMessage());
        assertEquals(0, log.verify().records(), "nothing was kept");
        log.append(evaluation("after"));
        assertEquals(1, log.verify().records());
    }

    /**
     * Keyed with a key held outside the database, the chain cannot be rebuilt by someone who can only write the
     * database: re-hashing a changed record (and everything after it) is found, a keyed record cannot be passed
     * off as an old plain one, and removing the newest records together with the head row is found from the note
     * kept beside the key. Records from before keying keep their plain hashes and still verify.
     */
    @Test
    void aKeyedChainCannotBeRebuiltFromTheDatabaseAlone() throws Exception {
        java.nio.file.Path keyDir = java.nio.file.Files.createTempDirectory("audit-key");
        java.nio.file.Path keyFile = keyDir.resolve("audit-chain.key");
        log.append(evaluation("before keying 1"));
        log.append(evaluation("before keying 2"));
        JdbcAuditLog keyed = new JdbcAuditLog(db, keyFile);
        for (int i = 3; i <= 6; i++) keyed.append(evaluation("keyed " + i));
        assertTrue(java.nio.file.Files.readString(keyFile).contains("plainHashesUntilRecord=2"));
        ChainCheck fine = keyed.verify();
        assertTrue(fine.ok(), fine.toString());
        assertEquals(6, fine.records());
        AuditRecord fifth = keyed.query(RecordQuery.of(RecordKind.EVALUATION).withLimit(10)).items().get(4);
        assertTrue(fifth.hash().startsWith("hmac:"), fifth.hash());
        assertNull(keyed.hashProblem(fifth));

        // rebuild from record 5 on with plain hashes, as someone without the key would
        byte[] forgedBytes = deflated("{\"concluded\":\"forged\",\"nothing\":null}");
        AuditRecord forged = new AuditRecord(fifth.seq(), fifth.id(), fifth.kind(), fifth.subject(), fifth.recordedAt(),
                fifth.actor(), fifth.rulesetVersion(), fifth.asOf(), fifth.tags(), null, null, fifth.prevHash(), null, ChainHash.STORED_BYTES,
                ChainHash.contentHash(fifth.id(), fifth.kind(), fifth.subject(), fifth.actor(), fifth.rulesetVersion(), fifth.asOf(),
                        fifth.tags(), storedBytes(5, "input_z"), forgedBytes));
        String forgedHash = ChainHash.of(forged);
        storeBytes(5, "result_z", forgedBytes);
        sql("update audit_record set hash = '" + forgedHash + "' where seq = 5");
        AuditRecord sixth = keyed.find(keyed.query(RecordQuery.of(RecordKind.EVALUATION).withLimit(10)).items().get(5).id()).orElseThrow();
        AuditRecord sixthRelinked = new AuditRecord(6, sixth.id(), sixth.kind(), sixth.subject(), sixth.recordedAt(), sixth.actor(),
                sixth.rulesetVersion(), sixth.asOf(), sixth.tags(), null, null, forgedHash, null, ChainHash.STORED_BYTES, sixth.contentHash());
        String sixthHash = ChainHash.of(sixthRelinked);
        sql("update audit_record set prev_hash = '" + forgedHash + "', hash = '" + sixthHash + "' where seq = 6");
        sql("update audit_chain_head set hash = '" + sixthHash + "' where id = 1");
        ChainCheck found = keyed.verify();
        assertFalse(found.ok());
        assertEquals(5, found.firstBroken().seq());
        assertTrue(found.firstBroken().problem().contains("without the key"), found.toString());
        assertTrue(keyed.hashProblem(keyed.find(fifth.id()).orElseThrow()).contains("without the key"));

        // removing the newest records and moving the head back
        sql("delete from audit_record where seq >= 5");
        sql("update audit_chain_head set seq = 4, hash = (select hash from audit_record where seq = 4) where id = 1");
        ChainCheck truncated = keyed.verify();
        assertFalse(truncated.ok());
        assertTrue(truncated.firstBroken().problem().contains("record 6 was written"), truncated.toString());
    }

    /**
     * Verify and streaming read the chain a page at a time (JdbcAuditLog.PAGE records each): past the first
     * pages every record is still seen once and in order, a limit cuts across a page boundary, and a record
     * missing from a later page is found there.
     */
    @Test
    void verifyAndStreamingReachPastTheFirstPages() {
        int n = 2 * JdbcAuditLog.PAGE + 234;
        List<NewRecord> many = new ArrayList<>();
        for (int i = 0; i < n; i++) many.add(evaluation("e" + i));
        for (int from = 0; from < n; from += 300) log.appendAll(many.subList(from, Math.min(n, from + 300)));

        ChainCheck whole = log.verify();
        assertTrue(whole.ok(), whole.toString());
        assertEquals(n, whole.records());
        List<Long> streamed = new ArrayList<>();
        log.forEach(new RecordQuery(Set.of(), null, null, null, null, null, List.of(), null, 0), r -> streamed.add(r.seq()));
        assertEquals(n, streamed.size());
        for (int i = 0; i < n; i++) assertEquals(i + 1, streamed.get(i));
        List<Long> limited = new ArrayList<>();
        log.forEach(new RecordQuery(Set.of(), null, null, null, null, null, List.of(), null, JdbcAuditLog.PAGE + 7), r -> limited.add(r.seq()));
        assertEquals(JdbcAuditLog.PAGE + 7, limited.size());
        assertEquals(JdbcAuditLog.PAGE + 7, limited.get(limited.size() - 1));

        long gone = 2L * JdbcAuditLog.PAGE + 100;
        sql("delete from audit_record where seq = " + gone);
        ChainCheck broken = log.verify();
        assertFalse(broken.ok());
        assertEquals(gone, broken.firstBroken().seq(), broken.toString());
        assertTrue(broken.firstBroken().problem().contains("missing"), broken.toString());
    }
}
