package winterroom.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The bearer tokens the service accepts, from a file of lines {@code name,role,sha256-of-token}
 * ('#' starts a comment). Only hashes are kept on disk and in memory: a token is checked by
 * hashing what the caller presents.
 */
public final class Tokens {
    private record Entry(String name, Role role, byte[] hash) {}

    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<Entry> entries;

    private Tokens(List<Entry> entries) { this.entries = List.copyOf(entries); }

    /** Reads a tokens file; a malformed line fails with its line number, so a typo cannot lock people out silently. */
    public static Tokens read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tokens file " + file.toAbsolutePath(), e);
        }
        List<Entry> entries = new ArrayList<>();
        java.util.Map<String, Integer> lineOfHash = new java.util.HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            // editors on Windows start a UTF-8 file with a byte-order mark, which is not part of the first name
            if (i == 0 && line.startsWith("\uFEFF")) line = line.substring(1).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] parts = line.split(",", -1);
            String where = file + " line " + (i + 1);
            if (parts.length != 3) throw new IllegalArgumentException(where + ": expected name,role,sha256-of-token");
            String name = parts[0].strip();
            Role role;
            try {
                role = Role.valueOf(parts[1].strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": unknown role '" + parts[1].strip() + "' (" + Role.names() + ")");
            }
            String hex = parts[2].strip().toLowerCase(Locale.ROOT);
            String nameProblem = nameProblem(name);
            if (nameProblem != null) throw new IllegalArgumentException(where + ": " + nameProblem);
            if (!hex.matches("[0-9a-f]{64}")) throw new IllegalArgumentException(where + ": the third field must be a SHA-256 hash in hex (64 characters)");
            // one token for two entries would make who acted, and with which role, depend on the file's order
            Integer earlier = lineOfHash.putIfAbsent(hex, i + 1);
            if (earlier != null) throw new IllegalArgumentException(where + ": the same token hash as line " + earlier + "; give each person their own token");
            entries.add(new Entry(name, role, HexFormat.of().parseHex(hex)));
        }
        // an empty file would lock everyone out without saying so; leaving the file out is how to run without tokens
        if (entries.isEmpty()) throw new IllegalArgumentException(file + " holds no tokens: add a line name,role,sha256-of-token, or start without a tokens file");
        return new Tokens(entries);
    }

    static final int MAX_NAME = 100;

    /**
     * Why a name cannot stand for a person, or null. The name is the actor in the audit trail, so it must read
     * as what it is: no invisible or control characters (a byte-order mark pasted mid-file, a tab), no comma.
     */
    public static String nameProblem(String name) {
        if (name.isBlank()) return "the name is empty";
        if (name.length() > MAX_NAME) return "the name is longer than " + MAX_NAME + " characters";
        if (name.contains(",")) return "the name holds a comma, which separates the fields";
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            int type = Character.getType(cp);
            if (Character.isISOControl(cp) || type == Character.FORMAT || type == Character.UNASSIGNED
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                return String.format("the name holds an invisible or control character (U+%04X at position %d)", cp, i + 1);
            }
            i += Character.charCount(cp);
        }
        return null;
    }

    /** The caller a presented token belongs to, if any. */
    public Optional<Caller> caller(String token) {
        if (token == null || token.isBlank()) return Optional.empty();
        byte[] presented = HexFormat.of().parseHex(sha256(token.strip()));
        Caller found = null;
        for (Entry e : entries) {
            // compare every entry in constant time, so timing says nothing about near matches
            if (MessageDigest.isEqual(e.hash(), presented) && found == null) found = new Caller(e.name(), e.role());
        }
        return Optional.ofNullable(found);
    }

    public int size() { return entries.size(); }

    /** A new random token (256 bits, URL-safe). */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The tokens-file line for a token. */
    public static String line(String name, Role role, String token) {
        return name + "," + role.name() + "," + sha256(token);
    }

    public static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
