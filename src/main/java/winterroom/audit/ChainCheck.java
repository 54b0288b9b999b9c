package winterroom.audit;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The outcome of recomputing the chain: how many records were checked and, when the chain is broken, the first
 * record where it breaks and why.
 *
 * @param from    the checkpoint the check started after (its hash trusted, records up to it not read), or null
 *                when it started at the first record
 * @param records records that check, after the checkpoint (from the first record when there is none)
 * @param head    the hash of the last record that checks
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChainCheck(boolean ok, Long from, long records, String head, Broken firstBroken) {
    public ChainCheck(boolean ok, long records, String head, Broken firstBroken) { this(ok, null, records, head, firstBroken); }

    public record Broken(long seq, String id, String problem) {}
}
