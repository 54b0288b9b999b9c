package winterroom.changes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The worker process a candidate runs in, started with workers that misbehave as a hostile candidate
 * would: each comes back as a failed report, and the process is gone afterwards.
 */
class CandidateSandboxTest {
    private static final CandidateSandbox.Limits SHORT = new CandidateSandbox.Limits(Duration.ofSeconds(2), 64);

    private static CandidateSandbox sandbox(Class<?> worker) {
        return new CandidateSandbox(Path.of("scenarios"), 1000, Duration.ofSeconds(1), SHORT, worker.getName());
    }

    private static CandidateJob job() { return CandidateJob.of("validate", new TreeMap<>(), null); }

    @Test
    void aWorkerThatStopsItsJvmIsAFailedCandidate() {
        CandidateReport r = sandbox(MisbehavingWorkers.Exits.class).run(job());
        assertNotNull(r.failure());
        assertTrue(r.failure().message().contains("stopped (exit 0) before it answered"), r.failure().message());
        assertFalse(r.compiles());
    }

    @Test
    void aWorkerThatHangsIsKilledAfterTheTimeLimit() {
        long before = ProcessHandle.current().children().count();
        CandidateReport r = sandbox(MisbehavingWorkers.Hangs.class).run(job());
        assertTrue(r.failure().message().contains("did not finish within its time limit of 2 s"), r.failure().message());
        assertEquals(before, ProcessHandle.current().children().filter(ProcessHandle::isAlive).count(), "the worker is gone");
    }

    @Test
    void aWorkerThatFloodsItsAnswerIsStopped() {
        CandidateReport r = sandbox(MisbehavingWorkers.Floods.class).run(job());
        assertTrue(r.failure().message().contains("answered with more than 64 MB"), r.failure().message());
    }

    @Test
    void aWorkerSeesNoneOfTheServicesSettingsAndCannotWriteFiles(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("planted.txt");
        CandidateJob job = new CandidateJob("validate", new TreeMap<>(), null, null, 0, 0, 0, target.toString(), null, null);
        CandidateReport r = sandbox(MisbehavingWorkers.Snoops.class).run(job);
        String said = r.failure().message();
        assertTrue(said.endsWith("environment LOG_LEVEL,PATH"), said);
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/prlimit")), "prlimit is how file writes are refused");
        assertTrue(said.startsWith("could not write"), said);
        assertTrue(!Files.exists(target) || Files.size(target) == 0, "nothing was written");
    }
}
