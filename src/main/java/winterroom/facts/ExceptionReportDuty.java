package winterroom.facts;

/** Present when an exception return to NHS England is owed today. */
public class ExceptionReportDuty {
    private final String reason;

    public ExceptionReportDuty(String reason) { this.reason = reason; }

    public String getReason() { return reason; }

    @Override public String toString() { return "ExceptionReportDuty(" + reason + ")"; }
}
