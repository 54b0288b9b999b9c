package winterroom.facts;

/**
 * A rule's conclusion that the Decision Management Tool is in use across the system, and why (the
 * system at OPEL 4, or a declared critical or major incident). The tool's actions build on it.
 */
public class DmtActivation {
    private final String reason;

    public DmtActivation(String reason) { this.reason = reason; }

    public String getReason() { return reason; }

    @Override public String toString() { return "DmtActivation(" + reason + ")"; }
}
