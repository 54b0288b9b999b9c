package winterroom;

import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.Test;
import winterroom.Http.Answer;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static winterroom.Http.get;
import static winterroom.Http.post;

/** Cross-site and rebinding requests are refused with JSON errors; every answer carries the security headers. */
class RequestGuardTest {
    static final WinterRoom ROOM = WinterRoom.create(new ServiceConfig(0, Path.of("rules"), 20000));

    /** A GET with a Host header of our choosing (the HTTP client will not send one). */
    static String rawGet(int port, String path, String host) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void otherOriginsFormTypesAndForeignHostNamesAreRefused() throws Exception {
        String situation = Files.readString(Path.of("scenarios/example-saturday-handover-delays.json"));
        JavalinTest.test(ROOM.newWebApp(), (server, client) -> {
            String self = "http://localhost:" + server.port();
            // what a page on another origin can send without a preflight: a text/plain or form POST
            for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"}) {
                Answer a = post(client, "/api/v1/rules/preview", "{\"files\": {}}", "Content-Type", type);
                assertEquals(415, a.status(), type + ": " + a.text());
                assertTrue(a.body().get("error").asText().contains("application/json"), a.text());
            }
            // nor any other type no POST route reads (a preflighted one included), while the types they do read pass
            for (String type : new String[] {"application/xml", "text/xml", "application/octet-stream"}) {
                Answer a = post(client, "/api/v1/evaluations", situation, "Content-Type", type);
                assertEquals(415, a.status(), type + ": " + a.text());
            }
            assertEquals(201, post(client, "/api/v1/evaluations", situation, "Content-Type", "application/json; charset=utf-8").status());
            // a known path with a method it does not take: 405 in JSON, naming the method
            Answer patch = Http.send(client, "/api/v1/evaluations", "PATCH", situation, "Content-Type", "application/json");
            assertEquals(405, patch.status(), patch.text());
            assertTrue(patch.body().get("error").asText().contains("PATCH"), patch.text());
            assertEquals(404, get(client, "/api/v1/no-such-thing").status());
            Answer foreign = post(client, "/api/v1/evaluations", situation, "Origin", "http://evil.example");
            assertEquals(403, foreign.status(), foreign.text());
            assertTrue(foreign.body().get("error").asText().contains("cross-site"), foreign.text());
            assertEquals(403, post(client, "/api/v1/rules/reload", "", "Origin", "null").status());
            // the service's own pages send their own origin
            Answer own = post(client, "/api/v1/evaluations", situation, "Origin", self);
            assertEquals(201, own.status(), own.text());
            // a rebinding name pointing at loopback is not answered in local use
            String rebound = rawGet(server.port(), "/api/v1/rules/versions", "evil.example:" + server.port());
            assertTrue(rebound.startsWith("HTTP/1.1 403"), rebound);
            assertTrue(rebound.contains("loopback") && rebound.contains("application/json"), rebound);
            assertTrue(rawGet(server.port(), "/health", "127.0.0.1:" + server.port()).startsWith("HTTP/1.1 200"));

            Answer page = get(client, "/index.html");
            assertEquals("nosniff", page.header("X-Content-Type-Options"));
            assertEquals("no-referrer", page.header("Referrer-Policy"));
            assertTrue(page.header("Content-Security-Policy").contains("frame-ancestors 'none'"), page.header("Content-Security-Policy"));
            assertEquals("nosniff", get(client, "/health").header("X-Content-Type-Options"));
        });
    }

    /** A raw POST with headers of our choosing (the HTTP client will not send Host). */
    static String rawPost(int port, String path, String... headers) throws Exception {
        StringBuilder req = new StringBuilder("POST " + path + " HTTP/1.1\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 0\r\n");
        for (int i = 0; i < headers.length; i += 2) req.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(req.append("\r\n").toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** Behind the shipped TLS proxy the Host has no port and the scheme is in X-Forwarded-Proto: the pages' own origin is accepted. */
    @Test
    void behindATlsProxyThePagesOwnOriginIsAccepted(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path tokens = dir.resolve("tokens.csv");
        Files.writeString(tokens, "olu,RULE_AUTHOR," + winterroom.auth.Tokens.sha256("proxy-test-token") + "\n");
        WinterRoom room = WinterRoom.create(new ServiceConfig(0, Path.of("rules"), 20000, java.time.Duration.ofSeconds(10),
                Path.of("scenarios"), null, tokens, java.time.Duration.ZERO));
        JavalinTest.test(room.newWebApp(), (server, client) -> {
            String[] proxied = {"Host", "winter-room.example.nhs.uk", "X-Forwarded-Proto", "https", "Authorization", "Bearer proxy-test-token"};
            String own = rawPost(server.port(), "/api/v1/rules/reload", concat(proxied, "Origin", "https://winter-room.example.nhs.uk"));
            assertTrue(own.startsWith("HTTP/1.1 200"), own);
            String foreign = rawPost(server.port(), "/api/v1/rules/reload", concat(proxied, "Origin", "https://evil.example"));
            assertTrue(foreign.startsWith("HTTP/1.1 403") && foreign.contains("cross-site"), foreign);
            String plain = rawPost(server.port(), "/api/v1/rules/reload", concat(proxied, "Origin", "http://winter-room.example.nhs.uk"));
            assertTrue(plain.startsWith("HTTP/1.1 403"), "the http origin is not the https service: " + plain);
        });
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
