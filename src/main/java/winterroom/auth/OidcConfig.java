package winterroom.auth;

import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sign-in through an OpenID Connect provider: the issuer whose tokens are accepted (Entra ID's is
 * {@code https://login.microsoftonline.com/<tenant>/v2.0}), the audience a token must name (this
 * service's application id or URI), the claim that carries the caller's roles (a dotted path such
 * as {@code realm_access.roles} reaches into an object), and which claim values mean which role.
 * An empty role map means the role names themselves (VIEWER, ASSESSOR, POLICY_OWNER, RULE_AUTHOR).
 */
public record OidcConfig(String issuer, String audience, String rolesClaim, Map<String, Role> roleMap) {
    public static final String DEFAULT_ROLES_CLAIM = "roles";

    public OidcConfig {
        if (issuer == null || issuer.isBlank()) throw new IllegalArgumentException("the OIDC issuer is empty");
        issuer = issuer.strip();
        URI u;
        try {
            u = URI.create(issuer);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the OIDC issuer '" + issuer + "' is not a URL");
        }
        if (u.getHost() == null || !("https".equalsIgnoreCase(u.getScheme()) || "http".equalsIgnoreCase(u.getScheme()))) {
            throw new IllegalArgumentException("the OIDC issuer '" + issuer + "' is not an http(s) URL");
        }
        if ("http".equalsIgnoreCase(u.getScheme()) && !isLoopback(u.getHost())) {
            throw new IllegalArgumentException("the OIDC issuer '" + issuer + "' must be https: keys fetched over plain http could be replaced on the way");
        }
        if (u.getQuery() != null || u.getFragment() != null) {
            throw new IllegalArgumentException("the OIDC issuer '" + issuer + "' must not have a query or fragment");
        }
        if (audience == null || audience.isBlank()) {
            throw new IllegalArgumentException("an OIDC issuer needs an audience (--oidc-audience or OIDC_AUDIENCE): "
                    + "the application id or URI the provider puts in this service's tokens");
        }
        audience = audience.strip();
        rolesClaim = rolesClaim == null || rolesClaim.isBlank() ? DEFAULT_ROLES_CLAIM : rolesClaim.strip();
        if (Arrays.stream(rolesClaim.split("\\.", -1)).anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("the OIDC roles claim '" + rolesClaim + "' has an empty part");
        }
        roleMap = roleMap == null ? Map.of() : Map.copyOf(roleMap);
    }

    /** Whether a host name is this machine's loopback (where plain http is allowed, for a provider run beside the service). */
    public static boolean isLoopback(String host) {
        if (host == null) return false;
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
    }

    /** Whether plain http is used (allowed only on loopback, for a provider run beside the service). */
    public boolean insecure() { return issuer.regionMatches(true, 0, "http:", 0, 5); }

    /** The role one claim value stands for, or null when it stands for none. */
    public Role role(String claimValue) {
        if (claimValue == null) return null;
        if (roleMap.isEmpty()) {
            try {
                return Role.valueOf(claimValue.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return roleMap.get(claimValue);
    }

    /** The claim values that give a role, for messages. */
    public String describeMapping() {
        if (roleMap.isEmpty()) return Role.names();
        return String.join(", ", new java.util.TreeMap<>(roleMap).entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")").toList());
    }

    /**
     * Reads a role map such as {@code WinterRoom.Viewer=VIEWER,WinterRoom.Assessor=ASSESSOR}; blank
     * means none (the role names themselves). A bad entry fails with what is wrong, so a typo cannot
     * lock people out silently.
     */
    public static Map<String, Role> parseRoleMap(String text) {
        Map<String, Role> map = new LinkedHashMap<>();
        if (text == null || text.isBlank()) return map;
        for (String entry : text.split(",")) {
            if (entry.isBlank()) continue;
            int eq = entry.lastIndexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalArgumentException("OIDC_ROLE_MAP entry '" + entry.strip() + "' is not claim-value=ROLE");
            }
            String value = entry.substring(0, eq).strip();
            String roleName = entry.substring(eq + 1).strip();
            Role role;
            try {
                role = Role.valueOf(roleName.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("OIDC_ROLE_MAP entry '" + entry.strip() + "': unknown role '" + roleName + "' (" + Role.names() + ")");
            }
            if (map.containsKey(value) && map.get(value) != role) {
                throw new IllegalArgumentException("OIDC_ROLE_MAP maps '" + value + "' twice, to " + map.get(value) + " and " + role);
            }
            map.put(value, role);
        }
        return map;
    }

    /** From settings: null when no issuer is set, otherwise a checked configuration. */
    public static OidcConfig of(String issuer, String audience, String rolesClaim, String roleMap) {
        if (issuer == null || issuer.isBlank()) {
            if (audience != null && !audience.isBlank()) {
                throw new IllegalArgumentException("an OIDC audience is set but no issuer (--oidc-issuer or OIDC_ISSUER)");
            }
            return null;
        }
        return new OidcConfig(issuer, audience, rolesClaim, parseRoleMap(roleMap));
    }
}
