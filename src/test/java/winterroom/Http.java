package winterroom;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.Response;

import java.net.http.HttpRequest.BodyPublishers;
import java.util.List;

/** Small HTTP helpers over javalin-testtools for the API tests: raw bodies in, JSON out. */
public final class Http {
    public record Answer(int status, JsonNode body, String text, Response response) {
        public String header(String name) {
            List<String> values = response.headers().get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    private Http() {}

    public static Answer post(HttpClient client, String path, String body, String... headers) {
        return send(client, path, "POST", body, headers);
    }

    public static Answer put(HttpClient client, String path, String body, String... headers) {
        return send(client, path, "PUT", body, headers);
    }

    public static Answer delete(HttpClient client, String path, String... headers) {
        return send(client, path, "DELETE", "", headers);
    }

    public static Answer get(HttpClient client, String path, String... headers) {
        return send(client, path, "GET", null, headers);
    }

    /** headers are name, value pairs. */
    public static Answer send(HttpClient client, String path, String method, String body, String... headers) {
        Response r = client.request(path, b -> {
            boolean typed = false;
            for (int i = 0; i + 1 < headers.length; i += 2) {
                b.header(headers[i], headers[i + 1]);
                typed |= headers[i].equalsIgnoreCase("Content-Type");
            }
            if (!typed) b.header("Content-Type", "application/json");
            switch (method) {
                case "POST" -> b.post(BodyPublishers.ofString(body));
                case "PUT" -> b.put(BodyPublishers.ofString(body));
                case "DELETE" -> b.delete(BodyPublishers.ofString(body));
                case "PATCH" -> b.patch(BodyPublishers.ofString(body));
                default -> b.get();
            }
        });
        String text = r.body().string();
        JsonNode json = null;
        try {
            if (!text.isBlank()) json = Json.mapper().readTree(text);
        } catch (Exception notJson) {
            // leave json null: the caller can look at the text
        }
        return new Answer(r.code(), json, text, r);
    }
}
