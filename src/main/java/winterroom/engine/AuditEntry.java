package winterroom.engine;

import java.util.List;
import java.util.Map;

/** One rule firing: which rule, from which file and source, the facts it matched and the facts it produced. */
public record AuditEntry(int seq, String rule, String code, String file, String source,
                         List<Map<String, Object>> matched, List<Map<String, Object>> produced) {}
