package winterroom.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Engine time against situation size (BENCHMARKS.md): one situation of N acute trusts, five measures each, sent
 * alone through {@code POST /api/v1/evaluations/batch} to a running service on this machine, and the answer's
 * {@code evaluationMillis} read back. Every round sends each size once, in the order given, so a burst of load from
 * elsewhere on the machine falls on all sizes alike; the table gives each size's median over the rounds, its ratio
 * to the first size's median, and facts per millisecond (a flat column is a linear engine).
 *
 * <pre>java -cp ... winterroom.bench.SizeCurve http://127.0.0.1:8099 [rounds] [sizes...]
 * java -cp ... winterroom.bench.SizeCurve --single http://127.0.0.1:8099 [sizes...]</pre>
 *
 * With {@code --single} each situation goes once instead through {@code POST /api/v1/evaluations} (with its audit,
 * as recorded), and the table gives the status, the whole request's time and the answer's size.
 */
public final class SizeCurve {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Per trust: one measure of each, so a situation holds 1 (the day) + N organisations + 5N measures. */
    static final int MEASURES_PER_TRUST = 5;

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        boolean single = rest.remove("--single");
        String base = rest.isEmpty() ? "http://127.0.0.1:8099" : rest.remove(0);
        URI batch = URI.create(base + "/api/v1/evaluations/batch");
        URI one = URI.create(base + "/api/v1/evaluations");
        if (!"127.0.0.1".equals(batch.getHost()) && !"localhost".equals(batch.getHost())) {
            throw new IllegalArgumentException("situations are only ever sent to this machine (127.0.0.1 or localhost)");
        }
        int rounds = single || rest.isEmpty() ? 7 : Integer.parseInt(rest.remove(0));
        int[] sizes = rest.isEmpty() ? new int[]{50, 200, 400, 500} : rest.stream().mapToInt(Integer::parseInt).toArray();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

        if (single) {
            System.out.printf("%14s %8s %8s %12s %12s%n", "organisations", "facts", "status", "request ms", "answer bytes");
            for (int n : sizes) {
                long started = System.nanoTime();
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(one).timeout(Duration.ofMinutes(5))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(situation(n).toString())).build(),
                        HttpResponse.BodyHandlers.ofString());
                long ms = (System.nanoTime() - started) / 1_000_000;
                System.out.printf("%14d %8d %8d %12d %12d%n", n, facts(n), r.statusCode(), ms, r.body().length());
                if (r.statusCode() != 201) System.out.println("  " + r.body().substring(0, Math.min(400, r.body().length())));
            }
            System.exit(0);
        }

        // warm the service's JIT before measuring: the small sizes often, then every size a few times
        for (int i = 0; i < 10; i++) evaluationMillis(client, batch, 50);
        for (int i = 0; i < 3; i++) for (int n : sizes) evaluationMillis(client, batch, n);
        Map<Integer, List<Long>> millis = new LinkedHashMap<>();
        for (int n : sizes) millis.put(n, new ArrayList<>());
        for (int round = 1; round <= rounds; round++) {
            StringBuilder line = new StringBuilder("round " + round + ":");
            for (int n : sizes) {
                long ms = evaluationMillis(client, batch, n);
                millis.get(n).add(ms);
                line.append(' ').append(n).append('=').append(ms);
            }
            System.out.println(line);
        }
        double first = median(millis.get(sizes[0]));
        System.out.printf("%n%14s %8s %10s %10s %10s %10s%n", "organisations", "facts", "median ms", "min ms", "ratio", "facts/ms");
        for (int n : sizes) {
            double m = median(millis.get(n));
            long min = millis.get(n).stream().mapToLong(Long::longValue).min().orElse(0);
            System.out.printf("%14d %8d %10.0f %10d %10.1f %10.1f%n", n, facts(n), m, min, m / first, facts(n) / m);
        }
        System.exit(0);
    }

    static int facts(int trusts) { return 1 + trusts + MEASURES_PER_TRUST * trusts; }

    /** The engine time of one situation of {@code trusts} trusts sent alone as a batch. */
    static long evaluationMillis(HttpClient client, URI batch, int trusts) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(batch).timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(situation(trusts) + "\n")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode answer = JSON.readTree(r.body());
        if (r.statusCode() != 200 || answer.path("evaluated").asInt() != 1) {
            throw new IllegalStateException(trusts + " organisations: status " + r.statusCode() + ": "
                    + r.body().substring(0, Math.min(400, r.body().length())));
        }
        return answer.get("evaluationMillis").asLong();
    }

    /**
     * A region of {@code trusts} acute trusts (T0001, T0002, ...) on a winter Monday morning, each with the four-hour
     * performance, bed occupancy, ambulance arrivals and the two cumulative handover bands. The figures cycle through
     * calm, pressed and severe trusts so every OPEL level, some exception triggers and a plan of many items occur.
     */
    static ObjectNode situation(int trusts) {
        ObjectNode s = JSON.createObjectNode();
        s.put("system", "Size curve region");
        s.put("asOf", "2019-01-14T09:00:00Z");
        ArrayNode orgs = s.putArray("organisations");
        ArrayNode measures = s.putArray("measures");
        for (int i = 1; i <= trusts; i++) {
            String code = String.format("T%04d", i);
            orgs.addObject().put("code", code).put("type", "ACUTE").put("name", "Trust " + i);
            int k = i % 7;   // 0-6: calm to severe
            double arrivals = 80 + 10 * k;
            double over60 = k >= 4 ? 2 * (k - 3) : 0;
            double over30 = over60 + 3 * k;
            measure(measures, code, "ae_4h_pct", 96 - 3.5 * k);
            measure(measures, code, "ga_bed_occupancy_pct", 86 + 2.5 * k);
            measure(measures, code, "ambulance_arrivals", arrivals);
            measure(measures, code, "ambulance_handover_over_30_min", over30);
            measure(measures, code, "ambulance_handover_over_60_min", over60);
        }
        s.putArray("events");
        s.putArray("actions");
        return s;
    }

    private static void measure(ArrayNode measures, String org, String metric, double value) {
        measures.addObject().put("org", org).put("metric", metric).put("value", value);
    }

    private static double median(List<Long> values) {
        long[] v = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2.0;
    }
}
