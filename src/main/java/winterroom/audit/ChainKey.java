package winterroom.audit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;
import java.util.function.LongSupplier;

/**
 * The secret that keys the audit chain, held outside the database. A plain hash chain can be rebuilt by anyone
 * who can write the database: change a record, re-hash it and every record after it, and the chain verifies.
 * With each record's hash an HMAC under this key, rebuilding needs the key too.
 *
 * <p>Records written before the chain was keyed keep their plain SHA-256 hashes (they are never re-hashed); the
 * key file says up to which record that is allowed, so a keyed record cannot be "downgraded" to a plain one.
 * Beside the key, the service keeps the last record it wrote ({@code .head}), so removing records from the end
 * of the trail (and moving the head row back) is noticed too.
 */
public final class ChainKey {
    /** Prefix of a keyed hash; a plain SHA-256 hash has none. */
    static final String KEYED = "hmac:";

    private final byte[] key;          // null: an unkeyed chain (plain SHA-256), as before keying
    private final long legacyUntil;    // records up to this seq may carry plain hashes
    private final Path headFile;       // null: no record of the head outside the database

    private ChainKey(byte[] key, long legacyUntil, Path headFile) {
        this.key = key;
        this.legacyUntil = legacyUntil;
        this.headFile = headFile;
    }

    /** No key: plain SHA-256 throughout (tests of the chain itself, and stores read only for import). */
    public static ChainKey none() { return new ChainKey(null, Long.MAX_VALUE, null); }

    private static final java.util.Map<String, ChainKey> IN_MEMORY = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A key that lives as long as the process, for a database that lives as long as the process: one key per
     * in-memory database, so two services sharing it (in one JVM) check each other's records.
     */
    public static ChainKey ephemeral(String databaseUrl) {
        return IN_MEMORY.computeIfAbsent(databaseUrl, u -> new ChainKey(randomKey(), 0, null));
    }

    /**
     * The key in {@code file}, made on first use with 256 random bits readable by the service's user only. When it
     * is made, every record already kept ({@code currentHead}) is recorded as written before keying.
     * Several instances sharing one database share one key file (it is made once, atomically).
     */
    public static ChainKey load(Path file, LongSupplier currentHead) {
        try {
            if (!Files.exists(file)) create(file, currentHead.getAsLong());
            Properties p = new Properties();
            try (var in = Files.newInputStream(file)) {
                p.load(in);
            }
            String hex = p.getProperty("key");
            if (hex == null || hex.length() < 64) throw new IllegalArgumentException("audit key file " + file + " has no key of 256 bits");
            long legacy = Long.parseLong(p.getProperty("plainHashesUntilRecord", "0").strip());
            return new ChainKey(HexFormat.of().parseHex(hex.strip()), legacy, file.resolveSibling(file.getFileName() + ".head"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or make the audit key file " + file, e);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("audit key file " + file + " is not valid: " + e.getMessage());
        }
    }

    private static void create(Path file, long head) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".audit-key-", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // the folder's own permissions then protect it
            }
            Files.writeString(tmp, "# the key of the audit chain: keep it outside the database and back it up with it\n"
                    + "key=" + HexFormat.of().formatHex(randomKey()) + "\n"
                    + "# records up to this one were kept before the chain was keyed and keep their plain hashes\n"
                    + "plainHashesUntilRecord=" + head + "\n");
            Files.createLink(file, tmp);   // atomic, and fails if another instance made it first
        } catch (FileAlreadyExistsException madeByAnother) {
            // read theirs
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static byte[] randomKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return k;
    }

    public boolean keyed() { return key != null; }

    /** The hash a new record is kept with. */
    String hash(AuditRecord r) {
        return key == null ? ChainHash.of(r) : KEYED + hmac(ChainHash.hashed(r));
    }

    /** Why a kept record's hash is wrong, or null when it is right. */
    String problem(AuditRecord r) {
        if (r.hash().startsWith(KEYED)) {
            if (key == null) return "it is keyed, and this service holds no key to check it";
            return (KEYED + hmac(ChainHash.hashed(r))).equals(r.hash()) ? null
                    : "its content does not match its keyed hash: it was changed after it was recorded";
        }
        if (key != null && r.seq() > legacyUntil) {
            return "it carries a plain hash where a keyed one is due: it was re-hashed by someone without the key";
        }
        return ChainHash.of(r).equals(r.hash()) ? null : "its content does not match its hash: it was changed after it was recorded";
    }

    /** Notes the newest record written, outside the database (a missing or unreadable note checks nothing). */
    void wrote(long seq, String hash) {
        if (headFile == null) return;
        try {
            Path tmp = headFile.resolveSibling(headFile.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            Files.writeString(tmp, seq + " " + hash + "\n");
            Files.move(tmp, headFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // the chain itself is kept; only the extra check against truncation is weaker until the next write
        }
    }

    /** The newest record this service (or another sharing the key file) wrote: {seq, hash}, or null. */
    String[] lastWritten() {
        if (headFile == null || !Files.exists(headFile)) return null;
        try {
            String[] parts = Files.readString(headFile).strip().split(" ");
            return parts.length == 2 ? parts : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** One initialised Mac per thread: making and keying one costs more than hashing a record's link. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private String hmac(String content) {
        return HexFormat.of().formatHex(macs.get().doFinal(content.getBytes(StandardCharsets.UTF_8)));   // doFinal resets it
    }
}
