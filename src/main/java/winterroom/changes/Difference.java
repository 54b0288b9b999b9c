package winterroom.changes;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One way two evaluations of the same situation differ. kind: trigger, breach, opel, recommendation,
 * exceptionReport, finding or wording; change: added, removed or changed; code: the trigger or principle
 * code, "OPEL" or "OPEL-derived", the action id, or the finding kind; before and after say what it
 * was and became. step names the exercise step when a case has several. says is the difference in
 * plain words ("T3 at LTHT no longer holds"). A "wording" difference collapses every change that is
 * only in reason or detail text (a threshold quoted in a reason) into one line.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Difference(String step, String kind, String change, String code, String org, String before, String after,
                         String says) {
    public Difference(String step, String kind, String change, String code, String org, String before, String after) {
        this(step, kind, change, code, org, before, after, null);
    }

    Difference atStep(String s) { return new Difference(s, kind, change, code, org, before, after, says == null ? null : s + ": " + says); }
}
