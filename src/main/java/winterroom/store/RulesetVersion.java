package winterroom.store;

import java.time.Instant;
import java.util.SortedMap;

/**
 * One version of the rules folder as it was activated: its content hash, when it was first
 * activated, by whom and why, and every file's content (so it can be activated again).
 */
public record RulesetVersion(String hash, Instant createdAt, String author, String note, SortedMap<String, byte[]> files) {}
