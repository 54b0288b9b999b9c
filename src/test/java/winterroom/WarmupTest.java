package winterroom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import winterroom.service.Warmup;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The start-up warm-up rehearses whole requests of the bundled scenarios on a throwaway copy of the service: the copy
 * keeps them, the service keeps none, and the copy's files are gone afterwards.
 */
class WarmupTest {
    @Test
    void warmingUpRehearsesWholeRequestsOnACopyAndRecordsNothingHere(@TempDir Path dir) throws Exception {
        WinterRoom room = TestRules.room(dir);
        long before = room.audit().verify().records();
        Path copyFolder;
        try (Rehearsal rehearsal = Rehearsal.start(room.config(), room.evaluations().ruleset())) {
            long copyBefore = rehearsal.recordsKept();
            assertEquals(30, Warmup.run(room.scenarios(), rehearsal::post, 30, Duration.ofMinutes(2)));
            assertTrue(rehearsal.recordsKept() - copyBefore >= 25,
                    "nearly every bundled scenario was answered and kept by the copy: " + (rehearsal.recordsKept() - copyBefore));
            copyFolder = rehearsal.folder();
            assertTrue(Files.isDirectory(copyFolder));

            // the copy shares the rules folder: no other local caller may use it, and its own token may only evaluate
            HttpClient client = HttpClient.newHttpClient();
            HttpRequest anonymous = HttpRequest.newBuilder(rehearsal.base().resolve("/api/v1/evaluations"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build();
            assertEquals(401, client.send(anonymous, HttpResponse.BodyHandlers.discarding()).statusCode());
            HttpRequest ruleWrite = HttpRequest.newBuilder(rehearsal.base().resolve("/api/v1/rules/files/x.drl"))
                    .header("Authorization", rehearsal.authorization()).PUT(HttpRequest.BodyPublishers.ofString("package x;")).build();
            assertEquals(403, client.send(ruleWrite, HttpResponse.BodyHandlers.discarding()).statusCode());
            assertFalse(Files.exists(room.config().rulesDir().resolve("x.drl")));
        }
        assertFalse(Files.exists(copyFolder), "the copy's store is deleted after the warm-up");
        assertEquals(before, room.audit().verify().records(), "no rehearsal reaches the service's own audit trail");
        assertEquals(0, Warmup.run(room.scenarios(), body -> { throw new AssertionError("0 runs none"); }, 0, Duration.ofMinutes(2)));
        room.stop();
    }
}
