package winterroom.policy;

/** One row of the metric catalogue: what a metric means and which values are valid. */
public record MetricDefinition(String id, String unit, String kind, double min, double max, String meaning) {
    /** Counts must be whole numbers. */
    public boolean isCount() { return "count".equals(kind); }
}
