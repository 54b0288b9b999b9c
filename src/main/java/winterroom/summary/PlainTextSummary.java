package winterroom.summary;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import winterroom.engine.EvaluationResult;
import winterroom.engine.PlanItem;
import winterroom.policy.OrganisationProfile;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An evaluation as plain text to paste into the on-call log or an email: the day, the levels, whether a return
 * is owed and by whom, and the plan in order. Drawn from one template, templates/evaluation-summary.txt.mustache;
 * dates read dd/mm/yyyy in England's time.
 */
public final class PlainTextSummary {
    private static final ZoneId ENGLAND = ZoneId.of("Europe/London");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE dd/MM/yyyy", Locale.UK);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.UK);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm", Locale.UK);
    private static final Mustache TEMPLATE = new DefaultMustacheFactory("templates") {
        // Plain text: nothing to escape.
        @Override public void encode(String value, Writer writer) {
            try {
                writer.write(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }.compile("evaluation-summary.txt.mustache");

    private PlainTextSummary() {}

    /** organisations: the catalogue that names the levels' organisations (codes it lacks are shown as they are). */
    public static String of(EvaluationResult r, Map<String, OrganisationProfile> organisations) {
        StringWriter out = new StringWriter();
        TEMPLATE.execute(out, model(r, organisations));
        return out.toString();
    }

    private static Map<String, Object> model(EvaluationResult r, Map<String, OrganisationProfile> organisations) {
        Map<String, Object> m = new LinkedHashMap<>();
        var c = r.calendar();
        m.put("system", r.system());
        m.put("day", DAY.format(c.localDate()));
        m.put("time", r.asOf() == null ? "" : TIME.format(r.asOf().atZone(ENGLAND)));
        m.put("dayKind", c.bankHoliday() ? "bank holiday" : c.weekend() ? "weekend" : "weekday");
        m.put("levels", levels(r, organisations));

        var x = r.exceptionReport();
        List<PlanItem> plan = r.actionPlan() == null ? List.of() : r.actionPlan();
        PlanItem ret = plan.stream().filter(i -> i.action().equals("EXCEPTION_RETURN")).findFirst().orElse(null);
        m.put("returnOwed", x.required());
        m.put("triggerCodes", String.join(", ", r.triggerCodes()));
        m.put("submitter", ret != null && ret.owner() != null ? ret.owner() : x.submitter());
        m.put("acuteInput", ret != null && ret.acuteInput() != null ? ret.acuteInput() : x.acuteLead());
        m.put("returnBy", ret == null ? null : dateTime(ret.decideBy()));
        m.put("notOwedBecause", !c.reportingWindow() ? "outside the reporting window: October to March and bank holidays"
                : "no trigger holds");
        m.put("triggers", x.triggers().stream().map(t -> t.code() + (t.org() == null ? "" : " at " + t.org()) + ": " + t.detail()).toList());

        List<String> breaches = r.principleBreaches().stream()
                .map(b -> b.code() + (b.org() == null ? "" : " at " + b.org()) + ": " + (b.detail() == null ? b.title() : b.detail())).toList();
        m.put("hasBreaches", !breaches.isEmpty());
        m.put("breaches", breaches);

        List<Map<String, Object>> steps = new ArrayList<>();
        for (PlanItem i : plan) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("number", steps.size() + 1);
            s.put("title", i.title());
            s.put("owner", i.owner() == null ? "not named" : i.owner());
            s.put("forWhom", i.forWhom());
            s.put("acuteInput", i.acuteInput());
            s.put("decideBy", dateTime(i.decideBy()));
            s.put("reason", i.reason());
            s.put("discussWith", i.discussWith() == null || i.discussWith().isEmpty() ? null : String.join("; ", i.discussWith()));
            s.put("riskAccepted", i.riskAccepted());
            s.put("providerImpact", i.impact() == null ? null : i.impact().provider());
            s.put("recipientImpact", i.impact() == null ? null : i.impact().recipient());
            steps.add(s);
        }
        m.put("hasPlan", !steps.isEmpty());
        m.put("plan", steps);
        m.put("id", r.id());
        m.put("rulesetVersion", r.rulesetVersion());
        m.put("evaluatedAt", dateTime(r.evaluatedAt()));
        return m;
    }

    /** "system OPEL 3; Leeds Teaching Hospitals NHS Trust OPEL 3; NHS Leeds CCG no level". */
    private static String levels(EvaluationResult r, Map<String, OrganisationProfile> organisations) {
        List<String> parts = new ArrayList<>();
        parts.add("system " + level(r.opel().system()));
        for (var o : r.opel().organisations()) {
            OrganisationProfile p = organisations.get(o.org());
            String name = p == null ? o.org() : p.name() + " (" + o.org() + ")";
            String reported = o.reported() != null && !o.reported().equals(o.level()) ? ", reported OPEL " + o.reported() : "";
            parts.add(name + " " + level(o.level()) + reported);
        }
        return String.join("; ", parts);
    }

    private static String level(Integer level) { return level == null ? "no level" : "OPEL " + level; }

    private static String dateTime(Instant t) { return t == null ? null : DATE_TIME.format(t.atZone(ENGLAND)); }
}
