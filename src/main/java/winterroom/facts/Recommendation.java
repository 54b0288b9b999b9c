package winterroom.facts;

/**
 * A rule's recommendation of a catalogue action, with the reason it gives. Several rules may
 * recommend one action; the result merges them into one entry listing every reason.
 */
public class Recommendation {
    private final String action;
    private final String org;
    private final String reason;

    public Recommendation(String action, String org, String reason) {
        this.action = action;
        this.org = org;
        this.reason = reason;
    }

    public String getAction() { return action; }
    public String getOrg() { return org; }
    public String getReason() { return reason; }

    @Override public String toString() { return "Recommendation(" + action + (org == null ? "" : ", " + org) + ")"; }
}
