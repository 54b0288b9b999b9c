package winterroom.changes;

/** An approval the caller may not give (their own change): answered 403. */
public final class ApprovalRefusedException extends RuntimeException {
    public ApprovalRefusedException(String message) { super(message); }
}
