package winterroom.auth;

/**
 * Which role each route needs. The web pages, health, readiness and the API description are open
 * (a browser cannot send a bearer token for a page load; the pages' own API calls need one).
 * Reading the API or metrics needs VIEWER; changing rules (anything but a read under
 * /api/v1/rules) needs POLICY_OWNER, and writing or deleting rule code (a .drl file) RULE_AUTHOR;
 * every other change (evaluations, exercises, batches, re-runs) needs ASSESSOR, except joining an exercise (open: the join code is checked) and recording a
 * decision in one (a participant of that exercise, or an assessor). Activating a kept
 * version whose rule code differs from the active one also needs RULE_AUTHOR: the rule-changes
 * handler checks that, since the path does not say what the version holds.
 */
public final class Access {
    private Access() {}

    private static final String FILES = "/api/v1/rules/files/";

    /** Rule code, as opposed to policy data: a DRL file. Tables, catalogues, policy values and calendars are data. */
    public static boolean isRuleCode(String fileName) {
        return fileName.toLowerCase(java.util.Locale.ROOT).endsWith(".drl");
    }

    /** The role a request needs, or null when it is open to anyone. */
    public static Role required(String method, String rawPath) {
        // the router ignores trailing slashes, so "/metrics/" and "x.drl/" must be judged as "/metrics" and "x.drl"
        String path = rawPath.replaceAll("/+$", "");
        boolean guarded = path.equals("/api") || path.startsWith("/api/") || path.equals("/metrics");
        if (!guarded) return null;
        // joining an exercise: the join code the facilitator shows is the credential
        if (method.equals("POST") && path.matches("/api/v1/exercises/[^/]+/participants")) return null;
        boolean read = method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
        if (read) return Role.VIEWER;
        if (path.startsWith(FILES) && isRuleCode(path.substring(FILES.length()))) return Role.RULE_AUTHOR;
        if (path.equals("/api/v1/rules") || path.startsWith("/api/v1/rules/")) return Role.POLICY_OWNER;
        // a participant's token reads as a viewer's; the exercise checks who may record a decision
        if (method.equals("POST") && path.matches("/api/v1/exercises/[^/]+/decisions")) return Role.VIEWER;
        return Role.ASSESSOR;
    }
}
