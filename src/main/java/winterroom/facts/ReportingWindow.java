package winterroom.facts;

/** Present when the day falls in NHS England's exception-reporting window. */
public class ReportingWindow {
    private final String reason;

    public ReportingWindow(String reason) { this.reason = reason; }

    public String getReason() { return reason; }

    @Override public String toString() { return "ReportingWindow(" + reason + ")"; }
}
