package winterroom.api;

import io.javalin.http.ContentType;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The API description: the OpenAPI 3.1 document kept in resources (a test checks it names every
 * route and nothing else) and the Swagger UI viewer over it, served from its WebJar.
 */
final class ApiDocs {
    private static final String SWAGGER_POM = "META-INF/maven/org.webjars/swagger-ui/pom.properties";

    private final byte[] openapi = resource("openapi.json");
    private final String viewer = new String(resource("api-docs.html"), StandardCharsets.UTF_8)
            .replace("{{swaggerUi}}", "/webjars/swagger-ui/" + swaggerUiVersion());

    void openapi(Context ctx) { ctx.contentType(ContentType.APPLICATION_JSON).result(openapi); }

    void viewer(Context ctx) { ctx.html(viewer); }

    /** The WebJar's version, so the viewer page follows the dependency without an edit. */
    static String swaggerUiVersion() {
        Properties p = new Properties();
        try (InputStream in = ApiDocs.class.getClassLoader().getResourceAsStream(SWAGGER_POM)) {
            if (in == null) throw new IllegalStateException("the swagger-ui WebJar is not on the classpath");
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }

    private static byte[] resource(String name) {
        try (InputStream in = ApiDocs.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException(name + " is missing from the classpath");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
