package winterroom.changes;

/** A change set in a state that does not allow what was asked (already activated, already approved): answered 409. */
public final class ChangeConflictException extends RuntimeException {
    public ChangeConflictException(String message) { super(message); }
}
