package winterroom.auth;

/** Who is calling, from their bearer token or JWT (or the local user when the service has neither tokens nor an OIDC issuer). */
public record Caller(String name, Role role) {
    /**
     * Everyone, when no tokens file nor OIDC issuer is configured and the service listens on 127.0.0.1 only: the
     * person at this machine, who can write the rules folder directly anyway, so a rule author.
     */
    public static final Caller LOCAL = new Caller("local", Role.RULE_AUTHOR);
}
