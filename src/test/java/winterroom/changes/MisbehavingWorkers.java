package winterroom.changes;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Worker processes that do what a hostile candidate would, for checking that the sandbox's limits hold. */
final class MisbehavingWorkers {
    private MisbehavingWorkers() {}

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
            CandidateJob job = winterroom.Json.mapper().readValue(System.in, CandidateJob.class);
            String wrote;
            try {
                Files.writeString(Path.of(job.change()), "written by a candidate", StandardCharsets.UTF_8);
                wrote = "wrote";
            } catch (Exception | Error e) {
                wrote = "could not write: " + e;
            }
            String message = wrote + "; environment " + String.join(",", new java.util.TreeSet<>(System.getenv().keySet()));
            System.out.print(winterroom.Json.mapper().writeValueAsString(
                    CandidateReport.failed(new winterroom.policy.CompileProblem(null, null, null, message), null)));
            System.out.flush();
            Runtime.getRuntime().halt(0);
        }
    }
}
