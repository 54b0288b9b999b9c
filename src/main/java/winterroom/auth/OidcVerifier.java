package winterroom.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jose.util.health.HealthStatus;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.util.DateUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Checks bearer JWTs from an OpenID Connect provider and says who is calling. The provider is found
 * from its issuer URL ({@code <issuer>/.well-known/openid-configuration}); its signing keys come
 * from the {@code jwks_uri} there, cached and refreshed (at most every 30 s) when a token names a
 * key not yet seen, so a key rotation needs no restart. A token is accepted when its signature
 * verifies with one of those keys under an asymmetric algorithm (RSA: RS256/384/512, PS256/384/512;
 * EC: ES256/384/512; never {@code none}, never HMAC, which would let a published key sign), its
 * {@code iss} is the configured issuer, its {@code aud} holds the configured audience, and
 * {@code exp} and {@code nbf} hold with a minute's clock skew. All of that is the library's
 * (Nimbus JOSE+JWT): nothing here parses or checks a signature by hand.
 *
 * <p>If the provider cannot be reached (at start-up or later, before any keys were fetched), the
 * service still runs: a JWT is then answered "provider unavailable" (503 with Retry-After) until
 * the keys can be fetched; other tokens are unaffected.
 */
public final class OidcVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(OidcVerifier.class);

    /** Allowed clock difference between the provider and this service, in seconds. */
    public static final int CLOCK_SKEW_SECONDS = 60;
    /** Seconds a caller is told to wait when the provider cannot be reached. */
    public static final int RETRY_AFTER_SECONDS = 5;

    private static final int HTTP_TIMEOUT_MS = 5_000;
    private static final int HTTP_SIZE_LIMIT = 512 * 1024;
    private static final long CACHE_TTL_MS = 15 * 60_000L;
    private static final long CACHE_REFRESH_TIMEOUT_MS = 5_000L;
    private static final long REFRESH_MIN_INTERVAL_MS = 30_000L;
    private static final long OUTAGE_TTL_MS = 60 * 60_000L;
    private static final long DISCOVERY_RETRY_NANOS = 2_000_000_000L;

    /** Asymmetric signature algorithms the JDK verifies on its own. No HMAC, no "none", no ES256K (gone from the JDK). */
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    /** Why a token was not accepted, and so which answer it gets. */
    public static final class Refused extends RuntimeException {
        public enum Reason {
            /** The token is not one this service accepts (401). */
            INVALID_TOKEN,
            /** A valid token that carries none of this service's roles (403). */
            NO_ROLE,
            /** The provider's keys cannot be had just now (503, try again). */
            PROVIDER_UNAVAILABLE
        }

        private final Reason reason;

        Refused(Reason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }

        public Reason reason() { return reason; }
    }

    private final OidcConfig config;
    private final ResourceRetriever retriever;
    private final ReentrantLock discovery = new ReentrantLock();
    private volatile DefaultJWTProcessor<SecurityContext> processor;
    private volatile String unavailable = "the sign-in provider has not been reached yet";
    private volatile long lastDiscovery;
    private volatile HealthStatus keys;

    private OidcVerifier(OidcConfig config) {
        this.config = config;
        this.retriever = new DefaultResourceRetriever(HTTP_TIMEOUT_MS, HTTP_TIMEOUT_MS, HTTP_SIZE_LIMIT);
    }

    /**
     * A verifier for this provider, having tried its discovery document once. A provider that
     * cannot be reached is logged and tried again when a JWT arrives; it never stops start-up.
     */
    public static OidcVerifier start(OidcConfig config) {
        OidcVerifier v = new OidcVerifier(config);
        v.lastDiscovery = System.nanoTime();
        v.discover();
        return v;
    }

    public OidcConfig config() { return config; }

    /** Whether the provider's discovery document has been read (its keys are fetched as tokens need them). */
    public boolean discovered() { return processor != null; }

    /**
     * Whether a bearer token is a JWT (three dot-separated parts, or five for an encrypted one), and
     * so goes to the provider rather than to the tokens file: static and exercise tokens have no dots.
     */
    public static boolean looksLikeJwt(String token) {
        if (token == null) return false;
        int parts = token.strip().split("\\.", -1).length;
        return parts == 3 || parts == 5;
    }

    /** The caller a JWT belongs to, with the highest role its roles claim maps to; otherwise {@link Refused}. */
    public Caller verify(String token) {
        JWT jwt;
        try {
            jwt = JWTParser.parse(token.strip());
        } catch (ParseException e) {
            throw invalid("the bearer token is not a well-formed JWT");
        }
        if (jwt instanceof PlainJWT) throw invalid("the bearer token is not signed (alg 'none'): unsigned tokens are never accepted");
        if (jwt instanceof EncryptedJWT) throw invalid("the bearer token is encrypted: send the provider's signed access token");
        SignedJWT signed = (SignedJWT) jwt;
        JWSAlgorithm alg = signed.getHeader().getAlgorithm();
        if (!ALGORITHMS.contains(alg)) {
            throw invalid("the bearer token is signed with " + alg + ", which is not accepted (only the provider's public-key signatures: RSA or EC)");
        }
        DefaultJWTProcessor<SecurityContext> p = processor();
        JWTClaimsSet claims;
        try {
            claims = p.process(signed, null);
        } catch (BadJWTException e) {
            throw invalid(claimsProblem(signed));
        } catch (BadJWSException e) {
            throw invalid("the bearer token's signature does not verify with the sign-in provider's keys");
        } catch (KeySourceException e) {
            if (keys != HealthStatus.HEALTHY) throw providerUnavailable(e);
            // the keys were fetched, and a token naming some other key was asked for again too soon
            throw invalid("the bearer token is signed with a key the sign-in provider does not publish");
        } catch (BadJOSEException e) {
            // no key of the provider's fits the token's key id and algorithm, or a token type not accepted
            String typ = signed.getHeader().getType() == null ? null : signed.getHeader().getType().getType();
            if (typ != null && !acceptedTypes().contains(signed.getHeader().getType())) {
                throw invalid("the bearer token's type '" + typ + "' is not an access token type this service accepts");
            }
            throw invalid("the bearer token is signed with a key the sign-in provider does not publish");
        } catch (JOSEException e) {
            throw invalid("the bearer token's signature cannot be checked with the sign-in provider's keys");
        }
        String name = firstString(claims, "preferred_username", "name", "sub");
        List<String> values = claimValues(claims, config.rolesClaim());
        Role best = null;
        for (String value : values) {
            Role r = config.role(value);
            if (r != null && (best == null || r.includes(best))) best = r;
        }
        if (best == null) {
            throw new Refused(Refused.Reason.NO_ROLE, name + " is signed in, but the token's '" + config.rolesClaim() + "' claim "
                    + (values.isEmpty() ? "is missing or empty" : "holds no value this service maps to a role")
                    + "; ask your administrator to assign one of: " + config.describeMapping());
        }
        return new Caller(name, best);
    }

    /** The processor, once the provider's discovery document has been read; tries again (not too often) until then. */
    private DefaultJWTProcessor<SecurityContext> processor() {
        DefaultJWTProcessor<SecurityContext> p = processor;
        if (p != null) return p;
        if (System.nanoTime() - lastDiscovery >= DISCOVERY_RETRY_NANOS && discovery.tryLock()) {
            try {
                if (processor == null && System.nanoTime() - lastDiscovery >= DISCOVERY_RETRY_NANOS) {
                    lastDiscovery = System.nanoTime();
                    discover();
                }
            } finally {
                discovery.unlock();
            }
        }
        p = processor;
        if (p == null) throw new Refused(Refused.Reason.PROVIDER_UNAVAILABLE, unavailable);
        return p;
    }

    private void discover() {
        String issuer = config.issuer();
        String where = (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer) + "/.well-known/openid-configuration";
        try {
            Map<String, Object> doc = JSONObjectUtils.parse(retriever.retrieveResource(new URL(where)).getContent());
            String named = JSONObjectUtils.getString(doc, "issuer");
            if (!issuer.equals(named)) {
                fail("the sign-in provider's discovery document names the issuer '" + named + "', not the configured '" + issuer
                        + "': set OIDC_ISSUER to the provider's issuer exactly", null);
                return;
            }
            URI jwksUri = JSONObjectUtils.getURI(doc, "jwks_uri");
            if (jwksUri == null) {
                fail("the sign-in provider's discovery document has no jwks_uri", null);
                return;
            }
            if (!"https".equalsIgnoreCase(jwksUri.getScheme()) && !(config.insecure() && OidcConfig.isLoopback(jwksUri.getHost()))) {
                fail("the sign-in provider's jwks_uri is not https: its keys could be replaced on the way", null);
                return;
            }
            processor = processor(jwksUri.toURL());
            LOG.info("OIDC sign-in: issuer {}, audience {}, roles from claim '{}' ({}); keys from {}", issuer, config.audience(),
                    config.rolesClaim(), config.describeMapping(), jwksUri);
        } catch (IOException | ParseException | IllegalArgumentException e) {
            fail("the sign-in provider (" + issuer + ") cannot be reached just now", e);
        }
    }

    private void fail(String why, Exception e) {
        unavailable = why;
        if (e == null) LOG.error("OIDC sign-in: {}", why);
        else LOG.warn("OIDC sign-in: {} ({}: {}); JWTs get 503 until it answers, other tokens are unaffected",
                why, e.getClass().getSimpleName(), e.getMessage());
    }

    private DefaultJWTProcessor<SecurityContext> processor(URL jwks) {
        JWKSource<SecurityContext> source = JWKSourceBuilder.<SecurityContext>create(jwks, retriever)
                .cache(CACHE_TTL_MS, CACHE_REFRESH_TIMEOUT_MS)
                .rateLimited(REFRESH_MIN_INTERVAL_MS)
                .retrying(true)
                .outageTolerant(OUTAGE_TTL_MS)
                .healthReporting(report -> {
                    HealthStatus was = keys;
                    keys = report.getHealthStatus();
                    if (keys != was && keys != HealthStatus.HEALTHY) {
                        LOG.warn("OIDC sign-in: the provider's keys cannot be fetched from {} ({})", jwks,
                                report.getException() == null ? "no answer" : report.getException().getMessage());
                    } else if (keys != was && was != null) {
                        LOG.info("OIDC sign-in: the provider's keys can be fetched again from {}", jwks);
                    }
                })
                .build();
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(acceptedTypes()));
        p.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, source));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                Set.of(config.audience()),
                new JWTClaimsSet.Builder().issuer(config.issuer()).build(),
                Set.of("iss", "aud", "exp", "sub"),
                null);
        claims.setMaxClockSkew(CLOCK_SKEW_SECONDS);
        p.setJWTClaimsSetVerifier(claims);
        return p;
    }

    /** JWT, the access-token type of RFC 9068, or none. */
    private static Set<JOSEObjectType> acceptedTypes() {
        Set<JOSEObjectType> types = new HashSet<>();
        types.add(JOSEObjectType.JWT);
        types.add(new JOSEObjectType("at+jwt"));
        types.add(new JOSEObjectType("application/at+jwt"));
        types.add(null);
        return types;
    }

    /**
     * Says in general terms which claim check failed. Called only after the library has verified the
     * signature and refused the claims, so the claims read here are the provider's own.
     */
    private String claimsProblem(SignedJWT jwt) {
        JWTClaimsSet c;
        try {
            c = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return "the bearer token's claims cannot be read";
        }
        Date now = new Date();
        if (c.getExpirationTime() == null) return "the bearer token has no expiry (exp)";
        if (!DateUtils.isAfter(c.getExpirationTime(), now, CLOCK_SKEW_SECONDS)) return "the bearer token has expired";
        if (c.getNotBeforeTime() != null && !DateUtils.isBefore(c.getNotBeforeTime(), now, CLOCK_SKEW_SECONDS)) {
            return "the bearer token is not valid yet (nbf)";
        }
        if (!config.issuer().equals(c.getIssuer())) return "the bearer token was issued by another issuer than the one this service trusts";
        if (c.getAudience() == null || !c.getAudience().contains(config.audience())) {
            return "the bearer token is meant for another audience (aud), not this service";
        }
        if (c.getSubject() == null) return "the bearer token has no subject (sub)";
        return "the bearer token's claims are not accepted";
    }

    private Refused providerUnavailable(Exception e) {
        LOG.debug("OIDC keys unavailable", e);
        return new Refused(Refused.Reason.PROVIDER_UNAVAILABLE, "the sign-in provider's keys cannot be fetched just now, so the token cannot be checked");
    }

    private static Refused invalid(String why) { return new Refused(Refused.Reason.INVALID_TOKEN, why); }

    private static String firstString(JWTClaimsSet claims, String... names) {
        for (String n : names) {
            Object v = claims.getClaim(n);
            if (v instanceof String s && !s.isBlank()) return s;
        }
        return "unknown";
    }

    /**
     * The strings at a claim path: one string, or a list of them (anything else is ignored). A claim
     * whose own name has dots (a URI, say) is taken whole; otherwise each dot steps into an object.
     */
    static List<String> claimValues(JWTClaimsSet claims, String path) {
        String[] parts = claims.getClaim(path) != null ? new String[] {path} : path.split("\\.");
        Object v = claims.getClaim(parts[0]);
        for (int i = 1; i < parts.length && v != null; i++) {
            v = v instanceof Map<?, ?> m ? m.get(parts[i]) : null;
        }
        List<String> out = new ArrayList<>();
        if (v instanceof String s) {
            out.add(s);
        } else if (v instanceof Iterable<?> list) {
            for (Object o : list) if (o instanceof String s) out.add(s);
        }
        return out;
    }
}
