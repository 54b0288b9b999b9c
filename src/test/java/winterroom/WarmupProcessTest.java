package winterroom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The start-up rehearsal as the service runs it, in its own process with the chain key held outside the data folder
 * (AUDIT_KEY_FILE): the copy keeps its own key, so the note of the last record beside the service's key, which
 * catches records removed from the end of the trail, stays the service's.
 */
class WarmupProcessTest {
    @Test
    void theRehearsalLeavesTheServicesKeyAndItsHeadNoteAlone(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("keys").resolve("audit-chain.key");
        Files.createDirectories(key.getParent());
        Map<String, String> env = Map.of("DATA_DIR", dir.resolve("data").toString(), "AUDIT_KEY_FILE", key.toString(),
                "WARM_UP_EVALUATIONS", "40", "RULES_POLL_MS", "0");
        try (ServiceProcess service = ServiceProcess.start(env, dir.resolve("service.log"))) {
            var verify = service.get("/api/v1/audit/verify");
            assertEquals(200, verify.status(), service.logTail());
            assertTrue(verify.body().path("ok").asBoolean(), "the chain verifies against the note beside its key: " + verify.body());
            long records = verify.body().path("records").asLong();
            assertTrue(records < 40, "the rehearsals were not kept here: " + records + " records");
            String note = Files.readString(key.resolveSibling("audit-chain.key.head")).strip();
            assertEquals(Long.toString(records), note.split(" ")[0], "the head note is the service's last record, not the copy's");
            assertTrue(service.logTail().contains("rehearsal(s)") || Files.readString(dir.resolve("service.log")).contains("rehearsal(s)"),
                    "the warm-up ran on its copy");
        }
    }
}
