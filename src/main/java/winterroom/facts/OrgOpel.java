package winterroom.facts;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** The OPEL level an organisation is taken to be at: the higher of what it reported and what its measures imply. */
public class OrgOpel {
    private final String org;
    private final Integer reported;
    private final Integer derived;
    private final Integer level;

    public OrgOpel(String org, Integer reported, Integer derived) {
        this.org = org;
        this.reported = reported;
        this.derived = derived;
        this.level = reported == null ? derived : derived == null ? reported : Integer.valueOf(Math.max(reported, derived));
    }

    public String getOrg() { return org; }
    public Integer getReported() { return reported; }
    public Integer getDerived() { return derived; }
    public Integer getLevel() { return level; }
    /** For rules: the level, with "no level" read as 0. */
    @JsonIgnore
    public int getLevelOrZero() { return level == null ? 0 : level; }

    @Override public String toString() { return "OrgOpel(" + org + ", reported=" + reported + ", derived=" + derived + ", level=" + level + ")"; }
}
