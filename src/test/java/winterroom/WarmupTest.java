package winterroom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import winterroom.service.Warmup;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The start-up warm-up runs real evaluations of the bundled scenarios and keeps none of them. */
class WarmupTest {
    @Test
    void warmingUpEvaluatesTheBundledScenariosAndRecordsNothing(@TempDir Path dir) {
        WinterRoom room = TestRules.room(dir);
        long before = room.audit().verify().records();
        assertEquals(30, Warmup.run(room.evaluations(), room.scenarios(), 30, Duration.ofMinutes(2)));
        assertEquals(before, room.audit().verify().records(), "no warm-up evaluation reaches the audit trail");
        assertEquals(0, Warmup.run(room.evaluations(), room.scenarios(), 0, Duration.ofMinutes(2)), "0 turns it off");
        room.stop();
    }
}
