package winterroom.store;

import java.time.Instant;
import java.util.List;

/**
 * One time a ruleset version became the active one: who asked (the authenticated caller), the
 * author they named, their note, how (an API change, an approved change set, an emergency change,
 * a deletion, a rollback, an edit in the folder, start-up), whether it was forced past scenario
 * expectations it breaks (listed), and the change set it came from (null when it came another way).
 */
public record RulesetActivation(String hash, String previous, Instant at, String actor, String author, String note, String how,
                                boolean forced, List<String> brokenExpectations, String change) {
    public RulesetActivation(String hash, String previous, Instant at, String actor, String author, String note, String how,
                             boolean forced, List<String> brokenExpectations) {
        this(hash, previous, at, actor, author, note, how, forced, brokenExpectations, null);
    }
}
