package winterroom.facts;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The OPEL level an organisation is taken to be at. The level it reports is its level; the level
 * its measures imply (derived, by weighted parameter scores) is advice, used only when nothing is
 * reported, or when the policy value OPEL.use_higher_of_reported_and_derived asks for the higher.
 */
public class OrgOpel {
    private final String org;
    private final OrgType type;
    private final Integer reported;
    private final Integer derived;
    private final Double score;
    private final List<OpelDriver> parameters;
    private final Integer level;
    private final String levelSource;
    private NextLevel nextLevel;

    /**
     * How far the measures are from suggesting the next level up: the score needed, and for each
     * parameter below band 4 the band it would have to reach on its own to get there (null when even
     * band 4 would not be enough alone).
     */
    public record NextLevel(int level, double scoreFrom, double scoreNow, List<Move> moves) {}

    /**
     * One parameter's move: from its band now to the band that on its own takes the score to the next level,
     * and where that band starts in the measure's own units ("at or below" 80), when the table says.
     */
    public record Move(String metric, int fromBand, Integer toBand,
                       @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String direction,
                       @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) Double toValue) {}

    public OrgOpel(String org, OrgType type, Integer reported, Integer derived, Double score, List<OpelDriver> parameters,
                   boolean higherOfBoth) {
        this.org = org;
        this.type = type;
        this.reported = reported;
        this.derived = derived;
        this.score = score;
        this.parameters = List.copyOf(parameters);
        boolean useDerived = reported == null || (higherOfBoth && derived != null && derived > reported);
        this.level = useDerived ? derived : reported;
        this.levelSource = level == null ? null : useDerived ? "derived" : "reported";
    }

    /**
     * Scores an organisation: each parameter counts once, at the highest band its measure reaches;
     * the weighted average of those bands maps to a derived level through the three band floors.
     */
    public static OrgOpel scored(Organisation o, Collection<?> bands, OpelScale scale, double level2From, double level3From,
                                 double level4From, boolean higherOfBoth) {
        Map<String, OpelDriver> highest = new TreeMap<>();
        for (Object b : bands) {
            OpelDriver d = (OpelDriver) b;
            highest.merge(d.getMetric(), d, (x, y) -> x.getLevel() >= y.getLevel() ? x : y);
        }
        Integer derived = null;
        Double score = null;
        if (!highest.isEmpty()) {
            double weighted = 0, weights = 0;
            for (OpelDriver d : highest.values()) {
                weighted += d.getLevel() * d.getWeight();
                weights += d.getWeight();
            }
            score = Math.round(weighted / weights * 100) / 100.0;
            derived = score >= level4From ? 4 : score >= level3From ? 3 : score >= level2From ? 2 : 1;
        }
        List<OpelDriver> parameters = new ArrayList<>(highest.values());
        parameters.sort(Comparator.comparing(OpelDriver::getLevel).reversed().thenComparing(OpelDriver::getMetric));
        OrgOpel scored = new OrgOpel(o.getCode(), o.getType(), o.getReportedOpel(), derived, score, parameters, higherOfBoth);
        if (derived != null && derived < 4) scored.nextLevel = next(parameters, o.getType(), scale, derived + 1,
                derived + 1 == 4 ? level4From : derived + 1 == 3 ? level3From : level2From, score);
        return scored;
    }

    /** The smallest single-parameter band rise that takes the weighted average to the next level's floor. */
    private static NextLevel next(List<OpelDriver> parameters, OrgType type, OpelScale scale, int level, double floor, double scoreNow) {
        double weighted = 0, weights = 0;
        for (OpelDriver d : parameters) {
            weighted += d.getLevel() * d.getWeight();
            weights += d.getWeight();
        }
        List<Move> moves = new ArrayList<>();
        for (OpelDriver d : parameters) {
            if (d.getLevel() >= 4) continue;
            Integer to = null;
            for (int band = d.getLevel() + 1; band <= 4 && to == null; band++) {
                if ((weighted + (band - d.getLevel()) * d.getWeight()) / weights >= floor - 1e-9) to = band;
            }
            OpelScale.Start start = to == null || scale == null ? null : scale.start(type, d.getMetric(), to);
            moves.add(new Move(d.getMetric(), d.getLevel(), to, start == null ? null : start.direction(), start == null ? null : start.value()));
        }
        moves.sort(Comparator.comparing((Move m) -> m.toBand() == null ? 9 : m.toBand() - m.fromBand()).thenComparing(Move::metric));
        return new NextLevel(level, floor, scoreNow, moves);
    }

    public String getOrg() { return org; }
    public OrgType getType() { return type; }
    public Integer getReported() { return reported; }
    public Integer getDerived() { return derived; }
    public Integer getLevel() { return level; }
    /** "reported" or "derived": where the level in use came from. */
    public String getLevelSource() { return levelSource; }
    /** The weighted average band score (1.00 to 4.00) of the measured parameters, or null when none was measured. */
    public Double getScore() { return score; }
    /** Each scored parameter at its highest band, highest first. */
    public List<OpelDriver> getParameters() { return parameters; }
    /** How far the measures are from the next derived level, or null at OPEL 4 or with nothing measured. */
    public NextLevel getNextLevel() { return nextLevel; }
    /** Whether the measures suggest a different level from the one reported. */
    public boolean isDiverging() { return reported != null && derived != null && !reported.equals(derived); }
    /** For rules: the level, with "no level" read as 0. */
    @JsonIgnore
    public int getLevelOrZero() { return level == null ? 0 : level; }

    @Override public String toString() {
        return "OrgOpel(" + org + ", reported=" + reported + ", derived=" + derived + ", score=" + score + ", level=" + level + ")";
    }
}
