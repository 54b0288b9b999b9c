package winterroom.facts;

/**
 * One OPEL parameter's score band reached by a measure, from the parameter table
 * (tables/opel-thresholds.csv): the measure reaches band {@code level} (1 to 4) of that parameter,
 * which counts {@code weight} times in its organisation's average score.
 */
public class OpelDriver {
    private final String org;
    private final String metric;
    private final double value;
    private final int level;
    private double weight = 1;

    public OpelDriver(String org, String metric, double value, int level) {
        this.org = org;
        this.metric = metric;
        this.value = value;
        this.level = level;
    }

    public String getOrg() { return org; }
    public String getMetric() { return metric; }
    public double getValue() { return value; }
    /** The band score (1 to 4) this measure reaches on its parameter. */
    public int getLevel() { return level; }
    public double getWeight() { return weight; }
    public void setWeight(double weight) { this.weight = weight; }

    @Override public String toString() { return "OpelDriver(" + org + ", " + metric + "=" + value + " -> band " + level + " x" + weight + ")"; }
}
