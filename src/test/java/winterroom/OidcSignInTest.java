package winterroom;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.javalin.testtools.JavalinTest;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import winterroom.Http.Answer;
import winterroom.auth.OidcConfig;
import winterroom.auth.Role;
import winterroom.auth.Tokens;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static winterroom.Http.get;
import static winterroom.Http.post;
import static winterroom.Http.put;

/**
 * Sign-in with bearer JWTs from a real OpenID Connect provider (mock-oauth2-server, run in-process
 * on a free port: discovery document, JWKS and tokens signed with its own keys), beside the tokens
 * file. Tokens come from its token endpoint or from its API with chosen claims.
 */
class OidcSignInTest {
    static final String ISSUER_ID = "winterroom";
    static final String AUDIENCE = "api://winter-room";
    static final String ROLE_MAP = "WinterRoom.Viewer=VIEWER,WinterRoom.Assessor=ASSESSOR,"
            + "WinterRoom.PolicyOwner=POLICY_OWNER,WinterRoom.RuleAuthor=RULE_AUTHOR";
    static final String STATIC_VIEWER = "vera-static-token-0123456789";

    static MockOAuth2Server provider;
    /** The service over a copy of the rules, with the provider and a tokens file, shared by the tests that need no other set-up. */
    static WinterRoom room;
    @TempDir
    static Path shared;
    /** Another provider with keys of its own: what it signs must not pass for the first one's. */
    static MockOAuth2Server stranger;

    @BeforeAll
    static void startProviders() throws Exception {
        provider = new MockOAuth2Server();
        provider.start();
        stranger = new MockOAuth2Server(new OAuth2Config(false, null, null, false, new OAuth2TokenProvider(new KeyProvider(List.of()))));
        stranger.start();
        // the provider's first answers are slow while it warms up; ask for its documents once before the service does
        HttpClient http = HttpClient.newHttpClient();
        for (HttpUrl url : List.of(provider.wellKnownUrl(ISSUER_ID), provider.jwksUrl(ISSUER_ID))) {
            assertEquals(200, http.send(HttpRequest.newBuilder(url.uri()).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        }
        Path tokens = shared.resolve("tokens.csv");
        Files.writeString(tokens, Tokens.line("vera-static", Role.VIEWER, STATIC_VIEWER) + "\n");
        room = room(shared, issuer(), tokens);
    }

    @AfterAll
    static void stopProviders() throws Exception {
        provider.shutdown();
        stranger.shutdown();
    }

    static String issuer() { return provider.issuerUrl(ISSUER_ID).toString(); }

    static String[] as(String token) { return new String[]{"Authorization", "Bearer " + token}; }

    /** A token from the provider for this service's audience, with these claims, lasting expirySeconds (negative: expired). */
    static String token(String subject, String audience, Map<String, Object> claims, long expirySeconds) {
        return provider.issueToken(ISSUER_ID, "winter-room-client",
                new DefaultOAuth2TokenCallback(ISSUER_ID, subject, "JWT", List.of(audience), claims, expirySeconds)).serialize();
    }

    static String token(String subject, Map<String, Object> claims) { return token(subject, AUDIENCE, claims, 3600); }

    /** A token through the provider's own token endpoint (client credentials over HTTP), as a service account gets one. */
    static String tokenFromEndpoint(Map<String, Object> claims) throws Exception {
        provider.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, "svc-sitrep-loader", "JWT", List.of(AUDIENCE), claims, 3600));
        HttpRequest request = HttpRequest.newBuilder(provider.tokenEndpointUrl(ISSUER_ID).uri())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("winter-room-client:secret".getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=" + AUDIENCE))
                .build();
        HttpResponse<String> answer = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        return Json.mapper().readTree(answer.body()).get("access_token").asText();
    }

    static WinterRoom room(Path dir, String issuer, Path tokens) {
        ServiceConfig config = new ServiceConfig(0, TestRules.copy(dir), 20000).withDataDir(dir.resolve("data"))
                .withRulesPoll(Duration.ZERO).withOidc(OidcConfig.of(issuer, AUDIENCE, "roles", ROLE_MAP));
        return WinterRoom.create(tokens == null ? config : config.withTokens(tokens));
    }

    static void assertInvalid(Answer a, String why) {
        assertEquals(401, a.status(), a.text());
        assertEquals("Bearer error=\"invalid_token\"", a.header("WWW-Authenticate"), a.text());
        assertNotNull(a.body(), a.text());
        String error = a.body().get("error").asText();
        assertTrue(error.contains(why), error);
        assertTrue(!error.contains("\"n\"") && !error.contains("-----BEGIN"), "no key material in the answer: " + error);
    }

    @Test
    void providerTokensAndTheTokensFileBothSignIn() throws Exception {
        assertTrue(room.oidc().discovered(), "the provider's discovery document was read at start-up");
        assertTrue(!room.localMode());
        String example = Files.readString(Path.of("scenarios/example-saturday-handover-delays.json"));

        String viewer = token("0b7c-vera", Map.of("preferred_username", "vera@trust.nhs.uk", "name", "Vera Viewer",
                "roles", List.of("WinterRoom.Viewer")));
        String assessor = tokenFromEndpoint(Map.of("name", "Sitrep loader", "roles", List.of("WinterRoom.Assessor")));
        String author = token("5e1d-rita", Map.of("preferred_username", "rita@trust.nhs.uk",
                "roles", List.of("WinterRoom.Viewer", "WinterRoom.RuleAuthor", "WinterRoom.Assessor")));
        String subjectOnly = token("9f00-anon", Map.of("roles", "WinterRoom.PolicyOwner"));

        JavalinTest.test(room.newWebApp(), (server, client) -> {
            // a viewer reads, but cannot evaluate
            assertEquals(200, get(client, "/api/v1/rules", as(viewer)).status());
            Answer denied = post(client, "/api/v1/evaluations", example, as(viewer));
            assertEquals(403, denied.status(), denied.text());
            assertTrue(denied.body().get("error").asText().contains("needs the ASSESSOR role; vera@trust.nhs.uk has VIEWER"), denied.text());

            // an assessor (a token from the provider's token endpoint) evaluates, recorded by name
            Answer evaluated = post(client, "/api/v1/evaluations", example, as(assessor));
            assertEquals(201, evaluated.status(), evaluated.text());
            assertEquals("Sitrep loader", evaluated.body().get("requestedBy").asText());

            // several roles: the highest counts, so a rule author writes rule code
            JsonNode me = get(client, "/api/v1/me", as(author)).body();
            assertEquals("rita@trust.nhs.uk", me.get("name").asText(), me.toString());
            assertEquals("RULE_AUTHOR", me.get("role").asText(), me.toString());
            assertTrue(me.get("tokensRequired").asBoolean());
            Answer written = put(client, "/api/v1/rules/files/extra.drl", "package winterroom.rules\n// nothing yet\n",
                    "Authorization", "Bearer " + author, "Content-Type", "text/plain", "X-Change-Note", "placeholder");
            assertEquals(200, written.status(), written.text());
            var versions = room.ruleChanges().versions().activations();
            assertEquals("rita@trust.nhs.uk", versions.get(versions.size() - 1).actor());

            // /me: the name is preferred_username, else name, else sub
            me = get(client, "/api/v1/me", as(viewer)).body();
            assertEquals("vera@trust.nhs.uk", me.get("name").asText());
            assertEquals("VIEWER", me.get("role").asText());
            assertEquals("Sitrep loader", get(client, "/api/v1/me", as(assessor)).body().get("name").asText());
            me = get(client, "/api/v1/me", as(subjectOnly)).body();
            assertEquals("9f00-anon", me.get("name").asText(), me.toString());
            assertEquals("POLICY_OWNER", me.get("role").asText(), "a single string claim counts too");

            // the tokens file still works alongside
            assertEquals(200, get(client, "/api/v1/rules", as(STATIC_VIEWER)).status());
            assertEquals("vera-static", get(client, "/api/v1/me", as(STATIC_VIEWER)).body().get("name").asText());
            Answer unknown = get(client, "/api/v1/rules", as("not-a-token"));
            assertEquals(401, unknown.status());
            assertEquals(401, get(client, "/api/v1/rules").status(), "no token at all");

            // an exercise participant's token still reaches its exercise
            String file = Files.readString(Path.of("scenarios/exercises/snow-and-flu-desktop-exercise.json"));
            Answer started = post(client, "/api/v1/exercises?audit=false", file, as(assessor));
            assertEquals(201, started.status(), started.text());
            String at = "/api/v1/exercises/" + started.body().get("id").asText();
            Answer joined = post(client, at + "/participants", "{\"code\": \"" + started.body().get("joinCode").asText()
                    + "\", \"name\": \"Sam Patel\", \"org\": \"LTHT\"}");
            assertEquals(201, joined.status(), joined.text());
            String participant = joined.body().get("token").asText();
            assertEquals(200, get(client, at + "?audit=false", as(participant)).status());
            assertEquals(401, get(client, "/api/v1/evaluations", as(participant)).status());
        });
    }

    @Test
    void tokensThatAreNotTheProvidersForThisServiceAreRefused() throws Exception {
        Map<String, Object> viewerRoles = Map.of("preferred_username", "vera@trust.nhs.uk", "roles", List.of("WinterRoom.Viewer"));
        String wrongAudience = token("0b7c-vera", "api://another-service", viewerRoles, 3600);
        String expired = token("0b7c-vera", AUDIENCE, viewerRoles, -7200);
        Map<String, Object> claims = Map.of("sub", "0b7c-vera", "aud", List.of(AUDIENCE), "roles", List.of("WinterRoom.RuleAuthor"));
        // the right issuer and audience, signed by a key the provider never published
        String otherKey = stranger.anyToken(provider.issuerUrl(ISSUER_ID), claims).serialize();
        // the provider's own key, but another issuer in the token
        String otherIssuer = provider.anyToken(HttpUrl.get("https://login.example.invalid/" + ISSUER_ID), claims).serialize();
        JWTClaimsSet unsignedClaims = new JWTClaimsSet.Builder().issuer(issuer()).audience(AUDIENCE).subject("0b7c-vera")
                .expirationTime(new Date(System.currentTimeMillis() + 3_600_000)).claim("roles", List.of("WinterRoom.RuleAuthor")).build();
        String unsigned = new PlainJWT(unsignedClaims).serialize();
        // the classic confusion: HMAC keyed with the provider's public key, which anyone can fetch
        RSAKey published = JWKSet.load(provider.jwksUrl(ISSUER_ID).url()).getKeys().get(0).toRSAKey();
        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(published.getKeyID()).build(), unsignedClaims);
        hmac.sign(new MACSigner(published.toRSAPublicKey().getEncoded()));
        // a key id the provider does not publish: the keys are fetched again once, then at most every 30 s
        RSAKey unpublished = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID("not-the-providers").generate();
        SignedJWT unknownKid = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(unpublished.getKeyID()).build(), unsignedClaims);
        unknownKid.sign(new com.nimbusds.jose.crypto.RSASSASigner(unpublished));
        String noRoles = token("1a2b-nora", Map.of("preferred_username", "nora@trust.nhs.uk"));
        String unmapped = token("1a2b-nora", Map.of("preferred_username", "nora@trust.nhs.uk", "roles", List.of("Payroll.Admin")));
        String valid = token("0b7c-vera", viewerRoles);

        JavalinTest.test(room.newWebApp(), (server, client) -> {
            assertEquals(200, get(client, "/api/v1/rules", as(valid)).status(), "the provider's own token passes");
            assertInvalid(get(client, "/api/v1/rules", as(wrongAudience)), "another audience");
            assertInvalid(get(client, "/api/v1/rules", as(expired)), "expired");
            assertInvalid(get(client, "/api/v1/rules", as(otherKey)), "signature does not verify");
            assertInvalid(get(client, "/api/v1/rules", as(otherIssuer)), "another issuer");
            assertInvalid(get(client, "/api/v1/rules", as(unsigned)), "not signed");
            assertInvalid(get(client, "/api/v1/rules", as(hmac.serialize())), "HS256");
            assertInvalid(get(client, "/api/v1/rules", as(valid.substring(0, valid.lastIndexOf('.')) + ".AAAA")), "signature");
            assertInvalid(get(client, "/api/v1/me", as("eyJhbGciOiJSUzI1NiJ9.e30.bm9wZQ")), "");
            for (int i = 0; i < 3; i++) {
                assertInvalid(get(client, "/api/v1/rules", as(unknownKid.serialize())), "a key the sign-in provider does not publish");
            }

            // a valid token without a role here: signed in, but forbidden, and told why
            Answer none = get(client, "/api/v1/rules", as(noRoles));
            assertEquals(403, none.status(), none.text());
            assertTrue(none.body().get("error").asText().contains("nora@trust.nhs.uk is signed in, but the token's 'roles' claim is missing"), none.text());
            assertTrue(none.body().get("error").asText().contains("WinterRoom.Viewer (VIEWER)"), none.text());
            Answer other = get(client, "/api/v1/me", as(unmapped));
            assertEquals(403, other.status(), other.text());
            assertTrue(other.body().get("error").asText().contains("holds no value this service maps to a role"), other.text());
        });
    }

    @Test
    void aProviderThatCannotBeReachedGives503UntilItAnswers(@TempDir Path dir) throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("localhost"))) {
            port = s.getLocalPort();
        }
        String issuer = "http://localhost:" + port + "/" + ISSUER_ID;
        Path tokens = dir.resolve("tokens.csv");
        Files.writeString(tokens, Tokens.line("vera-static", Role.VIEWER, STATIC_VIEWER) + "\n");
        WinterRoom room = room(dir, issuer, tokens);   // starts although the provider is not there
        assertTrue(!room.oidc().discovered());
        // the provider that turns up signs with EC keys (ES256), where the other signs with RSA
        MockOAuth2Server late = new MockOAuth2Server(new OAuth2Config(false, null, null, false,
                new OAuth2TokenProvider(new KeyProvider(List.of(), JWSAlgorithm.ES256.getName()))));
        try {
            JavalinTest.test(room.newWebApp(), (server, client) -> {
                String jwt = token("0b7c-vera", Map.of("roles", List.of("WinterRoom.Viewer")));
                Answer unavailable = get(client, "/api/v1/rules", as(jwt));
                assertEquals(503, unavailable.status(), unavailable.text());
                assertEquals("5", unavailable.header("Retry-After"));
                assertTrue(unavailable.body().get("error").asText().contains("cannot be reached"), unavailable.text());
                assertEquals(200, get(client, "/api/v1/rules", as(STATIC_VIEWER)).status(), "the tokens file is unaffected");

                late.start(java.net.InetAddress.getByName("localhost"), port);
                assertEquals(issuer, late.issuerUrl(ISSUER_ID).toString());
                String fresh = late.issueToken(ISSUER_ID, "winter-room-client", new DefaultOAuth2TokenCallback(ISSUER_ID, "0b7c-vera", "JWT",
                        List.of(AUDIENCE), Map.of("roles", List.of("WinterRoom.Viewer")), 3600)).serialize();
                assertEquals(JWSAlgorithm.ES256, SignedJWT.parse(fresh).getHeader().getAlgorithm());
                // the provider is tried again every few seconds; wait (bounded) until it has been
                int status = 0;
                for (int i = 0; i < 100 && status != 200; i++) {
                    status = get(client, "/api/v1/rules", as(fresh)).status();
                    if (status != 200) {
                        assertEquals(503, status, "only unavailable while the provider is being reached again");
                        Thread.sleep(100);
                    }
                }
                assertEquals(200, status, "once the provider answers, its tokens are accepted");
                assertTrue(room.oidc().discovered());
            });
        } finally {
            late.shutdown();
        }
    }

    @Test
    void settingsAreCheckedAtStartUp() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OidcConfig.of("https://login.microsoftonline.com/t/v2.0", null, null, null))
                .getMessage().contains("audience"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OidcConfig.of("http://login.example.org/t", "a", null, null))
                .getMessage().contains("https"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OidcConfig.parseRoleMap("WinterRoom.Boss=KING"))
                .getMessage().contains("KING"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OidcConfig.parseRoleMap("WinterRoom.Viewer"))
                .getMessage().contains("claim-value=ROLE"));
        OidcConfig entra = OidcConfig.of("https://login.microsoftonline.com/t/v2.0", "api://winter-room", "realm_access.roles", "");
        assertEquals(Role.ASSESSOR, entra.role("ASSESSOR"), "without a map, the role names themselves");
        assertEquals(null, entra.role("WinterRoom.Assessor"));
        assertEquals(Role.RULE_AUTHOR, OidcConfig.of(issuer(), "a", null, ROLE_MAP).role("WinterRoom.RuleAuthor"));
        assertEquals("roles", OidcConfig.of(issuer(), "a", " ", null).rolesClaim());
        assertEquals(null, OidcConfig.of(null, null, "roles", null), "no issuer, no OIDC");
    }

    @Test
    void anIssuerAloneIsNotLocalUseAndADottedRolesClaimReachesIntoAnObject(@TempDir Path dir) throws Exception {
        WinterRoom open = WinterRoom.start(new ServiceConfig(0, TestRules.copy(dir), 20000).withRulesPoll(Duration.ZERO)
                .withOidc(OidcConfig.of(issuer(), AUDIENCE, "realm_access.roles", null)));
        try {
            var c = (org.eclipse.jetty.server.ServerConnector) open.http().jettyServer().server().getConnectors()[0];
            assertEquals(null, c.getHost(), "with an OIDC issuer the service listens on every interface");
            assertTrue(!open.localMode());
            String keycloakStyle = token("kc-1", Map.of("preferred_username", "kim", "realm_access", Map.of("roles", List.of("offline_access", "ASSESSOR"))));
            JavalinTest.test(open.newWebApp(), (server, client) -> {
                JsonNode me = get(client, "/api/v1/me", as(keycloakStyle)).body();
                assertEquals("kim", me.get("name").asText(), me.toString());
                assertEquals("ASSESSOR", me.get("role").asText(), "without a map the role names themselves: " + me);
                assertEquals(401, get(client, "/api/v1/me").status(), "no local user once an issuer is set");
            });
        } finally {
            open.stop();
        }
    }
}
