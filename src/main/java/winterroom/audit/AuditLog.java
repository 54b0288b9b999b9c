package winterroom.audit;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The append-only, hash-chained audit trail every capability writes its evidence to. A record is durable when
 * append returns; until then nothing of it is visible.
 */
public interface AuditLog {
    AuditRecord append(NewRecord record);

    /** Appends all of them in one transaction, consecutively in the chain: all are kept, or none. */
    List<AuditRecord> appendAll(List<NewRecord> records);

    /**
     * Appends records already serialised, deflated and content-hashed ({@link PreparedRecord#of}, in the caller's
     * thread), as {@link #appendAll} does: a store that writes them as they are leaves its writer only the chaining.
     */
    default List<AuditRecord> appendPrepared(List<PreparedRecord> records) {
        return appendAll(records.stream().map(PreparedRecord::record).toList());
    }

    Optional<AuditRecord> find(String id);

    /** The newest record of a kind. */
    Optional<AuditRecord> latest(RecordKind kind);

    /** One page, oldest first; the next page starts after the cursor the page returns. */
    Page<AuditRecord> query(RecordQuery query);

    /** Every matching record, oldest first, handed over one at a time (exports). */
    void forEach(RecordQuery query, Consumer<AuditRecord> sink);

    /** Whether the trail can be reached now (for /ready). */
    boolean reachable();

    /** Recomputes every hash from the first record and reports the first record where the chain breaks. */
    ChainCheck verify();

    /**
     * Recomputes the hashes of the records after a checkpoint: record {@code from}, whose hash is trusted (an
     * earlier check ended there) and, when {@code fromHash} is given, must still be that. Records up to the
     * checkpoint are not read, so a daily check reads only the day's records. {@code from} 0 is the whole chain.
     */
    default ChainCheck verify(long from, String fromHash) {
        if (from == 0 && fromHash == null) return verify();
        throw new UnsupportedOperationException("this audit log verifies only from the first record");
    }

    /** Why this one record's own hash is wrong (it was changed, or re-hashed without the key), or null when it is right. */
    String hashProblem(AuditRecord record);
}
