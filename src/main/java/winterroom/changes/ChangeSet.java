package winterroom.changes;

import java.time.Instant;
import java.util.List;
import java.util.SortedMap;

/**
 * A proposed change to the rules: file edits and deletions validated, previewed and activated as one.
 * It is proposed on one active ruleset (base) and, once a second policy owner approves it, activated
 * as candidate. An emergency change is activated at once and waits for its retrospective approval.
 *
 * @param author      who proposed it: the caller's identity, never a name they typed
 * @param state       pending (awaiting approval), activated, or withdrawn (never activated: superseded by another activation)
 * @param activation  the version it made active and how, once activated
 */
public record ChangeSet(String id, Instant proposedAt, String author, String note, boolean emergency,
                        SortedMap<String, byte[]> files, List<String> delete, String base, String candidate,
                        String state, List<Approval> approvals, ActivationRecord activation) {

    /** An approval: before activation it is the second pair of eyes; after an emergency it is retrospective. */
    public record Approval(String by, Instant at, String note, boolean retrospective) {}

    /** When and by whom the change went live, and whether past broken expectations. */
    public record ActivationRecord(Instant at, String by, String version, String previous, boolean forced, List<String> brokenExpectations) {}

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean awaitingRetrospectiveApproval() {
        return emergency && activation != null && approvals.stream().noneMatch(Approval::retrospective);
    }

    ChangeSet with(String newState, List<Approval> newApprovals, ActivationRecord newActivation) {
        return new ChangeSet(id, proposedAt, author, note, emergency, files, delete, base, candidate, newState, newApprovals, newActivation);
    }
}
