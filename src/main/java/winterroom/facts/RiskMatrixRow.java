package winterroom.facts;

import java.util.ArrayList;
import java.util.List;

/**
 * One likelihood row of the risk matrix (tables/risk-matrix.csv): the priority of each consequence
 * from 1 (insignificant) to 5 (catastrophic), in order. Priority is read from the cell, not the score.
 */
public class RiskMatrixRow {
    private int likelihood;
    private List<String> priorities = new ArrayList<>();

    public int getLikelihood() { return likelihood; }
    public void setLikelihood(int likelihood) { this.likelihood = likelihood; }
    public List<String> getPriorities() { return priorities; }
    public void setPriorities(List<String> priorities) { this.priorities = priorities; }

    /** The priority of a consequence (1-5), or null when the row has no such cell. */
    public String priorityOf(int consequence) {
        return consequence >= 1 && consequence <= priorities.size() ? priorities.get(consequence - 1) : null;
    }

    @Override public String toString() { return "RiskMatrixRow(" + likelihood + ", " + priorities + ")"; }
}
