package winterroom;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line as an operator meets it: a separate JVM, its exit code and what it prints. */
class CommandLineTest {
    record Run(int exit, String output) {}

    private static Run run(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "winterroom.Main"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.equals("PORT") || k.startsWith("JDBC_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the command did not finish");
        return new Run(p.exitValue(), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aBadPortInTheEnvironmentGetsTheSameOneLineMessageAsABadOption() throws Exception {
        Run fromEnv = run(Map.of("PORT", "abc"), "serve");
        Run fromOption = run(Map.of(), "serve", "--port", "abc");
        String message = "Invalid value for option '--port': 'abc' is not an int";
        assertEquals(2, fromEnv.exit(), fromEnv.output());
        assertEquals(2, fromOption.exit(), fromOption.output());
        assertTrue(fromEnv.output().startsWith(message), fromEnv.output());
        assertTrue(fromOption.output().startsWith(message), fromOption.output());
        assertFalse(fromEnv.output().contains("Exception"), fromEnv.output());
    }

    @Test
    void aBadNumberInAnotherVariableIsOneLineNamingIt() throws Exception {
        Run r = run(Map.of("MAX_RULE_FIRINGS", "lots"), "serve", "--port", "0", "--data", "target/cli-test-data");
        assertEquals(2, r.exit(), r.output());
        assertTrue(r.output().contains("MAX_RULE_FIRINGS: 'lots'"), r.output());
        assertFalse(r.output().contains("\tat "), r.output());
    }

    @Test
    void versionIsTheOneMavenBuilt() throws Exception {
        Properties built = new Properties();
        try (var in = CommandLineTest.class.getResourceAsStream("/version.properties")) {
            built.load(in);
        }
        String version = built.getProperty("version");
        assertFalse(version.isBlank() || version.contains("${"), "version.properties was not filtered: " + version);
        Run r = run(Map.of(), "--version");
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().startsWith("Winter Room " + version), r.output());
    }
}
