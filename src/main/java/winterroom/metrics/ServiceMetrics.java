package winterroom.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jetty.JettyConnectionMetrics;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.eclipse.jetty.server.Server;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the service counts, for Prometheus at /metrics: evaluations by outcome with a latency
 * histogram, HTTP requests by route with a latency histogram, the active ruleset
 * (winterroom_ruleset_info), rule reload failures and audit store errors; and, through Micrometer's
 * own binders, the JVM (memory, GC, threads, class loading), the process (CPU, uptime, file
 * descriptors), Jetty (thread pool, connections) and the audit database's HikariCP pool.
 */
public final class ServiceMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> routes = new ConcurrentHashMap<>();
    private final AtomicReference<String> activeVersion = new AtomicReference<>("none");
    private final Counter reloadFailures;
    private final Counter storeErrors;

    public ServiceMetrics() {
        reloadFailures = Counter.builder("winterroom_rules_reload_failures").description("rule folder edits that did not compile or broke expectations").register(registry);
        storeErrors = Counter.builder("winterroom_audit_store_errors").description("writes or reads the audit store could not complete").register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /** The registry, for the binders of parts made elsewhere (the database pool). */
    public MeterRegistry registry() { return registry; }

    /** Jetty's thread pool and connections, once the server exists. */
    public void bindJetty(Server server) {
        new JettyServerThreadPoolMetrics(server.getThreadPool(), Tags.empty()).bindTo(registry);
        JettyConnectionMetrics.addToAllConnectors(server, registry);
    }

    /** outcome: ok, invalid, runaway, error. */
    public void evaluation(String kind, String outcome, Duration took) {
        timers.computeIfAbsent(kind + "/" + outcome, k -> Timer.builder("winterroom_evaluations")
                .description("evaluations by kind and outcome, with their latency")
                .tag("kind", kind).tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry)).record(took);
    }

    /**
     * One HTTP request, by method, route template (never the raw path, so ids do not make new
     * series) and status class.
     */
    public void request(String method, String route, int status, Duration took) {
        String statusClass = (status / 100) + "xx";
        routes.computeIfAbsent(method + " " + route + " " + statusClass, k -> Timer.builder("winterroom_http_requests")
                .description("HTTP requests by method, route and status class, with their latency")
                .tag("method", method).tag("route", route).tag("status", statusClass)
                .publishPercentileHistogram()
                .register(registry)).record(took);
    }

    /**
     * The active ruleset as an info metric (Prometheus naming: a gauge of 1 named *_info whose
     * label carries the version), so a dashboard shows which version serves.
     */
    public void rulesetActive(String version) {
        String previous = activeVersion.getAndSet(version);
        if (previous.equals(version)) return;
        registry.find("winterroom.ruleset.info").gauges().forEach(registry::remove);
        Gauge.builder("winterroom.ruleset.info", () -> 1).description("the ruleset version in use (always 1)")
                .tag("version", version).register(registry);
    }

    public void reloadFailed() { reloadFailures.increment(); }

    public void storeError() { storeErrors.increment(); }

    public String scrape() { return registry.scrape(); }
}
