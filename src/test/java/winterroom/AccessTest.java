package winterroom;

import com.fasterxml.jackson.databind.JsonNode;

import io.javalin.testtools.JavalinTest;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import winterroom.Http.Answer;
import winterroom.auth.Tokens;
import winterroom.cli.WinterRoomCommand;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static winterroom.Http.get;
import static winterroom.Http.post;
import static winterroom.Http.put;

/** Bearer tokens and roles: reading needs VIEWER, evaluating ASSESSOR, changing rules POLICY_OWNER. */
class AccessTest {
    /** Runs `new-token NAME ROLE` and returns [token, tokens-file line]. */
    static String[] newToken(String name, String role) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new WinterRoomCommand());
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("new-token", name, role));
        String[] lines = out.toString().strip().split("\\R");
        String token = lines[0].substring(lines[0].lastIndexOf(' ') + 1);
        return new String[]{token, lines[lines.length - 1]};
    }

    static String bearer(String token) { return "Bearer " + token; }

    @Test
    void tokensAndRolesGuardEveryRoute(@TempDir Path dir) throws Exception {
        String[] viewer = newToken("vera", "VIEWER");
        String[] assessor = newToken("ash", "ASSESSOR");
        String[] owner = newToken("olu", "POLICY_OWNER");
        String[] author = newToken("rita", "RULE_AUTHOR");
        assertEquals("ash,ASSESSOR," + Tokens.sha256(assessor[0]), assessor[1]);
        Path tokens = dir.resolve("tokens.csv");
        Files.writeString(tokens, "# name,role,sha256-of-token\n" + viewer[1] + "\n" + assessor[1] + "\n" + owner[1] + "\n" + author[1] + "\n");
        assertTrue(!Files.readString(tokens).contains(owner[0]), "the file holds hashes, never tokens");

        WinterRoom room = WinterRoom.create(new ServiceConfig(0, TestRules.copy(dir), 20000).withTokens(tokens).withDataDir(dir.resolve("data")));
        String example = Files.readString(Path.of("scenarios/example-saturday-handover-delays.json"));
        String validate = Json.mapper().writeValueAsString(Map.of("files", Map.of("extra.drl", "package winterroom.rules\n")));
        JavalinTest.test(room.newWebApp(), (server, client) -> {
            assertEquals(200, get(client, "/health").status(), "health is open");
            assertEquals(200, get(client, "/openapi.json").status(), "the API description is open");
            assertEquals(200, get(client, "/").status(), "the web pages are open");
            assertEquals(401, get(client, "/metrics").status());
            assertEquals(200, get(client, "/metrics", "Authorization", bearer(viewer[0])).status());
            assertEquals(401, get(client, "/api/v1/no-such-thing").status(), "the API answers nothing without a token");

            Answer none = get(client, "/api/v1/rules");
            assertEquals(401, none.status());
            assertTrue(none.body().get("error").asText().contains("Bearer"), none.text());
            assertEquals("Bearer", none.header("WWW-Authenticate"));
            Answer wrong = get(client, "/api/v1/rules", "Authorization", bearer("not-a-token"));
            assertEquals(401, wrong.status());
            assertTrue(wrong.body().get("error").asText().contains("not valid"));
            assertEquals(401, get(client, "/api/v1/rules", "Authorization", "Basic dXNlcjpwYXNz").status());
            assertEquals(401, post(client, "/api/v1/evaluations", example).status());

            // viewer: reads, cannot evaluate or change rules
            assertEquals(200, get(client, "/api/v1/rules", "Authorization", bearer(viewer[0])).status());
            assertEquals(200, get(client, "/api/v1/rules/versions", "Authorization", bearer(viewer[0])).status());
            Answer denied = post(client, "/api/v1/evaluations", example, "Authorization", bearer(viewer[0]));
            assertEquals(403, denied.status());
            assertTrue(denied.body().get("error").asText().contains("ASSESSOR"), denied.text());

            // assessor: evaluates (recorded as the asker), cannot change rules
            Answer evaluated = post(client, "/api/v1/evaluations", example, "Authorization", bearer(assessor[0]));
            assertEquals(201, evaluated.status());
            assertEquals("ash", evaluated.body().get("requestedBy").asText());
            assertEquals("ash", get(client, evaluated.header("Location"), "Authorization", bearer(viewer[0])).body().get("requestedBy").asText());
            assertEquals(403, post(client, "/api/v1/rules/validate", validate, "Authorization", bearer(assessor[0])).status());
            assertEquals(403, put(client, "/api/v1/rules/files/extra.drl", "x", "Authorization", bearer(assessor[0])).status());
            assertEquals(403, post(client, "/api/v1/rules/reload", "", "Authorization", bearer(assessor[0])).status());

            // policy owner: checks rules, but rule code (.drl) is written by a rule author, recorded as the actor
            assertEquals(200, post(client, "/api/v1/rules/validate", validate, "Authorization", bearer(owner[0])).status());
            Answer refused = put(client, "/api/v1/rules/files/extra.drl", "package winterroom.rules\n// nothing yet\n",
                    "Authorization", bearer(owner[0]), "Content-Type", "text/plain");
            assertEquals(403, refused.status(), refused.text());
            assertTrue(refused.body().get("error").asText().contains("RULE_AUTHOR"), refused.text());
            Answer changed = put(client, "/api/v1/rules/files/extra.drl", "package winterroom.rules\n// nothing yet\n",
                    "Authorization", bearer(author[0]), "Content-Type", "text/plain", "X-Change-Note", "placeholder");
            assertEquals(200, changed.status(), changed.text());
            var last = room.ruleChanges().versions().activations().get(room.ruleChanges().versions().activations().size() - 1);
            assertEquals("rita", last.actor());
            assertEquals("placeholder", last.note());
            // a write straight to the active rules skipped the second pair of eyes: it is kept as an emergency
            // change that awaits a retrospective approval, not a way round four-eyes
            String awaiting = changed.body().get("retrospectiveApproval").asText();
            assertTrue(awaiting.startsWith("/api/v1/rules/changes/"), changed.text());
            JsonNode kept = get(client, awaiting, "Authorization", bearer(owner[0])).body();
            assertTrue(kept.get("emergency").asBoolean(), kept.toString());
            assertTrue(kept.get("awaiting").asText().contains("retrospective approval"), kept.toString());
            JsonNode list = get(client, "/api/v1/rules/changes", "Authorization", bearer(owner[0])).body();
            assertTrue(list.get("awaitingRetrospectiveApproval").toString().contains(awaiting.substring(awaiting.lastIndexOf('/') + 1)), list.toString());
        });
    }

    @Test
    void aMalformedTokensFileStopsStartUpWithTheLine(@TempDir Path dir) throws Exception {
        Path tokens = dir.resolve("tokens.csv");
        Files.writeString(tokens, "ok,VIEWER," + Tokens.sha256("x") + "\nbad,SUPERUSER," + Tokens.sha256("y") + "\n");
        var e = assertThrows(IllegalArgumentException.class, () -> Tokens.read(tokens));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("SUPERUSER"), e.getMessage());
        Files.writeString(tokens, "short,VIEWER,abc\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Tokens.read(tokens)).getMessage().contains("SHA-256"));
        // one token given to two people is refused, naming both lines
        Files.writeString(tokens, "ann,VIEWER," + Tokens.sha256("x") + "\nbob,POLICY_OWNER," + Tokens.sha256("x") + "\n");
        e = assertThrows(IllegalArgumentException.class, () -> Tokens.read(tokens));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("line 1"), e.getMessage());
        // a file with only comments would lock everyone out, so it stops start-up instead
        Files.writeString(tokens, "# nobody yet\n\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Tokens.read(tokens)).getMessage().contains("holds no tokens"));
        // a byte-order mark from a Windows editor is not part of the first name
        Files.writeString(tokens, "\uFEFFann,VIEWER," + Tokens.sha256("x") + "\n");
        assertEquals("ann", Tokens.read(tokens).caller("x").orElseThrow().name());
        // on a later line it is refused, as is any other character that does not show, naming line and position
        for (String hidden : new String[] {"\uFEFFbob", "bo\u200Bb", "bob\u0007"}) {
            Files.writeString(tokens, "ann,VIEWER," + Tokens.sha256("x") + "\n" + hidden + ",VIEWER," + Tokens.sha256("y") + "\n");
            String message = assertThrows(IllegalArgumentException.class, () -> Tokens.read(tokens)).getMessage();
            assertTrue(message.contains("line 2") && message.contains("invisible or control character (U+"), message);
        }
        Files.writeString(tokens, "ann,VIEWER," + Tokens.sha256("x") + "\n" + "b".repeat(101) + ",VIEWER," + Tokens.sha256("y") + "\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Tokens.read(tokens)).getMessage().contains("longer than 100"));
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new WinterRoomCommand());
        cli.setErr(new PrintWriter(err));
        assertTrue(cli.execute("new-token", "x", "KING") != 0, "an unknown role is refused");
        assertEquals(2, cli.execute("new-token", "x\u200By", "VIEWER"), "new-token refuses a name the file would refuse");
        assertTrue(err.toString().contains("invisible"), err.toString());
    }

    @Test
    void withoutTokensTheServiceListensOnLoopbackOnly(@TempDir Path dir) {
        WinterRoom local = WinterRoom.start(new ServiceConfig(0, TestRules.copy(dir), 20000).withRulesPoll(java.time.Duration.ZERO));
        try {
            ServerConnector c = (ServerConnector) local.http().jettyServer().server().getConnectors()[0];
            assertEquals("127.0.0.1", c.getHost());
        } finally {
            local.stop();
        }
    }

    @Test
    void withTokensTheServiceListensOnEveryInterface(@TempDir Path dir) throws Exception {
        Path tokens = dir.resolve("tokens.csv");
        Files.writeString(tokens, newToken("vera", "VIEWER")[1] + "\n");
        WinterRoom open = WinterRoom.start(new ServiceConfig(0, TestRules.copy(dir), 20000).withTokens(tokens).withRulesPoll(java.time.Duration.ZERO));
        try {
            ServerConnector c = (ServerConnector) open.http().jettyServer().server().getConnectors()[0];
            assertNull(c.getHost());
        } finally {
            open.stop();
        }
    }
}
