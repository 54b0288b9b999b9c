package winterroom.facts;

import com.fasterxml.jackson.annotation.JsonAnyGetter;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A finding of a rule pack (discharge, CAS, ...) that is not a breach or a trigger but belongs in
 * the result. Findings are grouped by kind into "&lt;kind&gt;Findings" in the result, so a new rule
 * pack can report findings without an engine change.
 */
public class Finding {
    private final String kind;
    private final Map<String, Object> fields = new LinkedHashMap<>();

    public Finding(String kind) { this.kind = kind; }

    /** Adds a field and returns this finding, so a rule can build one in a single expression. */
    public Finding with(String name, Object value) {
        fields.put(name, value);
        return this;
    }

    public String getKind() { return kind; }
    @JsonAnyGetter
    public Map<String, Object> getFields() { return fields; }
    public Object get(String name) { return fields.get(name); }

    @Override public String toString() { return "Finding(" + kind + ", " + fields + ")"; }
}
