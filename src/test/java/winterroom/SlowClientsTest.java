package winterroom;

import io.javalin.testtools.JavalinTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static winterroom.Http.get;
import static winterroom.Http.post;

/**
 * Clients that start bodies and stall: one client address holds at most a few request threads however
 * many connections it opens, a body that stops arriving is cut off with a JSON 408, and everyone else
 * is answered meanwhile.
 */
class SlowClientsTest {
    static final String SITUATION = """
            {"asOf": "2019-01-16T07:30:00Z", "organisations": [{"code": "LTHT", "type": "ACUTE", "reportedOpel": 2}]}""";

    /** A connection from 127.0.0.2 that promises a 2,000-byte situation and sends its first byte. */
    static Socket trickle(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port, InetAddress.getByName("127.0.0.2"), 0);
        s.setSoTimeout(60_000);
        OutputStream out = s.getOutputStream();
        out.write(("POST /api/v1/evaluations HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 2000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return s;
    }

    static int busyThreads(io.javalin.testtools.HttpClient client) {
        String metrics = get(client, "/metrics").text();
        Matcher m = Pattern.compile("(?m)^jetty_threads_busy(?:\\{[^}]*\\})? ([0-9.]+)").matcher(metrics);
        assertTrue(m.find(), "the busy-thread gauge is published: " + metrics.lines().filter(l -> l.startsWith("jetty_threads")).toList());
        return (int) Double.parseDouble(m.group(1));
    }

    @Test
    void aClientTricklingBodiesHoldsFewThreadsAndIsCutOff() throws Exception {
        WinterRoom room = WinterRoom.create(new ServiceConfig(0, TestRules.copy(java.nio.file.Files.createTempDirectory("slow")), 20000));
        JavalinTest.test(room.newWebApp(), (server, client) -> {
            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < 60; i++) slow.add(trickle(server.port()));
                Thread.sleep(1000);
                int busy = busyThreads(client);
                assertTrue(busy <= 32 + 4, "60 slow connections from one address hold " + busy + " threads");
                // everyone else is answered while they wait
                assertEquals(200, get(client, "/health").status());
                assertEquals(201, post(client, "/api/v1/evaluations", SITUATION).status());

                // a body that stops arriving is cut off at the idle timeout rather than waited for
                InputStream in = slow.get(0).getInputStream();
                String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(answer.startsWith("HTTP/1.1 408"), "a trickled body gets a 408: " + answer);
                assertTrue(answer.toLowerCase(java.util.Locale.ROOT).contains("content-type: application/json"), "the 408 is JSON: " + answer);
                assertTrue(answer.contains("stopped arriving"), "the 408 says why: " + answer);
            } finally {
                for (Socket s : slow) s.close();
            }
        });
    }
}
