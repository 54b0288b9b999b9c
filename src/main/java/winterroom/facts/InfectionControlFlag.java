package winterroom.facts;

/**
 * A rule's conclusion (P8) that a recommended transfer between settings must follow the infection-control
 * protocol because an outbreak is declared. The result shows it as the recommendation's infectionControl flag.
 */
public class InfectionControlFlag {
    private final String action;
    private final String reason;

    public InfectionControlFlag(String action, String reason) {
        this.action = action;
        this.reason = reason;
    }

    public String getAction() { return action; }
    public String getReason() { return reason; }

    @Override public String toString() { return "InfectionControlFlag(" + action + ")"; }
}
