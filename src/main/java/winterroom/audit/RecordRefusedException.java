package winterroom.audit;

/** A record the audit store cannot hold as given (a value too long or out of range): the request's fault, not an outage. */
public final class RecordRefusedException extends RuntimeException {
    public RecordRefusedException(String message, Throwable cause) { super(message, cause); }
}
