package winterroom.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import winterroom.Json;
import winterroom.ServiceConfig;
import winterroom.engine.Evaluator;
import winterroom.metrics.ServiceMetrics;
import winterroom.policy.ActiveRuleset;
import winterroom.service.BatchItem;
import winterroom.service.EvaluationService;
import winterroom.sitrep.SitrepFile;
import winterroom.audit.Database;
import winterroom.audit.JdbcAuditLog;
import winterroom.audit.StorageConfig;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * Evaluates every trust-day of NHS England's winter sitrep file against the rules and prints one
 * CSV row per trust-day (org,date,triggers,breaches,recommendations; codes separated by spaces),
 * with a one-line summary on stderr.
 */
@Command(name = "import-sitrep", mixinStandardHelpOptions = true,
        description = "Evaluate each trust and day of an NHS England winter sitrep file (ambulance section); CSV on stdout, summary on stderr.")
public final class ImportSitrepCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "the sitrep CSV (provider,region,code,date,measure,value)")
    Path file;

    @Option(names = "--rules", description = "rules folder (env RULES_DIR, default ./rules)")
    Path rules;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isReadable(file)) {
            err.println("import-sitrep: cannot read " + file);
            err.flush();
            return 2;
        }
        SitrepFile.Contents contents = SitrepFile.read(file);
        ServiceConfig config = ServiceConfig.fromEnvironment().withRules(rules);
        EvaluationService service = new EvaluationService(ActiveRuleset.load(config.rulesDir()),
                new Evaluator(Json.mapper(), config.maxFirings(), config.evaluationTimeout()), new JdbcAuditLog(Database.open(StorageConfig.inMemory())), new ServiceMetrics());   // batches are not recorded
        List<JsonNode> situations = contents.trustDays().stream().map(d -> (JsonNode) d.situation()).toList();

        long started = System.nanoTime();
        List<BatchItem> items = service.evaluateBatch(situations, false);
        long millis = (System.nanoTime() - started) / 1_000_000;

        out.println("org,date,triggers,breaches,recommendations");
        Map<String, Integer> triggerDays = new TreeMap<>();
        int invalid = 0;
        for (BatchItem item : items) {
            SitrepFile.TrustDay day = contents.trustDays().get(item.index());
            if (!item.ok()) {
                invalid++;
                err.println("import-sitrep: " + day.code() + " " + day.date() + " not evaluated: " + item.error() + " " + item.details());
                continue;
            }
            var r = item.result();
            r.triggerCodes().forEach(t -> triggerDays.merge(t, 1, Integer::sum));
            out.println(day.code() + "," + day.date() + "," + String.join(" ", r.triggerCodes()) + ","
                    + String.join(" ", r.breachCodes()) + "," + String.join(" ", r.recommendationCodes()));
        }
        out.flush();
        long trusts = contents.trustDays().stream().map(SitrepFile.TrustDay::code).distinct().count();
        String first = contents.trustDays().stream().map(d -> d.date().toString()).min(String::compareTo).orElse("-");
        String last = contents.trustDays().stream().map(d -> d.date().toString()).max(String::compareTo).orElse("-");
        StringBuilder triggers = new StringBuilder();
        triggerDays.forEach((code, n) -> triggers.append(triggers.length() == 0 ? "" : ", ").append(code).append(" on ").append(n));
        err.println("import-sitrep: " + (items.size() - invalid) + " trust-days evaluated (" + trusts + " trusts, " + first + " to " + last
                + ") in " + millis + " ms; triggers: " + (triggers.length() == 0 ? "none" : triggers) + " trust-days; "
                + contents.aggregateRowsSkipped() + " aggregate rows skipped; " + invalid + " invalid; "
                + contents.problems().size() + " unreadable rows");
        contents.problems().stream().limit(10).forEach(p -> err.println("import-sitrep: " + p));
        err.flush();
        return invalid == 0 && contents.problems().isEmpty() ? 0 : 1;
    }
}
