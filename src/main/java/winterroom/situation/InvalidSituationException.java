package winterroom.situation;

import java.util.List;

/** A situation that cannot be evaluated, with every problem found in it. */
public class InvalidSituationException extends RuntimeException {
    private final List<FieldError> details;

    public InvalidSituationException(String message, List<FieldError> details) {
        super(message);
        this.details = List.copyOf(details);
    }

    public List<FieldError> details() { return details; }
}
