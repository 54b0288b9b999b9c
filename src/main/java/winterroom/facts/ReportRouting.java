package winterroom.facts;

/** Who collates and submits the exception return, and who gives the acute input, on this day. */
public class ReportRouting {
    private final String submitter;
    private final String acuteLead;

    public ReportRouting(String submitter, String acuteLead) {
        this.submitter = submitter;
        this.acuteLead = acuteLead;
    }

    public String getSubmitter() { return submitter; }
    public String getAcuteLead() { return acuteLead; }

    @Override public String toString() { return "ReportRouting(" + submitter + " / " + acuteLead + ")"; }
}
