package winterroom.facts;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Instant;

/**
 * Present only in an exercise timeline session: which step of the timeline is being evaluated.
 * Rules over time (history, runs of days at one level, suspensions awaiting recovery) need it, so
 * they never fire in a one-shot evaluation.
 */
public class ExerciseStep {
    private final int index;
    private final Instant at;
    private final String label;
    private final boolean inject;

    public ExerciseStep(int index, Instant at, String label, boolean inject) {
        this.index = index;
        this.at = at;
        this.label = label;
        this.inject = inject;
    }

    public int getIndex() { return index; }
    public Instant getAt() { return at; }
    @JsonIgnore
    public long getAtMillis() { return at.toEpochMilli(); }
    public String getLabel() { return label; }
    public boolean isInject() { return inject; }

    @Override public String toString() { return "ExerciseStep(" + index + ", " + at + (inject ? ", inject" : "") + ")"; }
}
