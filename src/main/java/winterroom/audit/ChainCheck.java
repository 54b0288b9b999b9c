package winterroom.audit;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The outcome of recomputing the chain: how many records were checked and, when the chain is broken, the first
 * record where it breaks and why.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChainCheck(boolean ok, long records, String head, Broken firstBroken) {
    public record Broken(long seq, String id, String problem) {}
}
