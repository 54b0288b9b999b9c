package winterroom.changes;

/** A change set proposed on a ruleset that is no longer the active one: its preview no longer says what it would do. */
public final class StaleChangeException extends RuntimeException {
    public StaleChangeException(String changeId, String base, String active) {
        super("change " + changeId + " was proposed on ruleset " + base + ", but " + active
                + " is active now, so its preview is out of date: propose it again on the active ruleset");
    }
}
