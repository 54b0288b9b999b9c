package winterroom.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the service counts, for Prometheus at /metrics: evaluations by outcome with a latency
 * histogram, the active ruleset version, rule reload failures and audit store errors.
 */
public final class ServiceMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();
    private final AtomicReference<String> activeVersion = new AtomicReference<>("none");
    private final Counter reloadFailures;
    private final Counter storeErrors;

    public ServiceMetrics() {
        reloadFailures = Counter.builder("winterroom_rules_reload_failures").description("rule folder edits that did not compile or broke expectations").register(registry);
        storeErrors = Counter.builder("winterroom_audit_store_errors").description("writes or reads the audit store could not complete").register(registry);
    }

    /** outcome: ok, invalid, runaway, error. */
    public void evaluation(String kind, String outcome, Duration took) {
        timers.computeIfAbsent(kind + "/" + outcome, k -> Timer.builder("winterroom_evaluations")
                .description("evaluations by kind and outcome, with their latency")
                .tag("kind", kind).tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry)).record(took);
    }

    /** The active version is a gauge of 1 tagged with the version, so a dashboard shows which one serves. */
    public void rulesetActive(String version) {
        String previous = activeVersion.getAndSet(version);
        if (previous.equals(version)) return;
        registry.find("winterroom_ruleset_active").gauges().forEach(registry::remove);
        Gauge.builder("winterroom_ruleset_active", () -> 1).description("the ruleset version in use").tag("version", version).register(registry);
    }

    public void reloadFailed() { reloadFailures.increment(); }

    public void storeError() { storeErrors.increment(); }

    public String scrape() { return registry.scrape(); }
}
