package winterroom.store;

import java.time.Instant;
import java.util.List;

/**
 * One time a ruleset version became the active one: who asked (the authenticated caller), the
 * author they named, their note, how (an API change,
 * a deletion, a rollback, an edit in the folder, start-up), and whether it was forced past
 * scenario expectations it breaks (listed).
 */
public record RulesetActivation(String hash, String previous, Instant at, String actor, String author, String note, String how,
                                boolean forced, List<String> brokenExpectations) {}
