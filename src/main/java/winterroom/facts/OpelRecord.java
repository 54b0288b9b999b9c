package winterroom.facts;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.kie.api.definition.type.ClassReactive;
import org.kie.api.definition.type.Role;
import org.kie.api.definition.type.Timestamp;

import java.time.Instant;

/**
 * History: the OPEL level an organisation was at in one step of an exercise timeline. A Drools
 * event (by the annotations below) stamped with the step's time, so rules can reason over runs of
 * days with temporal operators.
 */
@Role(Role.Type.EVENT)
@Timestamp("atMillis")
@ClassReactive   // history is never modified: nothing to watch property by property
public class OpelRecord {
    private final String org;
    private final int step;
    private final Instant at;
    private final Integer reported;
    private final Integer level;

    public OpelRecord(String org, int step, Instant at, Integer reported, Integer level) {
        this.org = org;
        this.step = step;
        this.at = at;
        this.reported = reported;
        this.level = level;
    }

    public String getOrg() { return org; }
    public int getStep() { return step; }
    public Instant getAt() { return at; }
    @JsonIgnore
    public long getAtMillis() { return at.toEpochMilli(); }
    /** Days (with fractions) from this record to a later moment given in epoch milliseconds. */
    public double daysBefore(long millis) { return (millis - at.toEpochMilli()) / 86_400_000.0; }
    public Integer getReported() { return reported; }
    public Integer getLevel() { return level; }
    @JsonIgnore
    public int getLevelOrZero() { return level == null ? 0 : level; }
    @JsonIgnore
    public int getReportedOrZero() { return reported == null ? 0 : reported; }

    @Override public String toString() { return "OpelRecord(" + org + ", step " + step + ", level=" + level + ", reported=" + reported + ")"; }
}
