package winterroom.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;
import java.util.List;

/**
 * One step of the action plan: what to do, who does it (the organisation's full name and the role that acts
 * on the day), for whom, by when, and why in one sentence. {@code discussWith} names only the organisations the
 * action affects (P10); {@code acuteInput} is given for the exception return; {@code riskAccepted} (P14) and
 * {@code impact} appear when the recommendation carries them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"action", "title", "priority", "owner", "ownerOrg", "for", "acuteInput", "decideBy", "reason",
        "discussWith", "riskAccepted", "impact"})
public record PlanItem(String action, String title, int priority, String owner, String ownerOrg,
                       @JsonProperty("for") String forWhom, String acuteInput, Instant decideBy, String reason,
                       List<String> discussWith, String riskAccepted, EvaluationResult.Impact impact) {}
