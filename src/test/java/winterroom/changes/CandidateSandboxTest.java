package winterroom.changes;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import winterroom.Json;
import winterroom.policy.RulesFolder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The worker process a candidate runs in, started with workers that misbehave as a hostile candidate
 * would: each comes back as a failed report, and the process is gone afterwards. A worker that answered
 * well is kept warm for its candidate's next job, and for nothing else.
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

    // ------------------------------------------------------------------ a worker kept warm for its candidate

    private static final CandidateSandbox.Limits ROOMY = new CandidateSandbox.Limits(Duration.ofSeconds(60), 256);

    private static CandidateSandbox realSandbox() {
        return new CandidateSandbox(Path.of("scenarios"), 20000, Duration.ofSeconds(10), ROOMY);
    }

    /** The shipped rules as a candidate, and with an extra (empty) rules file: another candidate that compiles. */
    private static SortedMap<String, byte[]> shippedRules() { return RulesFolder.read(Path.of("rules")); }

    private static SortedMap<String, byte[]> shippedRulesAndAnEmptyFile() {
        SortedMap<String, byte[]> files = new TreeMap<>(shippedRules());
        files.put("extra.drl", "package winterroom.rules\n".getBytes(StandardCharsets.UTF_8));
        return files;
    }

    private static final String SITUATION = """
            {"asOf": "2019-01-16T07:30:00Z", "organisations": [{"code": "LTHT", "type": "ACUTE", "reportedOpel": 2}],
             "measures": [{"org": "LTHT", "metric": "ambulance_handover_over_60_min", "value": 6}]}""";

    private static boolean alive(long pid) { return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false); }

    private static Set<Long> children() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    /** Waits up to ten seconds for the process to be gone. */
    private static boolean gone(long pid) throws InterruptedException {
        for (int i = 0; i < 100 && alive(pid); i++) Thread.sleep(100);
        return !alive(pid);
    }

    @Test
    void aSecondJobForTheSameCandidateRunsInTheWarmWorkerWithAJobsCpuTimeOfItsOwn() throws Exception {
        try (CandidateSandbox sandbox = realSandbox()) {
            SortedMap<String, byte[]> candidate = shippedRules();
            CandidateReport validated = sandbox.run(CandidateJob.of("validate", candidate, null));
            assertTrue(validated.compiles(), String.valueOf(validated.validation()));
            long pid = sandbox.idleWorkerPid().orElseThrow(() -> new AssertionError("a worker that answered well is kept"));

            List<JsonNode> situations = List.of(Json.mapper().readTree(SITUATION), Json.mapper().readTree("{\"asOf\": 3}"));
            CandidateReport impact = sandbox.run(CandidateJob.impact("change", candidate, situations));
            assertEquals(1, sandbox.workersStarted(), "the impact run did not start a worker");
            assertEquals(pid, sandbox.idleWorkerPid().orElseThrow(), "the same worker, kept again");
            assertEquals(validated.version(), impact.version());
            assertEquals(2, impact.sides().size());
            assertTrue(impact.sides().get(0).triggers().contains("T3"), impact.sides().get(0).toString());
            assertNotNull(impact.sides().get(1).error(), "an invalid situation is its own error, as in a new worker");

            // prlimit's CPU time counts over the worker's life: the second job was given a whole job's worth from its start
            assumeTrue(Files.isExecutable(Path.of("/usr/bin/prlimit")), "prlimit is how CPU time is limited");
            String limit = Files.readAllLines(Path.of("/proc/" + pid + "/limits")).stream()
                    .filter(l -> l.startsWith("Max cpu time")).findFirst().orElseThrow();
            String[] words = limit.trim().split("\\s+");
            long perJob = ROOMY.time().toSeconds() * 2;
            assertTrue(Long.parseLong(words[3]) > perJob, "the soft limit was raised for the second job: " + limit);
            assertEquals(perJob * 4, Long.parseLong(words[4]), "the worker's life is capped: " + limit);
        }
    }

    @Test
    void aJobForAnotherCandidateStopsTheWarmWorkerAndStartsItsOwn() throws Exception {
        try (CandidateSandbox sandbox = realSandbox()) {
            assertTrue(sandbox.run(CandidateJob.of("validate", shippedRules(), null)).compiles());
            long first = sandbox.idleWorkerPid().orElseThrow();
            CandidateReport other = sandbox.run(CandidateJob.of("validate", shippedRulesAndAnEmptyFile(), null));
            assertTrue(other.compiles(), String.valueOf(other.validation()));
            assertEquals(2, sandbox.workersStarted());
            assertFalse(alive(first), "the first candidate's worker was stopped");
            long second = sandbox.idleWorkerPid().orElseThrow();
            assertNotEquals(first, second);
        }
    }

    @Test
    void aCandidateThatDoesNotCompileIsNotKeptWarm() {
        try (CandidateSandbox sandbox = realSandbox()) {
            SortedMap<String, byte[]> broken = new TreeMap<>(shippedRules());
            broken.put("broken.drl", "package winterroom.rules\nrule \"x\" when then nonsense( end\n".getBytes(StandardCharsets.UTF_8));
            CandidateReport r = sandbox.run(CandidateJob.of("validate", broken, null));
            assertFalse(r.compiles());
            assertTrue(sandbox.idleWorkerPid().isEmpty());
        }
    }

    @Test
    void aWorkerThatRanPastItsTimeLimitIsNotReused() throws Exception {
        try (CandidateSandbox sandbox = sandbox(MisbehavingWorkers.AnswersOnceThenHangs.class)) {
            assertTrue(sandbox.run(job()).compiles());
            long pid = sandbox.idleWorkerPid().orElseThrow();
            CandidateReport hung = sandbox.run(job());
            assertTrue(hung.failure().message().contains("did not finish within its time limit of 2 s"), hung.failure().message());
            assertFalse(alive(pid), "the worker that overran was killed");
            assertTrue(sandbox.idleWorkerPid().isEmpty(), "and is not kept");
            assertTrue(sandbox.run(job()).compiles(), "the next job has a new worker");
            assertEquals(2, sandbox.workersStarted());
        }
    }

    @Test
    void anIdleWorkerIsStoppedWhenItsIdleTimeIsUp() throws Exception {
        CandidateSandbox.Limits idleBriefly = new CandidateSandbox.Limits(SHORT.time(), SHORT.heapMegabytes(), Duration.ofMillis(300));
        try (CandidateSandbox sandbox = new CandidateSandbox(Path.of("scenarios"), 1000, Duration.ofSeconds(1), idleBriefly,
                MisbehavingWorkers.Answers.class.getName())) {
            assertTrue(sandbox.run(job()).compiles());
            long pid = sandbox.idleWorkerPid().orElseThrow();
            assertTrue(gone(pid), "the idle worker was stopped");
            assertTrue(sandbox.idleWorkerPid().isEmpty());
            assertTrue(sandbox.run(job()).compiles());
            assertEquals(2, sandbox.workersStarted(), "a job after the idle time starts a new worker");
        }
    }

    @Test
    void noWorkerIsLeftOnceTheSandboxIsClosed() throws Exception {
        Set<Long> before = children();
        CandidateSandbox sandbox = sandbox(MisbehavingWorkers.Answers.class);
        assertTrue(sandbox.run(job()).compiles());
        long pid = sandbox.idleWorkerPid().orElseThrow();
        sandbox.close();
        assertFalse(alive(pid));
        Set<Long> left = children();
        left.removeAll(before);
        assertEquals(Set.of(), left, "no child process is left");
        assertTrue(sandbox.run(job()).compiles(), "a closed sandbox still answers");
        assertTrue(sandbox.idleWorkerPid().isEmpty(), "but keeps no worker");
    }

    @Test
    void aWorkerWhoseServiceHasGoneStopsByItself() throws Exception {
        // the service's end of the pipe closes with the service, however it ends: a waiting worker sees its input end
        Process worker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CandidateWorker.class.getName()).start();
        worker.getOutputStream().close();
        assertTrue(worker.waitFor(30, TimeUnit.SECONDS), "the worker stopped");
        assertEquals(0, worker.exitValue());
    }
}
