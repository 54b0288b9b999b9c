package winterroom.api;

import winterroom.situation.FieldError;

import java.util.List;

/** An error answer with a status, thrown by handlers and rendered as {@link ApiError}. */
public class ApiException extends RuntimeException {
    private final int status;
    private final List<FieldError> details;

    public ApiException(int status, String message) { this(status, message, null); }

    public ApiException(int status, String message, List<FieldError> details) {
        super(message);
        this.status = status;
        this.details = details;
    }

    public int status() { return status; }

    public List<FieldError> details() { return details; }

    public static ApiException notFound(String what) { return new ApiException(404, what + " not found"); }
}
