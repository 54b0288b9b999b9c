package winterroom.facts;

/**
 * A named numeric policy value (a threshold, a target, a tolerance). Rules read these rather than
 * literal numbers, and the values come from the policy-values decision table, so a policy owner
 * changes a threshold in a spreadsheet.
 */
public class PolicyValue {
    private final String name;
    private double value;

    public PolicyValue(String name) { this.name = name; }

    public PolicyValue(String name, double value) {
        this.name = name;
        this.value = value;
    }

    public String getName() { return name; }
    public double getValue() { return value; }
    public void setValue(double value) { this.value = value; }

    @Override public String toString() { return "PolicyValue(" + name + "=" + value + ")"; }
}
