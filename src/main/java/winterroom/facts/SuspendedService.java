package winterroom.facts;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.kie.api.definition.type.Role;
import org.kie.api.definition.type.Timestamp;

import java.time.Instant;

/**
 * History: a service an organisation suspended during an exercise timeline, held until the
 * organisation reports its recovery (principle P15). A Drools event stamped with the step it began.
 */
@Role(Role.Type.EVENT)
@Timestamp("sinceMillis")
public class SuspendedService {
    private final String org;
    private final String service;
    private final int sinceStep;
    private final Instant since;

    public SuspendedService(String org, String service, int sinceStep, Instant since) {
        this.org = org;
        this.service = service;
        this.sinceStep = sinceStep;
        this.since = since;
    }

    public String getOrg() { return org; }
    public String getService() { return service; }
    public int getSinceStep() { return sinceStep; }
    public Instant getSince() { return since; }
    @JsonIgnore
    public long getSinceMillis() { return since.toEpochMilli(); }

    @Override public String toString() { return "SuspendedService(" + org + ", " + service + ", since step " + sinceStep + ")"; }
}
