package winterroom.auth;

/**
 * Which role each route needs. Health is open; reading anything needs VIEWER; changing rules
 * (anything but a read under /api/v1/rules) needs POLICY_OWNER; every other change (evaluations,
 * exercises, batches, re-runs) needs ASSESSOR.
 */
public final class Access {
    private Access() {}

    /** The role a request needs, or null when it is open to anyone. */
    public static Role required(String method, String path) {
        if (path.equals("/health")) return null;
        boolean read = method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
        if (read) return Role.VIEWER;
        if (path.equals("/api/v1/rules") || path.startsWith("/api/v1/rules/")) return Role.POLICY_OWNER;
        return Role.ASSESSOR;
    }
}
