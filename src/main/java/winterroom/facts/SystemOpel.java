package winterroom.facts;

import java.util.Collection;
import java.util.Map;

/** The system-wide OPEL level, with the sentence that says how it was reached. */
public class SystemOpel {
    private final int level;
    private final String basis;
    private final Double score;

    public SystemOpel(int level, String basis) { this(level, basis, null); }

    public SystemOpel(int level, String basis, Double score) {
        this.level = level;
        this.basis = basis;
        this.score = score;
    }

    /**
     * The system level from its organisations' levels: either the highest organisation's, or the
     * average of the levels weighted by provider type (an unweighted type counts 0) mapped through
     * the three floors. Only organisations with a level and a weight above 0 take part.
     */
    public static SystemOpel aggregate(Collection<?> orgLevels, Map<String, Double> weightByType, boolean highest,
                                       double level2From, double level3From, double level4From) {
        int top = 0;
        String at = null;
        double weighted = 0, weights = 0;
        for (Object x : orgLevels) {
            OrgOpel o = (OrgOpel) x;
            if (o.getLevel() == null) continue;
            if (o.getLevel() > top) { top = o.getLevel(); at = o.getOrg(); }
            double w = o.getType() == null ? 0 : weightByType.getOrDefault(o.getType().name(), 0.0);
            weighted += w * o.getLevel();
            weights += w;
        }
        if (highest || weights == 0) {
            return new SystemOpel(top, "highest organisation level (" + at + ")");
        }
        double score = Math.round(weighted / weights * 100) / 100.0;
        int level = score >= level4From ? 4 : score >= level3From ? 3 : score >= level2From ? 2 : 1;
        return new SystemOpel(level, "weighted average of the organisations' levels " + String.format(java.util.Locale.ROOT, "%.2f", score)
                + " (OPEL 4 from " + level4From + ", 3 from " + level3From + ")", score);
    }

    public int getLevel() { return level; }
    public String getBasis() { return basis; }
    /** The weighted average the level came from, or null for the highest-organisation policy. */
    public Double getScore() { return score; }

    @Override public String toString() { return "SystemOpel(" + level + ")"; }
}
