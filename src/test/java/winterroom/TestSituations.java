package winterroom;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Situations built for tests rather than taken from the shipped scenarios. */
public final class TestSituations {
    private TestSituations() {}

    /** n acute trusts T0..T(n-1) reporting OPEL 2, each with two measures: 2n measures in all, for tests of size. */
    public static ObjectNode trusts(int n) {
        ObjectNode s = Json.mapper().createObjectNode();
        s.put("asOf", "2019-01-16T07:30:00Z");
        ArrayNode orgs = s.putArray("organisations");
        ArrayNode measures = s.putArray("measures");
        for (int i = 0; i < n; i++) {
            orgs.addObject().put("code", "T" + i).put("type", "ACUTE").put("reportedOpel", 2);
            measures.addObject().put("org", "T" + i).put("metric", "ae_attendances").put("value", 300);
            measures.addObject().put("org", "T" + i).put("metric", "ae_4h_pct").put("value", 80);
        }
        return s;
    }
}
