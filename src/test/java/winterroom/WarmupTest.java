package winterroom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import winterroom.service.Warmup;

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
        }
        assertFalse(Files.exists(copyFolder), "the copy's store is deleted after the warm-up");
        assertEquals(before, room.audit().verify().records(), "no rehearsal reaches the service's own audit trail");
        assertEquals(0, Warmup.run(room.scenarios(), body -> { throw new AssertionError("0 runs none"); }, 0, Duration.ofMinutes(2)));
        room.stop();
    }
}
