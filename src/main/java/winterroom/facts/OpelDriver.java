package winterroom.facts;

/** A measure that puts its organisation at (at least) an OPEL level, according to the thresholds table. */
public class OpelDriver {
    private final String org;
    private final String metric;
    private final double value;
    private final int level;

    public OpelDriver(String org, String metric, double value, int level) {
        this.org = org;
        this.metric = metric;
        this.value = value;
        this.level = level;
    }

    public String getOrg() { return org; }
    public String getMetric() { return metric; }
    public double getValue() { return value; }
    public int getLevel() { return level; }

    @Override public String toString() { return "OpelDriver(" + org + ", " + metric + "=" + value + " -> " + level + ")"; }
}
