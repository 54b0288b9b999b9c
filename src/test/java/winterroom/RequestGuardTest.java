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
}
