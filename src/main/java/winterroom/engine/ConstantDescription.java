package winterroom.engine;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * The audit description of one of a warm session's constant facts (a catalogue action, a policy value in force),
 * made once when the session is set up rather than again at every match in every evaluation. It reads as the map it
 * wraps. A result writer may keep the description's JSON in {@link #written}, so that what every evaluation repeats
 * is written once ({@code ResultJson}); any other writer just sees a map.
 */
public final class ConstantDescription extends AbstractMap<String, Object> {
    private final Map<String, Object> fields;
    /** The description as a result writer wrote it, kept by that writer; null until then. */
    public volatile byte[] written;

    ConstantDescription(Map<String, Object> fields) { this.fields = Collections.unmodifiableMap(fields); }

    @Override
    public Set<Entry<String, Object>> entrySet() { return fields.entrySet(); }

    @Override
    public Object get(Object key) { return fields.get(key); }

    @Override
    public int size() { return fields.size(); }
}
