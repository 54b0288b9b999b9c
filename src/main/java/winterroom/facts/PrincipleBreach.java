package winterroom.facts;

/** A Leeds escalation principle that the situation breaches, with the evidence. */
public class PrincipleBreach {
    private final String code;
    private final String org;
    private final String detail;

    public PrincipleBreach(String code, String org, String detail) {
        this.code = code;
        this.org = org;
        this.detail = detail;
    }

    public String getCode() { return code; }
    public String getOrg() { return org; }
    public String getDetail() { return detail; }

    @Override public String toString() { return "PrincipleBreach(" + code + ", " + org + ")"; }
}
