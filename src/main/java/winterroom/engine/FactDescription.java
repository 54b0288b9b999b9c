package winterroom.engine;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * A fact as the audit trail describes it, shared by every entry that lists the fact unchanged: a warm session's
 * constant facts (a catalogue action, a policy value in force) are described once when the session is set up, and an
 * evaluation's own facts (an organisation's OPEL, a recommendation) once for as long as they stay the same. It reads
 * as the map it wraps. A result writer copies a description listed again rather than write it again ({@code ResultJson}):
 * a constant's JSON it keeps in {@link #written}, for every evaluation after; any other writer just sees a map.
 */
public final class FactDescription extends AbstractMap<String, Object> {
    private final Map<String, Object> fields;
    private final boolean constant;
    /** Listed more than once in one evaluation's audit trail. */
    private boolean repeated;
    /** A constant's description as a result writer wrote it, kept by that writer; null until then. */
    public volatile byte[] written;

    private FactDescription(Map<String, Object> fields, boolean constant) {
        this.fields = Collections.unmodifiableMap(fields);
        this.constant = constant;
    }

    static FactDescription constant(Map<String, Object> fields) { return new FactDescription(fields, true); }

    static FactDescription own(Map<String, Object> fields) { return new FactDescription(fields, false); }

    /** A warm session's constant fact, whose description every evaluation on the session lists. */
    public boolean constant() { return constant; }

    /** An evaluation's own fact listed more than once, so that a writer saves by copying what it wrote the first time. */
    public boolean repeated() { return repeated; }

    void listedAgain() { repeated = true; }

    @Override
    public Set<Entry<String, Object>> entrySet() { return fields.entrySet(); }

    @Override
    public Object get(Object key) { return fields.get(key); }

    @Override
    public int size() { return fields.size(); }
}
