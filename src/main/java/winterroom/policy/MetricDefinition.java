package winterroom.policy;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** One row of the metric catalogue: what a metric means and which values are valid. */
public record MetricDefinition(String id, String unit, String kind, double min, double max, String meaning) {
    /** Counts must be whole numbers. Not part of the catalogue's JSON: kind already says it. */
    @JsonIgnore
    public boolean isCount() { return "count".equals(kind); }
}
