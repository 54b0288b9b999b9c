package winterroom.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Reads the policy files of a rules folder, keyed by their path relative to it ("tables/opel-thresholds.csv"). */
public final class RulesFolder {
    private RulesFolder() {}

    public static SortedMap<String, byte[]> read(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("rules folder not found: " + folder.toAbsolutePath());
        }
        SortedMap<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
                String name = folder.relativize(p).toString().replace('\\', '/');
                if (isPolicyFile(name)) files.put(name, Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rules folder " + folder, e);
        }
        return files;
    }

    /** Editor droppings and hidden files are not policy. */
    public static boolean isPolicyFile(String name) {
        String base = name.substring(name.lastIndexOf('/') + 1);
        return !base.startsWith(".") && !base.endsWith("~") && !base.endsWith(".swp") && !base.endsWith(".tmp")
                && !base.startsWith("~$");
    }

    /** The ruleset version: a content hash over every file name and content, so any edit changes it. */
    public static String version(Map<String, byte[]> files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> f : new TreeMap<>(files).entrySet()) {
                sha.update(f.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(f.getValue());
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
