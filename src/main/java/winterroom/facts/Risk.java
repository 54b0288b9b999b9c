package winterroom.facts;

import java.util.List;

/**
 * A risk of the risk register (tables/risk-register.csv) that an event can bring about: its
 * number, likelihood and consequence (the matrix cell), and its mitigations as catalogue action ids.
 */
public class Risk {
    private String eventType;
    private int number;
    private String title;
    private int likelihood;
    private int consequence;
    private List<String> mitigations = List.of();

    public String getEventType() { return eventType; }
    public void setEventType(String eventType) { this.eventType = eventType; }
    public int getNumber() { return number; }
    public void setNumber(int number) { this.number = number; }
    public String getTitle() { return title; }
    public void setTitle(String title) { this.title = title; }
    public int getLikelihood() { return likelihood; }
    public void setLikelihood(int likelihood) { this.likelihood = likelihood; }
    public int getConsequence() { return consequence; }
    public void setConsequence(int consequence) { this.consequence = consequence; }
    public List<String> getMitigations() { return mitigations; }
    public void setMitigations(List<String> mitigations) { this.mitigations = mitigations; }

    @Override public String toString() { return "Risk(" + number + ", " + eventType + ", L" + likelihood + " x C" + consequence + ")"; }
}
