package winterroom.exercise;

import winterroom.engine.EvaluationResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The debrief report of an exercise as one self-contained HTML page: inline CSS and SVG, no scripts
 * or fonts from elsewhere, so it opens offline and prints cleanly. A timeline chart of OPEL per
 * organisation and for the system, with markers for exception triggers, sitrep calls and injects;
 * then each step's narrative, recommendations (new, continuing, stood down) and breaches; and the
 * summary figures.
 */
public final class ExerciseReport {
    private ExerciseReport() {}

    /** The debrief as JSON: the summary and, per step, the levels, triggers, breaches and recommendation changes. */
    public static Map<String, Object> json(ReplayResult r) { return json(Debrief.of(r)); }

    /** The debrief as JSON, with the room: attendance, the decision log, recommendations against decisions, lessons. */
    public static Map<String, Object> json(Debrief d) {
        ReplayResult r = d.timeline();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", r.id());
        out.put("name", r.name());
        out.put("description", r.description());
        out.put("rulesetVersion", r.rulesetVersion());
        out.put("finished", r.finished());
        out.put("summary", r.summary());
        List<Map<String, Object>> steps = new ArrayList<>();
        for (ReplayStep s : r.steps()) {
            EvaluationResult res = s.result();
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("index", s.index());
            step.put("asOf", s.asOf());
            step.put("localDate", res.calendar().localDate());
            step.put("label", s.label());
            step.put("narrative", s.narrative());
            step.put("inject", s.inject());
            Map<String, Integer> levels = new LinkedHashMap<>();
            levels.put("system", res.opel().system());
            res.opel().organisations().forEach(o -> levels.put(o.org(), o.level()));
            step.put("opel", levels);
            step.put("exceptionReturn", res.exceptionReport().required());
            step.put("triggers", res.exceptionReport().triggers());
            step.put("sitrepCall", res.recommendationCodes().contains("SITREP_CALL"));
            step.put("principleBreaches", res.principleBreaches());
            step.put("recommendations", s.changes());
            if (s.expectationsBroken() != null) step.put("expectationsBroken", s.expectationsBroken());
            steps.add(step);
        }
        out.put("steps", steps);
        if (d.state() != null) {
            out.put("state", d.state());
            out.put("facilitator", d.facilitator());
            out.put("createdAt", d.createdAt());
            out.put("endedAt", d.endedAt());
        }
        out.put("attendance", d.attendance());
        out.put("decisions", r.decisions() == null ? List.of() : r.decisions());
        out.put("recommendationsAgainstDecisions", RecommendationOutcomes.of(r));
        out.put("lessons", d.lessons());
        return out;
    }

    public static String html(ReplayResult r) { return html(Debrief.of(r)); }

    /**
     * The debrief as a PDF: the very page {@link #html} writes (well-formed XHTML with the same inline SVG chart),
     * laid out for A4 by openhtmltopdf.
     */
    public static byte[] pdf(Debrief d) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(64 * 1024);
        try {
            com.openhtmltopdf.pdfboxout.PdfRendererBuilder b = new com.openhtmltopdf.pdfboxout.PdfRendererBuilder();
            b.useFastMode();
            b.useSVGDrawer(new com.openhtmltopdf.svgsupport.BatikSVGDrawer());
            b.withHtmlContent(html(d), null);
            b.toStream(out);
            b.run();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("the PDF report could not be written", e);
        }
        return out.toByteArray();
    }

    public static String html(Debrief d) {
        ReplayResult r = d.timeline();
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\"/>")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>")
                .append("<title>").append(esc(r.name())).append(" - exercise report</title><style>").append(CSS).append("</style></head><body>\n");
        h.append("<header><h1>").append(esc(r.name())).append("</h1>");
        if (r.description() != null) h.append("<p class=\"lead\">").append(esc(r.description())).append("</p>");
        h.append("<p class=\"meta\">").append(r.steps().size()).append(" step(s)");
        if (!r.steps().isEmpty()) {
            h.append(" from ").append(r.steps().get(0).result().calendar().localDate()).append(" to ")
                    .append(r.steps().get(r.steps().size() - 1).result().calendar().localDate());
        }
        h.append(" &#183; ruleset ").append(esc(r.rulesetVersion()));
        if (!r.finished()) h.append(" &#183; <strong>in progress</strong> (").append(r.scriptedSteps()).append(" scripted steps in the file)");
        h.append("</p></header>\n");

        summary(h, r.summary());
        h.append("<section><h2>OPEL timeline</h2><figure>").append(TimelineChart.svg(r)).append("<figcaption>").append(TimelineChart.legend(r))
                .append("</figcaption></figure></section>\n");
        attendance(h, d);
        outcomes(h, r);
        decisions(h, r);
        lessons(h, d);
        h.append("<section><h2>Step by step</h2>\n");
        for (ReplayStep s : r.steps()) step(h, s, r.steps());
        h.append("</section>\n<footer>OPEL thresholds and Decision Management Tool contents are illustrative defaults owned by policy; ")
                .append("every conclusion above names the rule that produced it in the JSON report (GET .../report).</footer>\n</body></html>\n");
        return h.toString();
    }

    private static void summary(StringBuilder h, ReplayResult.Summary s) {
        h.append("<section class=\"summary\"><h2>Summary</h2><table><tbody>");
        h.append("<tr><th>Days at system OPEL 1 / 2 / 3 / 4</th><td>").append(s.daysAtOpel().get("1")).append(" / ")
                .append(s.daysAtOpel().get("2")).append(" / ").append(s.daysAtOpel().get("3")).append(" / ")
                .append(s.daysAtOpel().get("4")).append("</td></tr>");
        row(h, "Exception returns owed (steps)", s.exceptionReturns());
        row(h, "Days with a system sitrep call", s.sitrepCalls());
        row(h, "Principle breaches (all steps)", s.principleBreaches());
        row(h, "Ad-hoc injects", s.injects());
        StringBuilder peak = new StringBuilder();
        s.peakOpel().forEach((org, level) -> peak.append(peak.isEmpty() ? "" : ", ").append(esc(org)).append(" ").append(level));
        h.append("<tr><th>Peak OPEL</th><td>").append(peak.isEmpty() ? "-" : peak).append("</td></tr>");
        h.append("<tr><th>Services awaiting recovery at the end</th><td>");
        if (s.outstandingRecovery().isEmpty()) h.append("none");
        for (Map<String, Object> o : s.outstandingRecovery()) {
            h.append("<div>").append(esc(String.valueOf(o.get("org")))).append(": ").append(esc(String.valueOf(o.get("service"))))
                    .append(" (suspended at step ").append(o.get("sinceStep")).append(")</div>");
        }
        h.append("</td></tr>");
        if (s.expectationsBroken() > 0) row(h, "Expectations broken", s.expectationsBroken());
        h.append("</tbody></table></section>\n");
    }

    private static void attendance(StringBuilder h, Debrief d) {
        if (d.state() == null) return;
        h.append("<section class=\"attendance\"><h2>Attendance</h2><p>Facilitator: ").append(esc(d.facilitator())).append("</p>");
        if (d.attendance().isEmpty()) h.append("<p>Nobody joined with the join code.</p>");
        else {
            h.append("<table><thead><tr><th>Name</th><th>Organisation</th><th>Role</th><th>Joined</th></tr></thead><tbody>");
            for (Debrief.Attendee a : d.attendance()) {
                h.append("<tr><td>").append(esc(a.name())).append("</td><td>").append(esc(a.org() == null ? "-" : a.org())).append("</td><td>")
                        .append(esc(a.role())).append("</td><td>").append(a.joinedAt()).append("</td></tr>");
            }
            h.append("</tbody></table>");
        }
        h.append("</section>\n");
    }

    private static void outcomes(StringBuilder h, ReplayResult r) {
        List<RecommendationOutcomes.Outcome> all = RecommendationOutcomes.of(r);
        if (all.isEmpty() || r.decisions() == null || r.decisions().isEmpty() && r.id() == null) return;
        h.append("<section class=\"outcomes\"><h2>Recommendations against decisions</h2><table><thead><tr><th>Step</th><th>Organisation</th>")
                .append("<th>Recommendation</th><th>Decide by</th><th>Outcome</th><th>Decision</th></tr></thead><tbody>");
        for (RecommendationOutcomes.Outcome o : all) {
            h.append("<tr class=\"").append(o.outcome().replace(' ', '-')).append("\"><td>").append(o.step()).append("</td><td>").append(esc(o.org()))
                    .append("</td><td><code>").append(esc(o.recommendation())).append("</code> ").append(esc(o.title())).append("</td><td>")
                    .append(o.decideBy() == null ? "-" : o.decideBy()).append("</td><td><strong>").append(esc(o.outcome())).append("</strong></td><td>")
                    .append(o.decision() == null ? "" : esc(o.decision().by() + ": " + o.decision().text())).append("</td></tr>");
        }
        h.append("</tbody></table></section>\n");
    }

    private static void decisions(StringBuilder h, ReplayResult r) {
        if (r.decisions() == null || r.decisions().isEmpty()) return;
        h.append("<section class=\"decision-log\"><h2>Decision log</h2><table><thead><tr><th>Exercise time</th><th>Recorded (real time)</th>")
                .append("<th>After step</th><th>Organisation</th><th>By</th><th>Decision</th><th>Action</th><th>Answers</th></tr></thead><tbody>");
        for (Decision x : r.decisions()) {
            h.append("<tr><td>").append(x.exerciseTime() == null ? "-" : x.exerciseTime()).append("</td><td>").append(x.recordedAt())
                    .append("</td><td>").append(x.afterStep() == null ? "before the first" : x.afterStep())
                    .append("</td><td>").append(esc(x.org())).append("</td><td>").append(esc(x.by())).append("</td><td>").append(esc(x.text()))
                    .append("</td><td>").append(x.action() == null ? "" : esc(x.action().path("type").asText()) + (x.factAtStep() == null ? "" : " (a fact of step " + x.factAtStep() + ")"))
                    .append("</td><td>").append(x.answers() == null ? "" : "<code>" + esc(x.answers()) + "</code>").append("</td></tr>");
        }
        h.append("</tbody></table></section>\n");
    }

    private static void lessons(StringBuilder h, Debrief d) {
        if (d.state() == null) return;
        h.append("<section class=\"lessons\"><h2>Lessons identified</h2>");
        if (d.lessons().isEmpty()) h.append("<p>None recorded yet.</p>");
        else {
            h.append("<table><thead><tr><th>Lesson</th><th>Owner</th><th>Due</th></tr></thead><tbody>");
            for (Debrief.Lesson l : d.lessons()) {
                h.append("<tr><td>").append(esc(l.text())).append("</td><td>").append(esc(l.owner())).append("</td><td>")
                        .append(l.due() == null ? "-" : l.due()).append("</td></tr>");
            }
            h.append("</tbody></table>");
        }
        h.append("</section>\n");
    }

    private static void row(StringBuilder h, String label, int value) {
        h.append("<tr><th>").append(esc(label)).append("</th><td>").append(value).append("</td></tr>");
    }

    private static void step(StringBuilder h, ReplayStep s, List<ReplayStep> all) {
        EvaluationResult r = s.result();
        Map<String, String> titles = new LinkedHashMap<>();
        r.recommendations().forEach(a -> titles.put(a.action(), a.title()));
        if (s.index() > 0) all.get(s.index() - 1).result().recommendations().forEach(a -> titles.putIfAbsent(a.action(), a.title()));
        h.append("<article class=\"step").append(s.inject() ? " injected" : "").append("\" id=\"step-").append(s.index()).append("\"><h3>")
                .append(s.index()).append(". ").append(esc(s.label())).append(s.inject() ? " <span class=\"tag\">inject</span>" : "")
                .append(" <small>").append(r.calendar().localDate()).append(' ').append(cap(r.calendar().dayOfWeek()))
                .append(r.calendar().bankHoliday() ? " (bank holiday)" : "").append("</small></h3>");
        if (s.narrative() != null) h.append("<p class=\"narrative\">").append(esc(s.narrative())).append("</p>");
        StringBuilder levels = new StringBuilder();
        r.opel().organisations().forEach(o -> {
            if (o.level() != null) levels.append(levels.isEmpty() ? "" : ", ").append(esc(o.org())).append(' ').append(o.level());
        });
        h.append("<p><strong>System OPEL ").append(r.opel().system() == null ? "-" : r.opel().system()).append("</strong>")
                .append(levels.isEmpty() ? "" : " (" + levels + ")").append("</p>");
        if (!r.exceptionReport().triggers().isEmpty()) {
            h.append("<p class=\"triggers\"><strong>").append(r.exceptionReport().required() ? "Exception return owed" : "Triggers (outside the reporting window)")
                    .append(":</strong> ");
            List<String> t = new ArrayList<>();
            r.exceptionReport().triggers().forEach(x -> t.add(esc(x.code() + " " + x.org() + ": " + x.detail())));
            h.append(String.join("; ", t));
            if (r.exceptionReport().submitter() != null) h.append(" &#183; submitted by ").append(esc(r.exceptionReport().submitter()));
            h.append("</p>");
        }
        if (!r.principleBreaches().isEmpty()) {
            h.append("<p class=\"breaches\"><strong>Breaches:</strong> ");
            List<String> b = new ArrayList<>();
            r.principleBreaches().forEach(x -> b.add(esc(x.code() + " " + x.org() + ": " + x.detail())));
            h.append(String.join("; ", b)).append("</p>");
        }
        recs(h, "New", "new", s.changes().newRecommendations(), titles);
        recs(h, "Continuing", "continuing", s.changes().continuing(), titles);
        recs(h, "Stood down", "stood", s.changes().stoodDown(), titles);
        if (s.expectationsBroken() != null && !s.expectationsBroken().isEmpty()) {
            h.append("<p class=\"broken\"><strong>Expectations broken:</strong> ").append(esc(String.join("; ", s.expectationsBroken()))).append("</p>");
        }
        h.append("</article>\n");
    }

    private static void recs(StringBuilder h, String heading, String cls, List<String> ids, Map<String, String> titles) {
        if (ids.isEmpty()) return;
        h.append("<div class=\"recs ").append(cls).append("\"><strong>").append(heading).append(":</strong><ul>");
        for (String id : ids) {
            h.append("<li><code>").append(esc(id)).append("</code> ").append(esc(titles.getOrDefault(id, ""))).append("</li>");
        }
        h.append("</ul></div>");
    }

    private static String cap(String day) { return day.charAt(0) + day.substring(1).toLowerCase(Locale.ROOT); }

    private static String fmt(double d) { return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.1f", d); }

    static String esc(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1b1b1b;max-width:1100px;margin:1.5em auto;padding:0 1em}
            h1{font-size:1.6em;margin:.2em 0}h2{font-size:1.2em;border-bottom:2px solid #005eb8;padding-bottom:.2em;margin-top:1.6em}
            h3{font-size:1.05em;margin:.2em 0}h3 small{font-weight:normal;color:#555}
            .lead{font-size:1.05em}.meta{color:#555}
            table{border-collapse:collapse}th,td{text-align:left;padding:.25em .8em .25em 0;vertical-align:top}th{font-weight:600;color:#333}
            svg.chart{max-width:100%;height:auto;background:#fafafa;border:1px solid #ddd}
            .grid{stroke:#ccc;stroke-dasharray:3 3}.axis{font-size:11px;fill:#444}
            path.org{fill:none;stroke-width:2;opacity:.85}path.system{fill:none;stroke-width:4;opacity:.6}
            .trigger{fill:#d5281b}.sitrep{fill:#005eb8}.inject{fill:#ed8b00}
            .legend{display:flex;flex-wrap:wrap;gap:.4em 1.2em;font-size:12px;margin-top:.4em;list-style:none;padding:0}.legend li{display:inline-block;margin-right:1.2em}
            .outcomes tr.not-taken td{color:#8a1c12}.outcomes tr.later-than-decideBy td{color:#6b3e00}
            .legend i{display:inline-block;width:14px;height:4px;margin-right:4px;vertical-align:middle}
            .m-trigger{color:#d5281b}.m-sitrep{color:#005eb8}.m-inject{color:#ed8b00}.legend b{margin-right:4px}
            .step{border-left:4px solid #005eb8;padding:.3em .8em;margin:.8em 0;background:#f7f9fb}
            .step.injected{border-left-color:#ed8b00}.tag{background:#ed8b00;color:#fff;font-size:.75em;padding:0 .4em;border-radius:3px}
            .narrative{font-style:italic}.triggers{color:#8a1c12}.breaches{color:#6b3e00}.broken{color:#d5281b}
            .recs ul{margin:.1em 0 .4em 1.2em;padding:0}.recs.stood li{color:#666;text-decoration:line-through}
            code{font-size:.9em;background:#eef;padding:0 .2em}
            footer{margin-top:2em;color:#666;font-size:.9em}
            @media print{body{max-width:none;margin:0;font-size:10pt}.step{break-inside:avoid;background:none}
              h2{break-after:avoid}figure{break-inside:avoid}svg.chart{background:none}a{color:inherit}}
            @page{margin:15mm}
            """;
}
