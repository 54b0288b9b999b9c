package winterroom.changes;

import com.fasterxml.jackson.annotation.JsonInclude;
import winterroom.policy.CompileProblem;

import java.time.Instant;
import java.util.List;

/**
 * Which ruleset serves, what the rules folder holds now, and how the last attempt to change the
 * active ruleset went (an API change, a rollback, or an edit picked up from the folder).
 */
public record ReloadStatus(String active, String folder, boolean watching, Attempt lastAttempt) {

    /** how: put, delete, rollback, reload, watch, startup. outcome: activated, unchanged, rejected. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Attempt(Instant at, String how, boolean ok, String outcome, String version, String message,
                          List<CompileProblem> errors, List<String> brokenExpectations) {}
}
