package winterroom.facts;

import java.util.Map;

/**
 * The score bands of every OPEL parameter, as the parameter table sets them (tables/opel-thresholds.csv):
 * where each band starts, by provider type, metric and band. One fact per session, so that the distance to
 * the next level can be given in the measure's own units ("at or below 80"), not only in bands.
 */
public final class OpelScale {
    /** Where a band starts: at or above {@code atOrAbove}, or at or below {@code atOrBelow} (one of the two is set). */
    public record Start(Double atOrAbove, Double atOrBelow) {
        public Double value() { return atOrAbove != null ? atOrAbove : atOrBelow; }
        public String direction() { return atOrAbove != null ? "at or above" : "at or below"; }
    }

    public static final OpelScale EMPTY = new OpelScale(Map.of());

    /** Keyed "TYPE metric band", for example "ACUTE ae_4h_pct 3". */
    private final Map<String, Start> starts;

    public OpelScale(Map<String, Start> starts) { this.starts = Map.copyOf(starts); }

    public static String key(OrgType type, String metric, int band) { return type + " " + metric + " " + band; }

    /** Where the band starts for that provider type and metric, or null when the table does not say. */
    public Start start(OrgType type, String metric, int band) { return type == null ? null : starts.get(key(type, metric, band)); }

    public int size() { return starts.size(); }

    @Override public String toString() { return "OpelScale(" + starts.size() + " band starts)"; }
}
