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
    private static final String[] COLOURS = {"#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf",
            "#bcbd22", "#7f7f7f", "#ff7f0e", "#aec7e8", "#98df8a", "#c5b0d5"};

    private ExerciseReport() {}

    /** The debrief as JSON: the summary and, per step, the levels, triggers, breaches and recommendation changes. */
    public static Map<String, Object> json(ReplayResult r) {
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
        return out;
    }

    public static String html(ReplayResult r) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(esc(r.name())).append(" - exercise report</title><style>").append(CSS).append("</style></head><body>\n");
        h.append("<header><h1>").append(esc(r.name())).append("</h1>");
        if (r.description() != null) h.append("<p class=\"lead\">").append(esc(r.description())).append("</p>");
        h.append("<p class=\"meta\">").append(r.steps().size()).append(" step(s)");
        if (!r.steps().isEmpty()) {
            h.append(" from ").append(r.steps().get(0).result().calendar().localDate()).append(" to ")
                    .append(r.steps().get(r.steps().size() - 1).result().calendar().localDate());
        }
        h.append(" &middot; ruleset ").append(esc(r.rulesetVersion()));
        if (!r.finished()) h.append(" &middot; <strong>in progress</strong> (").append(r.scriptedSteps()).append(" scripted steps in the file)");
        h.append("</p></header>\n");

        summary(h, r.summary());
        chart(h, r);
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

    private static void row(StringBuilder h, String label, int value) {
        h.append("<tr><th>").append(esc(label)).append("</th><td>").append(value).append("</td></tr>");
    }

    /** OPEL per organisation and for the system over the steps, as an inline SVG. */
    private static void chart(StringBuilder h, ReplayResult r) {
        List<ReplayStep> steps = r.steps();
        Set<String> orgSet = new LinkedHashSet<>();
        for (ReplayStep s : steps) s.result().opel().organisations().forEach(o -> { if (o.level() != null) orgSet.add(o.org()); });
        List<String> orgs = new ArrayList<>(orgSet);
        int n = Math.max(steps.size(), 1);
        double dx = Math.max(8, Math.min(60, 880.0 / n));
        int left = 70, top = 56, plot = 200;
        double width = left + dx * n + 20;
        int height = top + plot + 40;
        h.append("<section><h2>OPEL timeline</h2><figure><svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
                .append(fmt(width)).append(' ').append(height).append("\" width=\"").append(fmt(width)).append("\" role=\"img\" aria-label=\"OPEL levels over the exercise\">");
        // level bands and grid
        for (int level = 1; level <= 4; level++) {
            double y = levelY(level, top, plot);
            h.append("<line x1=\"").append(left).append("\" x2=\"").append(fmt(width - 10)).append("\" y1=\"").append(fmt(y)).append("\" y2=\"")
                    .append(fmt(y)).append("\" class=\"grid\"/><text x=\"").append(left - 8).append("\" y=\"").append(fmt(y + 4))
                    .append("\" class=\"axis\" text-anchor=\"end\">OPEL ").append(level).append("</text>");
        }
        h.append("<text x=\"").append(left - 8).append("\" y=\"").append(top - 36).append("\" class=\"axis\" text-anchor=\"end\">markers</text>");
        int every = (int) Math.ceil(n / 15.0);
        for (int i = 0; i < steps.size(); i++) {
            double x = left + dx * (i + 0.5);
            ReplayStep s = steps.get(i);
            if (i % every == 0) {
                h.append("<text x=\"").append(fmt(x)).append("\" y=\"").append(top + plot + 16).append("\" class=\"axis\" text-anchor=\"middle\">")
                        .append(s.result().calendar().localDate().toString().substring(5)).append("</text>");
            }
            EvaluationResult res = s.result();
            if (res.exceptionReport().required()) {
                h.append("<path class=\"trigger\" d=\"M").append(fmt(x)).append(' ').append(top - 44).append(" l5 9 h-10 z\"><title>step ")
                        .append(i).append(": exception return owed (").append(esc(String.join(" ", res.triggerCodes()))).append(")</title></path>");
            }
            if (res.recommendationCodes().contains("SITREP_CALL")) {
                h.append("<circle class=\"sitrep\" cx=\"").append(fmt(x)).append("\" cy=\"").append(top - 24).append("\" r=\"4\"><title>step ")
                        .append(i).append(": system sitrep call</title></circle>");
            }
            if (s.inject()) {
                h.append("<path class=\"inject\" d=\"M").append(fmt(x)).append(' ').append(top - 15).append(" l5 5 l-5 5 l-5 -5 z\"><title>step ")
                        .append(i).append(": inject ").append(esc(s.label())).append("</title></path>");
            }
        }
        for (int k = 0; k < orgs.size(); k++) {
            String org = orgs.get(k);
            double offset = (k - orgs.size() / 2.0) * 1.5;   // small offsets keep equal levels from hiding each other
            List<Double> ys = new ArrayList<>();
            for (ReplayStep s : steps) {
                Integer level = s.result().opel().organisations().stream().filter(o -> o.org().equals(org)).findFirst()
                        .map(EvaluationResult.OrganisationLevel::level).orElse(null);
                ys.add(level == null ? null : levelY(level, top, plot) + offset);
            }
            line(h, ys, left, dx, "org", COLOURS[k % COLOURS.length], org);
        }
        List<Double> sys = new ArrayList<>();
        for (ReplayStep s : steps) sys.add(s.result().opel().system() == null ? null : levelY(s.result().opel().system(), top, plot));
        line(h, sys, left, dx, "system", "#000", "system");
        h.append("</svg><figcaption class=\"legend\"><span><i style=\"background:#000\"></i>system</span>");
        for (int k = 0; k < orgs.size(); k++) {
            h.append("<span><i style=\"background:").append(COLOURS[k % COLOURS.length]).append("\"></i>").append(esc(orgs.get(k))).append("</span>");
        }
        h.append("<span><b class=\"m-trigger\">&#9650;</b>exception return owed</span><span><b class=\"m-sitrep\">&#9679;</b>sitrep call</span>")
                .append("<span><b class=\"m-inject\">&#9670;</b>inject</span></figcaption></figure></section>\n");
    }

    private static void line(StringBuilder h, List<Double> ys, int left, double dx, String cls, String colour, String title) {
        StringBuilder d = new StringBuilder();
        boolean pen = false;
        for (int i = 0; i < ys.size(); i++) {
            Double y = ys.get(i);
            if (y == null) { pen = false; continue; }
            double x = left + dx * (i + 0.5);
            d.append(pen ? " L" : " M").append(fmt(x)).append(' ').append(fmt(y));
            pen = true;
        }
        if (d.isEmpty()) return;
        h.append("<path class=\"").append(cls).append("\" stroke=\"").append(colour).append("\" d=\"").append(d.toString().trim())
                .append("\"><title>").append(esc(title)).append("</title></path>");
        if (ys.size() == 1 || ys.stream().filter(java.util.Objects::nonNull).count() == 1) {
            for (int i = 0; i < ys.size(); i++) {
                if (ys.get(i) != null) h.append("<circle cx=\"").append(fmt(left + dx * (i + 0.5))).append("\" cy=\"").append(fmt(ys.get(i)))
                        .append("\" r=\"3\" fill=\"").append(colour).append("\"/>");
            }
        }
    }

    private static double levelY(int level, int top, int plot) { return top + plot - (level - 0.5) * plot / 4.0; }

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
            if (r.exceptionReport().submitter() != null) h.append(" &middot; submitted by ").append(esc(r.exceptionReport().submitter()));
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
            .legend{display:flex;flex-wrap:wrap;gap:.4em 1.2em;font-size:12px;margin-top:.4em}
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
