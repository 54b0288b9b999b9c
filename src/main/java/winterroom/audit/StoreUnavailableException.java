package winterroom.audit;

/** The audit store cannot be reached (or cannot be written) just now: the caller should try again later. */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) { super(message, cause); }
}
