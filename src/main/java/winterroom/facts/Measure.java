package winterroom.facts;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** One metric's value for one organisation, with the previous day's value when it is known. */
public class Measure {
    private String org;
    private String metric;
    private double value;
    private Double previousDay;

    public Measure() {}

    public Measure(String org, String metric, double value, Double previousDay) {
        this.org = org;
        this.metric = metric;
        this.value = value;
        this.previousDay = previousDay;
    }

    public String getOrg() { return org; }
    public void setOrg(String org) { this.org = org; }
    public String getMetric() { return metric; }
    public void setMetric(String metric) { this.metric = metric; }
    public double getValue() { return value; }
    public void setValue(double value) { this.value = value; }
    public Double getPreviousDay() { return previousDay; }
    public void setPreviousDay(Double previousDay) { this.previousDay = previousDay; }

    /** True when the day-over-day comparisons can be made. */
    @JsonIgnore
    public boolean hasPreviousDay() { return previousDay != null; }

    /** Today minus the previous day; zero when the previous day is unknown (guard with hasPreviousDay). */
    @JsonIgnore
    public double getChange() { return previousDay == null ? 0 : value - previousDay; }

    @Override public String toString() { return "Measure(" + org + ", " + metric + "=" + value + (previousDay == null ? "" : ", prev=" + previousDay) + ")"; }
}
