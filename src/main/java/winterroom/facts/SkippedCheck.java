package winterroom.facts;

/** A check that could not be made because the data it needs was not supplied. */
public class SkippedCheck {
    private final String code;
    private final String org;
    private final String reason;

    public SkippedCheck(String code, String org, String reason) {
        this.code = code;
        this.org = org;
        this.reason = reason;
    }

    public String getCode() { return code; }
    public String getOrg() { return org; }
    public String getReason() { return reason; }

    @Override public String toString() { return "SkippedCheck(" + code + ", " + org + ")"; }
}
