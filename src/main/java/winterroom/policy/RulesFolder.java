package winterroom.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
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
        // A link could name /etc/passwd or a folder elsewhere: only plain files inside the folder are policy.
        // (walk does not enter linked folders; the filter skips linked files.)
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : (Iterable<Path>) paths.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))::iterator) {
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

    /** Well inside every file system's limits (255 bytes a segment), so a valid name can always be written. */
    private static final int MAX_NAME = 200, MAX_SEGMENT = 100;

    /**
     * Why a file name cannot be written into a rules folder, or empty when it can: names are
     * relative paths with forward slashes, never climbing out of the folder, and name a DRL file,
     * a decision table (CSV or XLSX) or a CSV catalogue.
     */
    public static Optional<String> nameProblem(String name) {
        if (name == null || name.isBlank()) return Optional.of("a file name is required");
        if (name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*")) return Optional.of("must be a path relative to the rules folder, not an absolute path");
        if (name.contains("\\")) return Optional.of("use forward slashes in file names");
        if (name.length() > MAX_NAME) return Optional.of("at most " + MAX_NAME + " characters (this is " + name.length() + ")");
        for (String part : name.split("/", -1)) {
            if (part.length() > MAX_SEGMENT) return Optional.of("each part of the path is at most " + MAX_SEGMENT + " characters");
            if (part.equals("..") || part.equals(".")) return Optional.of("must not contain '.' or '..' path segments");
            if (part.isEmpty()) return Optional.of("must not contain empty path segments");
        }
        if (name.chars().anyMatch(c -> c < 0x20 || c == ':' || c == '*' || c == '?' || c == '"' || c == '<' || c == '>' || c == '|')) {
            return Optional.of("contains a character that cannot be in a file name");
        }
        if (!isPolicyFile(name)) return Optional.of("hidden, backup and temporary files are not policy");
        if (!(name.endsWith(".drl") || name.endsWith(".csv") || name.endsWith(".xlsx"))) {
            return Optional.of("only .drl, .csv and .xlsx files are policy files");
        }
        return Optional.empty();
    }

    /**
     * Makes the folder hold exactly {@code files}: changed files are written (each through a temporary
     * file and a move, so an editor or the watcher never reads half a file), files not listed are removed.
     */
    public static void replace(Path folder, Map<String, byte[]> files) {
        Map<String, byte[]> current = read(folder);
        try {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                byte[] old = current.get(f.getKey());
                if (old != null && java.util.Arrays.equals(old, f.getValue())) continue;
                Path target = resolve(folder, f.getKey());
                Files.createDirectories(target.getParent());
                Path tmp = Files.createTempFile(target.getParent(), ".incoming-", ".tmp");
                try {
                    Files.write(tmp, f.getValue());
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(tmp);   // gone after a move; after a failure, not left in the folder
                }
            }
            for (String name : current.keySet()) {
                if (!files.containsKey(name)) Files.deleteIfExists(resolve(folder, name));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write rules folder " + folder, e);
        }
    }

    /** The files of {@code base} with {@code changes} written over them and {@code deletions} removed. */
    public static SortedMap<String, byte[]> overlay(Map<String, byte[]> base, Map<String, byte[]> changes, Collection<String> deletions) {
        SortedMap<String, byte[]> out = new TreeMap<>(base);
        out.putAll(changes);
        deletions.forEach(out::remove);
        return out;
    }

    /** Why {@code name} cannot be written into {@code folder}: a bad name, or a link on the way out of the folder. */
    public static Optional<String> writeProblem(Path folder, String name) {
        Optional<String> bad = nameProblem(name);
        if (bad.isPresent()) return bad;
        Path root = folder.normalize();
        Path target = folder.resolve(name).normalize();
        if (!target.startsWith(root)) return Optional.of("is outside the rules folder");
        // a linked folder (or file) on the way would take the write, or the read, outside the folder
        for (Path p = target; p != null && !p.equals(root); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) return Optional.of("passes through a link (" + root.relativize(p) + "), which the rules folder does not follow");
        }
        return Optional.empty();
    }

    private static Path resolve(Path folder, String name) {
        writeProblem(folder, name).ifPresent(p -> { throw new IllegalArgumentException("rules file '" + name + "' " + p); });
        return folder.resolve(name).normalize();
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
