package winterroom;

import io.javalin.Javalin;
import winterroom.audit.StorageConfig;
import winterroom.auth.Role;
import winterroom.auth.Tokens;
import winterroom.policy.Ruleset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A throwaway copy of the service for the start-up warm-up ({@link winterroom.service.Warmup}): the ruleset already
 * compiled, its own audit trail in a temporary embedded store (never the service's own, even when that is
 * PostgreSQL), and its own HTTP server on a loopback port that answers only its own token. A rehearsal is a whole request, as a caller's would be:
 * Jetty, Javalin, the checks, the engine, and the record written, chained and forced to disk. The copy and its files
 * are deleted afterwards.
 */
final class Rehearsal implements AutoCloseable {
    private final Path folder;
    private final WinterRoom room;
    private final Javalin http;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI evaluations;
    private final String authorization;

    private Rehearsal(Path folder, WinterRoom room, Javalin http, String authorization) {
        this.folder = folder;
        this.room = room;
        this.http = http;
        this.authorization = authorization;
        this.evaluations = URI.create("http://127.0.0.1:" + http.port() + "/api/v1/evaluations");
    }

    static Rehearsal start(ServiceConfig service, Ruleset compiled) {
        Path folder;
        try {
            folder = Files.createTempDirectory("winter-room-rehearsal-");
        } catch (IOException e) {
            throw new UncheckedIOException("no temporary folder for the warm-up", e);
        }
        WinterRoom room = null;
        try {
            // The copy listens on loopback, and only for a token of its own that may evaluate and nothing else: without
            // one, every local caller would be its rule author for the minute it runs, and rule changes are written to
            // the rules folder it shares with the service.
            String token = Tokens.newToken();
            Path tokens = Files.writeString(folder.resolve("rehearsal.tokens"), Tokens.line("warm-up", Role.ASSESSOR, token) + "\n");
            ServiceConfig copy = new ServiceConfig(0, service.rulesDir(), service.maxFirings(), service.evaluationTimeout(),
                    service.scenariosDir(), folder, tokens, Duration.ZERO, StorageConfig.embedded(folder), service.batchMaxBytes(),
                    null, service.candidateLimits());
            room = WinterRoom.copy(copy, compiled);
            Javalin http = room.newWebApp().start("127.0.0.1", 0);
            return new Rehearsal(folder, room, http, "Bearer " + token);
        } catch (IOException e) {
            delete(folder);
            throw new UncheckedIOException("the warm-up's copy could not be set up", e);
        } catch (RuntimeException e) {
            if (room != null) room.stop();
            delete(folder);
            throw e;
        }
    }

    /** Posts one situation; a refusal of the situation (4xx) still warmed the path, but a 5xx is an error of the rehearsal. */
    void post(String body) {
        HttpRequest request = HttpRequest.newBuilder(evaluations).header("Content-Type", "application/json").header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status >= 500) throw new IllegalStateException("the rehearsal answered " + status);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** How many records the copy's audit trail holds (for tests: the rehearsals were kept there, not in the service's). */
    long recordsKept() { return room.audit().verify().records(); }

    Path folder() { return folder; }

    /** The copy's loopback address (for tests). */
    URI base() { return URI.create("http://127.0.0.1:" + http.port()); }

    /** The header the copy's own token goes in (for tests). */
    String authorization() { return authorization; }

    @Override
    public void close() {
        http.stop();
        room.stop();
        delete(folder);
    }

    private static void delete(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary folder left behind is the system's to clear
        }
    }
}
