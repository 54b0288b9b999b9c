package winterroom.policy;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * One row of the metric catalogue: its short readable name ("ambulance handovers over 60 minutes", shown where a page
 * names the metric), what it means and which values are valid.
 */
public record MetricDefinition(String id, String name, String unit, String kind, double min, double max, String meaning) {
    /** Counts must be whole numbers. Not part of the catalogue's JSON: kind already says it. */
    @JsonIgnore
    public boolean isCount() { return "count".equals(kind); }
}
