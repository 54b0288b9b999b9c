package winterroom.service;

/** Something asked for by name or id is not there. */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) { super(message); }
}
