package winterroom.exercise;

import winterroom.engine.EvaluationResult;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The OPEL timeline chart, drawn in one place: an SVG of each organisation's level and the system's over the
 * steps, with markers for exception returns owed, sitrep calls and injects. The Exercises page shows it as served
 * (GET .../chart.svg) and the debrief report, in HTML and PDF, embeds the same drawing, so the colours and marks
 * match everywhere. Styling is in presentation attributes, so it needs no style sheet.
 */
public final class TimelineChart {
    /** One colour per organisation, in the order they first have a level. */
    static final String[] COLOURS = {"#0b57a4", "#b3261e", "#1e6b30", "#7a4dbf", "#a35200", "#00707a", "#8a1c5c", "#4a535b",
            "#6b8e23", "#c2185b", "#455a64", "#795548"};
    static final String SYSTEM = "#1b1f23";
    static final String TRIGGER = "#d5281b", SITREP = "#005eb8", INJECT = "#ed8b00";

    private TimelineChart() {}

    /** The organisations with a level at some step, in the order they first have one. */
    static List<String> organisations(List<ReplayStep> steps) {
        Set<String> orgs = new LinkedHashSet<>();
        for (ReplayStep s : steps) s.result().opel().organisations().forEach(o -> { if (o.level() != null) orgs.add(o.org()); });
        return new ArrayList<>(orgs);
    }

    static String colour(int k) { return COLOURS[k % COLOURS.length]; }

    /** The chart alone, as an SVG document; the x axis spans the whole script (or the steps so far, if more). */
    public static String svg(ReplayResult r) {
        List<ReplayStep> steps = r.steps();
        List<String> orgs = organisations(steps);
        int slots = Math.max(Math.max(r.scriptedSteps(), steps.size()), 2);
        int w = 760, hgt = 300, left = 54, right = 16, top = 46, bottom = 40;
        double dx = (w - left - right) / (double) (slots - 1);
        StringBuilder h = new StringBuilder(16 * 1024);
        Integer lastSystem = steps.isEmpty() ? null : steps.get(steps.size() - 1).result().opel().system();
        h.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"opel-chart\" id=\"opel-chart\" viewBox=\"0 0 ").append(w).append(' ').append(hgt)
                .append("\" width=\"").append(w).append("\" height=\"").append(hgt).append("\" role=\"img\" data-steps=\"").append(steps.size())
                .append("\" font-family=\"Arial, Helvetica, sans-serif\" aria-label=\"OPEL timeline: ").append(steps.size()).append(" step(s) of ").append(slots)
                .append(steps.isEmpty() ? "" : ", system at OPEL " + (lastSystem == null ? "none" : lastSystem) + " at the latest step").append("\">");
        h.append("<rect x=\"0\" y=\"0\" width=\"").append(w).append("\" height=\"").append(hgt).append("\" fill=\"#fafafa\"/>");
        for (int level = 1; level <= 4; level++) {
            double y = y(level, top, hgt - bottom);
            h.append("<line x1=\"").append(left).append("\" x2=\"").append(w - right).append("\" y1=\"").append(fmt(y)).append("\" y2=\"").append(fmt(y))
                    .append("\" stroke=\"#cccccc\" stroke-dasharray=\"3 3\"/>")
                    .append("<text x=\"").append(left - 8).append("\" y=\"").append(fmt(y + 4)).append("\" text-anchor=\"end\" font-size=\"11\" fill=\"#444444\">OPEL ")
                    .append(level).append("</text>");
        }
        int every = Math.max(1, (int) Math.ceil(slots / 12.0));
        for (int i = 0; i < slots; i += every) {
            h.append("<text x=\"").append(fmt(left + i * dx)).append("\" y=\"").append(hgt - bottom + 18)
                    .append("\" text-anchor=\"middle\" font-size=\"11\" fill=\"#444444\">").append(i).append("</text>");
        }
        h.append("<text x=\"").append((left + w - right) / 2).append("\" y=\"").append(hgt - 4).append("\" text-anchor=\"middle\" font-size=\"11\" fill=\"#444444\">step</text>");
        for (int k = 0; k <= orgs.size(); k++) {
            boolean system = k == orgs.size();
            String name = system ? "system" : orgs.get(k);
            String colour = system ? SYSTEM : colour(k);
            double offset = system ? 0 : (k - (orgs.size() - 1) / 2.0) * 3;   // equal levels drawn a few pixels apart
            List<Integer> levels = new ArrayList<>();
            for (ReplayStep s : steps) levels.add(system ? s.result().opel().system() : levelOf(s, name));
            StringBuilder d = new StringBuilder();
            for (int i = 0; i < levels.size(); i++) {
                if (levels.get(i) == null) continue;
                d.append(i == 0 || levels.get(i - 1) == null ? " M" : " L").append(fmt(left + i * dx)).append(' ').append(fmt(y(levels.get(i), top, hgt - bottom) + offset));
            }
            if (!d.isEmpty()) {
                h.append("<path class=\"series").append(system ? " system" : "").append("\" data-series=\"").append(ExerciseReport.esc(name))
                        .append("\" fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"").append(system ? 4 : 2)
                        .append("\" stroke-opacity=\"").append(system ? "0.7" : "0.9").append("\" d=\"").append(d.toString().trim()).append("\"/>");
            }
            for (int i = 0; i < levels.size(); i++) {
                if (levels.get(i) == null) continue;
                h.append("<circle cx=\"").append(fmt(left + i * dx)).append("\" cy=\"").append(fmt(y(levels.get(i), top, hgt - bottom) + offset))
                        .append("\" r=\"").append(system ? "4.5" : "3").append("\" fill=\"").append(colour).append("\" data-series=\"").append(ExerciseReport.esc(name))
                        .append("\"><title>").append(ExerciseReport.esc(name)).append(" at step ").append(i).append(": OPEL ").append(levels.get(i)).append("</title></circle>");
            }
        }
        for (int i = 0; i < steps.size(); i++) {
            double x = left + i * dx;
            ReplayStep s = steps.get(i);
            EvaluationResult res = s.result();
            if (res.exceptionReport().required()) {
                h.append("<path class=\"mark-return\" fill=\"").append(TRIGGER).append("\" d=\"M").append(fmt(x)).append(' ').append(top - 38)
                        .append(" l6 10 h-12 z\"><title>step ").append(i).append(": exception return owed (")
                        .append(ExerciseReport.esc(String.join(" ", res.triggerCodes()))).append(")</title></path>");
            }
            if (res.recommendationCodes().contains("SITREP_CALL") || res.planCodes().contains("SITREP_CALL")) {
                h.append("<circle class=\"mark-sitrep\" fill=\"").append(SITREP).append("\" cx=\"").append(fmt(x)).append("\" cy=\"").append(top - 18)
                        .append("\" r=\"4.5\"><title>step ").append(i).append(": system sitrep call</title></circle>");
            }
            if (s.inject()) {
                h.append("<path class=\"mark-inject\" fill=\"").append(INJECT).append("\" d=\"M").append(fmt(x)).append(' ').append(top - 10)
                        .append(" l5 5 l-5 5 l-5 -5 z\"><title>step ").append(i).append(": inject ").append(ExerciseReport.esc(s.label())).append("</title></path>");
            }
        }
        h.append("</svg>");
        return h.toString();
    }

    /** The legend under the chart, as HTML. */
    public static String legend(ReplayResult r) {
        List<String> orgs = organisations(r.steps());
        StringBuilder h = new StringBuilder("<ul class=\"legend chart-legend\">");
        for (int k = 0; k < orgs.size(); k++) item(h, colour(k), ExerciseReport.esc(orgs.get(k)));
        item(h, SYSTEM, "system");
        h.append("<li><b style=\"color:").append(TRIGGER).append("\">&#9650;</b> exception return owed</li>")
                .append("<li><b style=\"color:").append(SITREP).append("\">&#9679;</b> sitrep call</li>")
                .append("<li><b style=\"color:").append(INJECT).append("\">&#9670;</b> inject</li></ul>");
        return h.toString();
    }

    private static void item(StringBuilder h, String colour, String name) {
        h.append("<li><span class=\"swatch\" style=\"display:inline-block;width:14px;height:4px;margin-right:4px;vertical-align:middle;background:")
                .append(colour).append("\"></span>").append(name).append("</li>");
    }

    private static Integer levelOf(ReplayStep s, String org) {
        for (EvaluationResult.OrganisationLevel o : s.result().opel().organisations()) {
            if (Objects.equals(o.org(), org)) return o.level();
        }
        return null;
    }

    private static double y(int level, int top, int bottomY) { return top + (4 - level) * (bottomY - top) / 3.0; }

    private static String fmt(double d) { return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.1f", d); }
}
