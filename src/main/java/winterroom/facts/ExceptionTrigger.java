package winterroom.facts;

/** One of NHS England's exception-reporting triggers holding for an organisation. */
public class ExceptionTrigger {
    private final String code;
    private final String org;
    private final String detail;

    public ExceptionTrigger(String code, String org, String detail) {
        this.code = code;
        this.org = org;
        this.detail = detail;
    }

    public String getCode() { return code; }
    public String getOrg() { return org; }
    public String getDetail() { return detail; }

    @Override public String toString() { return "ExceptionTrigger(" + code + ", " + org + ")"; }
}
