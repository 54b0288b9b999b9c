package winterroom;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import winterroom.Http.Answer;
import winterroom.audit.Database;
import winterroom.audit.StorageConfig;
import winterroom.audit.StoreMigration;
import winterroom.cli.WinterRoomCommand;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static winterroom.Http.get;
import static winterroom.Http.post;

/**
 * {@code winter-room migrate-store}: a data folder's H2 file from before SQLite, moved to SQLite with everything
 * the service answers from it the same afterwards, byte for byte, and the chain checking over the same records plus
 * the one that notes the move. What it refuses leaves the folder as it was.
 */
class StoreMigrationTest {
    static WinterRoom room(Path data) {
        return WinterRoom.create(new ServiceConfig(0, Path.of("rules"), 20000).withDataDir(data).withRulesPoll(Duration.ZERO));
    }

    record Run(int exit, String out, String err) {}

    static Run migrate(Path data) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cli = new CommandLine(new WinterRoomCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        int exit = cli.execute("migrate-store", "--data", data.toString());
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void anH2DataFolderMovesToSqliteWithEveryAnswerAsItWas(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Database.open(StorageConfig.h2File(data)).close();   // a data folder as versions before SQLite made it
        String situation = Files.readString(Path.of("scenarios/leeds-whole-system-winter-day.json"));
        String exercise = Files.readString(Path.of("scenarios/exercises/snow-and-flu-desktop-exercise.json"));
        String[] before = new String[6];

        WinterRoom h2 = room(data);
        assertTrue(h2.config().storage().isEmbeddedFile(), "the folder's H2 file is its store: " + h2.config().storage());
        JavalinTest.test(h2.newWebApp(), (server, client) -> {
            Answer evaluated = post(client, "/api/v1/evaluations", situation);
            assertEquals(201, evaluated.status(), evaluated.text());
            String id = before[0] = evaluated.body().get("id").asText();
            Answer started = post(client, "/api/v1/exercises", exercise);
            assertEquals(201, started.status(), started.text());
            String ex = before[1] = started.body().get("id").asText();
            String code = started.body().get("joinCode").asText();
            assertEquals(201, post(client, "/api/v1/exercises/" + ex + "/participants", "{\"code\":\"" + code + "\",\"name\":\"Priya\",\"org\":\"LTHT\"}").status());
            assertEquals(201, post(client, "/api/v1/exercises/" + ex + "/steps", "").status());
            assertEquals(201, post(client, "/api/v1/exercises/" + ex + "/lessons",
                    "{\"text\":\"no recovery date for paused clinics\",\"owner\":\"LCH\",\"due\":\"2019-03-01\"}").status());
            before[2] = get(client, "/api/v1/evaluations/" + id + "?include=audit,recommendations").text();
            before[3] = get(client, "/api/v1/exercises/" + ex + "/report").text();
            before[4] = get(client, "/api/v1/audit/records?limit=200").text();
            JsonNode verified = get(client, "/api/v1/audit/verify").body();
            assertTrue(verified.get("ok").asBoolean(), verified.toString());
            before[5] = verified.get("records").asText();
        });
        h2.stop();

        Run run = migrate(data);
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("ok, " + before[5] + " records"), run.out());
        assertFalse(Files.exists(data.resolve(StorageConfig.H2_FILE)), "the H2 file is set aside");
        assertTrue(Files.exists(data.resolve(StorageConfig.H2_FILE + StoreMigration.SET_ASIDE_SUFFIX)), "and kept, renamed");
        assertTrue(Files.exists(data.resolve(StorageConfig.SQLITE_FILE)));
        assertFalse(Files.exists(data.resolve(StorageConfig.SQLITE_FILE + ".partial")));

        WinterRoom sqlite = room(data);
        assertTrue(sqlite.config().storage().isSqlite(), "the folder's store is now SQLite: " + sqlite.config().storage());
        JavalinTest.test(sqlite.newWebApp(), (server, client) -> {
            assertEquals(before[2], get(client, "/api/v1/evaluations/" + before[0] + "?include=audit,recommendations").text());
            assertEquals(before[3], get(client, "/api/v1/exercises/" + before[1] + "/report").text());
            // every record as it was, in its place, then the move
            JsonNode records = get(client, "/api/v1/audit/records?limit=200").body().get("items");
            JsonNode old = Json.mapper().readTree(before[4]).get("items");
            long kept = Long.parseLong(before[5]);
            JsonNode moved = null;
            int same = 0;
            for (JsonNode r : records) {
                if (r.get("seq").asLong() <= kept) {
                    for (JsonNode o : old) if (o.get("seq").equals(r.get("seq"))) {
                        assertEquals(o, r);
                        same++;
                    }
                } else if ("STORE_MIGRATED".equals(r.get("kind").asText())) moved = r;
            }
            assertEquals(old.size(), same, "every record listed before is listed again, the same");
            assertTrue(moved != null, "the move is recorded: " + records);
            assertEquals(kept + 1, moved.get("seq").asLong());
            JsonNode verified = get(client, "/api/v1/audit/verify").body();
            assertTrue(verified.get("ok").asBoolean(), verified.toString());
            assertEquals(records.size(), verified.get("records").asLong(), "the chain runs over every record listed");
            // the exercise goes on in its new store
            assertEquals(201, post(client, "/api/v1/exercises/" + before[1] + "/steps", "").status());
        });
        sqlite.stop();

        Run again = migrate(data);
        assertEquals(2, again.exit());
        assertTrue(again.err().contains("holds no H2 file"), again.err());
    }

    @Test
    void aFolderHoldingBothFilesIsLeftAsItIs(@TempDir Path dir) {
        Path data = dir.resolve("data");
        Database.open(StorageConfig.h2File(data)).close();
        Database.open(StorageConfig.sqliteFile(data)).close();
        Run run = migrate(data);
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("already holds " + StorageConfig.SQLITE_FILE), run.err());
        assertTrue(Files.exists(data.resolve(StorageConfig.H2_FILE)));
        assertTrue(Files.exists(data.resolve(StorageConfig.SQLITE_FILE)));
    }

    /** Holds a data folder's H2 file open, as a running service does, until its standard input closes. */
    public static final class HoldsTheFile {
        public static void main(String[] args) throws Exception {
            try (Database db = Database.open(StorageConfig.h2File(Path.of(args[0])))) {
                System.out.println(db.reachable() ? "holding" : "not reachable");
                System.out.flush();
                System.in.read();
            }
        }
    }

    @Test
    void aFolderInUseByAnotherProcessIsRefusedInTheCommandsOwnWordsAndLeftAsItWas(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Database.open(StorageConfig.h2File(data)).close();
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HoldsTheFile.class.getName(), data.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            var lines = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream()));
            String line;
            do line = lines.readLine(); while (line != null && !line.equals("holding"));
            assertEquals("holding", line, "the other process opened the H2 file");
            Run run = migrate(data);
            assertEquals(2, run.exit(), run.out() + run.err());
            assertTrue(run.err().contains("is the service still running on this data folder?"), run.err());
            assertTrue(Files.exists(data.resolve(StorageConfig.H2_FILE)), "the H2 file stays");
            assertFalse(Files.exists(data.resolve(StorageConfig.SQLITE_FILE)), "no SQLite file is left half made");
            try (var files = Files.list(data)) {
                assertEquals(List.of(), files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".trace.db")).toList(),
                        "H2 leaves no trace file in the data folder");
            }
        } finally {
            holder.getOutputStream().close();
            holder.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            holder.destroyForcibly();
        }
    }
}
