package winterroom.changes;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One way two evaluations of the same situation differ. kind: trigger, breach, opel, recommendation,
 * exceptionReport or finding; change: added, removed or changed; code: the trigger or principle
 * code, "OPEL" or "OPEL-derived", the action id, or the finding kind; before and after say what it
 * was and became. step names the exercise step when a case has several.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Difference(String step, String kind, String change, String code, String org, String before, String after) {
    Difference atStep(String s) { return new Difference(s, kind, change, code, org, before, after); }
}
