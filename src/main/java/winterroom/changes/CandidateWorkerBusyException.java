package winterroom.changes;

import java.time.Duration;

/** Another candidate held the worker for longer than one job may take: the caller should try again shortly. */
public final class CandidateWorkerBusyException extends RuntimeException {
    public CandidateWorkerBusyException(Duration waited) {
        super("another candidate ruleset is being tried and has been for " + waited.toSeconds() + " s; try again shortly");
    }
}
