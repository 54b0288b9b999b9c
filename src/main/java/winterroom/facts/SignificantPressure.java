package winterroom.facts;

/**
 * A rule's conclusion that an organisation is under significant pressure, with the reason. Other
 * rules (mutual aid) build on it rather than repeating what significant pressure means.
 */
public class SignificantPressure {
    private final String org;
    private final String reason;

    public SignificantPressure(String org, String reason) {
        this.org = org;
        this.reason = reason;
    }

    public String getOrg() { return org; }
    public String getReason() { return reason; }

    @Override public String toString() { return "SignificantPressure(" + org + ", " + reason + ")"; }
}
