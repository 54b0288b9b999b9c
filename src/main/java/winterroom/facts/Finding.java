package winterroom.facts;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;

import java.math.BigDecimal;
import java.math.RoundingMode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A finding of a rule pack (discharge, CAS, ...) that is not a breach or a trigger but belongs in
 * the result. Findings are grouped by kind into "&lt;kind&gt;Findings" in the result, so a new rule
 * pack can report findings without an engine change. A finding with no fields only declares its
 * kind: the result then carries the kind's list even when it is empty, so a pack can say "checked,
 * nothing found" (a rule with no conditions inserting {@code new Finding("cas")}).
 */
public class Finding {
    private final String kind;
    private final Map<String, Object> fields = new LinkedHashMap<>();

    public Finding(String kind) { this.kind = kind; }

    /**
     * Adds a field and returns this finding, so a rule can build one in a single expression.
     * Numbers are kept as they read: 55.0 becomes 55 and arithmetic noise is rounded to two places.
     */
    public Finding with(String name, Object value) {
        fields.put(name, value instanceof Double || value instanceof Float ? number(((Number) value).doubleValue()) : value);
        return this;
    }

    private static Number number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return v;
        BigDecimal d = BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros();
        return d.scale() <= 0 ? (Number) d.longValue() : (Number) d.doubleValue();
    }

    /** True for a finding that only declares its kind. */
    @JsonIgnore
    public boolean isKindOnly() { return fields.isEmpty(); }

    public String getKind() { return kind; }
    @JsonAnyGetter
    public Map<String, Object> getFields() { return fields; }
    public Object get(String name) { return fields.get(name); }

    @Override public String toString() { return "Finding(" + kind + ", " + fields + ")"; }
}
