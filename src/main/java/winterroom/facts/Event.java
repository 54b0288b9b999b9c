package winterroom.facts;

/** Something happening to the system or to one organisation (org may be null for system-wide events). */
public class Event {
    private EventType type;
    private String org;
    private String description;
    private String severity;

    public Event() {}

    public Event(EventType type, String org, String description, String severity) {
        this.type = type;
        this.org = org;
        this.description = description;
        this.severity = severity;
    }

    public EventType getType() { return type; }
    public void setType(EventType type) { this.type = type; }
    public String getOrg() { return org; }
    public void setOrg(String org) { this.org = org; }
    public String getDescription() { return description; }
    public void setDescription(String description) { this.description = description; }
    public String getSeverity() { return severity; }
    public void setSeverity(String severity) { this.severity = severity; }

    @Override public String toString() { return "Event(" + type + (org == null ? "" : ", " + org) + ")"; }
}
