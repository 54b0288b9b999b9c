package winterroom.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * Group commit for the audit trail. Appends are serialised by the hash chain and each commit waits
 * for the disk, so under load one commit per request made the store the bottleneck (about 25
 * evaluations a second on this machine). Here one writer takes every append waiting at that moment
 * and commits them in one transaction, one disk flush for all; each caller still returns only once
 * its record is durable, so nothing acknowledged can be lost.
 *
 * <p>Each caller serialises, deflates and content-hashes its own records ({@link PreparedRecord}) before it
 * queues them, so the one writer thread only chains and inserts them.
 */
public final class GroupCommitAuditLog implements AuditLog, AutoCloseable {
    private static final int MAX_GROUP = 128;
    /**
     * After the store is found unreachable, appends fail at once for this long rather than each waiting out its
     * own connection timeout: during an outage a queue of callers would otherwise wait one timeout apiece, in turn.
     */
    private static final long FAIL_FAST_NANOS = 1_000_000_000L;

    private record Pending(List<PreparedRecord> records, CompletableFuture<List<AuditRecord>> done) {}

    /** Queued by {@link #close}: the writer stops when it reaches it, after everything queued before it. */
    private static final Pending STOP = new Pending(List.of(), new CompletableFuture<>());

    private final AuditLog delegate;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;
    /** Written and read by the writer thread only. */
    private StoreUnavailableException lastOutage;
    private long outageSeenAt;

    public GroupCommitAuditLog(AuditLog delegate) {
        this.delegate = delegate;
        writer = new Thread(this::writeForever, "audit-group-commit");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public AuditRecord append(NewRecord record) { return appendAll(List.of(record)).get(0); }

    @Override
    public List<AuditRecord> appendAll(List<NewRecord> records) { return appendPrepared(PreparedRecord.all(records)); }

    @Override
    public List<AuditRecord> appendPrepared(List<PreparedRecord> records) {
        if (records.isEmpty()) return List.of();
        if (closed) throw new StoreUnavailableException("the audit trail is closed: the service is stopping", null);
        Pending p = new Pending(records, new CompletableFuture<>());
        queue.add(p);
        try {
            return p.done().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the audit record was written", e);
        } catch (ExecutionException e) {
            // the writer's own exception (the store unavailable, say), so callers map it as before
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new CompletionException(e.getCause());
        }
    }

    private void writeForever() {
        while (true) {
            List<Pending> group = new ArrayList<>();
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            if (group.get(0) == STOP) return;
            int size = group.get(0).records().size();
            Pending next;
            boolean stop = false;
            while (size < MAX_GROUP && (next = queue.poll()) != null) {
                if (next == STOP) {
                    stop = true;
                    break;
                }
                group.add(next);
                size += next.records().size();
            }
            write(group);
            if (stop) return;
        }
    }

    private void write(List<Pending> group) {
        if (lastOutage != null && System.nanoTime() - outageSeenAt < FAIL_FAST_NANOS) {
            group.forEach(p -> p.done().completeExceptionally(lastOutage));
            return;
        }
        if (group.size() > 1) {
            List<PreparedRecord> all = new ArrayList<>();
            group.forEach(p -> all.addAll(p.records()));
            try {
                List<AuditRecord> written = delegate.appendPrepared(all);
                lastOutage = null;
                int from = 0;
                for (Pending p : group) {
                    p.done().complete(written.subList(from, from + p.records().size()));
                    from += p.records().size();
                }
                return;
            } catch (StoreUnavailableException away) {
                outage(away);
                group.forEach(p -> p.done().completeExceptionally(away));
                return;
            } catch (RuntimeException groupFailed) {
                // nothing of the group was kept: write each caller's records alone, so a refused record fails only its own
            }
        }
        for (int i = 0; i < group.size(); i++) {
            Pending p = group.get(i);
            try {
                p.done().complete(delegate.appendPrepared(p.records()));
                lastOutage = null;
            } catch (StoreUnavailableException away) {
                outage(away);
                group.subList(i, group.size()).forEach(rest -> rest.done().completeExceptionally(away));
                return;
            } catch (RuntimeException e) {
                p.done().completeExceptionally(e);
            }
        }
    }

    private void outage(StoreUnavailableException away) {
        lastOutage = away;
        outageSeenAt = System.nanoTime();
    }

    /**
     * Stops the writer once it has written what was queued (a service stopping, or the start-up rehearsal's copy:
     * each would otherwise leave its writer thread waiting for ever).
     */
    @Override
    public void close() {
        closed = true;
        queue.add(STOP);
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override public Optional<AuditRecord> find(String id) { return delegate.find(id); }

    @Override public Optional<AuditRecord> latest(RecordKind kind) { return delegate.latest(kind); }

    @Override public Page<AuditRecord> query(RecordQuery query) { return delegate.query(query); }

    @Override public void forEach(RecordQuery query, Consumer<AuditRecord> sink) { delegate.forEach(query, sink); }

    @Override public boolean reachable() { return delegate.reachable(); }

    @Override public ChainCheck verify() { return delegate.verify(); }

    @Override public ChainCheck verify(long from, String fromHash) { return delegate.verify(from, fromHash); }

    @Override public String hashProblem(AuditRecord record) { return delegate.hashProblem(record); }
}
