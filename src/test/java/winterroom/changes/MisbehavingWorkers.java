package winterroom.changes;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Worker processes that do what a hostile candidate would, for checking that the sandbox's limits hold, and one
 * that answers every job as a candidate that compiles would, for checking when the sandbox keeps a worker.
 */
final class MisbehavingWorkers {
    private MisbehavingWorkers() {}

    /** A report of a candidate that compiles, as a worker sends it. */
    static void answerCompiled() throws java.io.IOException {
        WorkerFrames.write(System.out, winterroom.Json.mapper().writeValueAsBytes(
                new CandidateReport("compiled", java.util.List.of(), java.util.List.of(), null, null, null, null, null, null)));
    }

    /** The next job's frame, or null when the sandbox has closed the worker's input. */
    static byte[] nextJob(java.io.DataInputStream in) throws java.io.IOException { return WorkerFrames.read(in, Integer.MAX_VALUE - 8); }

    /** Answers every job as compiled, until its input ends. */
    static final class Answers {
        public static void main(String[] args) throws Exception {
            java.io.DataInputStream in = new java.io.DataInputStream(System.in);
            while (nextJob(in) != null) answerCompiled();
            Runtime.getRuntime().halt(0);
        }
    }

    /** Answers its first job as compiled, then takes the next one and never answers it. */
    static final class AnswersOnceThenHangs {
        public static void main(String[] args) throws Exception {
            java.io.DataInputStream in = new java.io.DataInputStream(System.in);
            if (nextJob(in) == null) return;
            answerCompiled();
            if (nextJob(in) == null) return;
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    /** Stops its JVM without answering. */
    static final class Exits {
        public static void main(String[] args) { System.exit(0); }
    }

    /** Never answers and ignores its time limit. */
    static final class Hangs {
        public static void main(String[] args) throws InterruptedException { Thread.sleep(Long.MAX_VALUE); }
    }

    /** Floods its standard output. */
    static final class Floods {
        public static void main(String[] args) {
            byte[] chunk = new byte[1 << 20];
            java.util.Arrays.fill(chunk, (byte) ' ');
            while (true) System.out.write(chunk, 0, chunk.length);
        }
    }

    /**
     * Tries to write a file named by the job's "change" field, then answers with what it could see
     * of the service: its environment, as the failure's message.
     */
    static final class Snoops {
        public static void main(String[] args) throws Exception {
            CandidateJob job = winterroom.Json.mapper().readValue(
                    WorkerFrames.read(new java.io.DataInputStream(System.in), Integer.MAX_VALUE - 8), CandidateJob.class);
            String wrote;
            try {
                Files.writeString(Path.of(job.change()), "written by a candidate", StandardCharsets.UTF_8);
                wrote = "wrote";
            } catch (Exception | Error e) {
                wrote = "could not write: " + e;
            }
            String message = wrote + "; environment " + String.join(",", new java.util.TreeSet<>(System.getenv().keySet()));
            WorkerFrames.write(System.out, winterroom.Json.mapper().writeValueAsBytes(
                    CandidateReport.failed(new winterroom.policy.CompileProblem(null, null, null, message), null)));
            Runtime.getRuntime().halt(0);
        }
    }
}
