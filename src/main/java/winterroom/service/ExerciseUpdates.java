package winterroom.service;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import winterroom.audit.StorageConfig;
import winterroom.store.JdbcExerciseStore;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Who wants to hear when an exercise changes (the open pages of the room), and the telling. Changes made in this
 * process are told as they commit; on PostgreSQL a listener also hears the NOTIFY of changes made by other instances
 * sharing the database, so a participant connected here sees a step the facilitator made elsewhere.
 */
public final class ExerciseUpdates implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExerciseUpdates.class);

    private final Map<String, Set<Consumer<String>>> listeners = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private Thread listener;

    /** Listens for changes to one exercise ("step", "decision", "clock", "joined", "lesson", "ended", "deleted"); run the answer to stop. */
    public Runnable subscribe(String exercise, Consumer<String> onChange) {
        listeners.computeIfAbsent(exercise, k -> ConcurrentHashMap.newKeySet()).add(onChange);
        return () -> listeners.computeIfPresent(exercise, (k, set) -> {
            set.remove(onChange);
            return set.isEmpty() ? null : set;
        });
    }

    public int listening() { return listeners.values().stream().mapToInt(Set::size).sum(); }

    public void publish(String exercise, String what) {
        Set<Consumer<String>> set = listeners.get(exercise);
        if (set == null) return;
        for (Consumer<String> l : set) {
            try {
                l.accept(what);
            } catch (RuntimeException e) {
                LOG.debug("a listener of exercise {} failed: {}", exercise, e.getMessage());
            }
        }
    }

    /** Tells every listener of every exercise (a heartbeat keeps idle connections open through proxies). */
    public void publishAll(String what) { listeners.keySet().forEach(id -> publish(id, what)); }

    /**
     * Hears changes made by other instances on PostgreSQL (LISTEN on {@link JdbcExerciseStore#CHANNEL}), ignoring
     * this instance's own, which are told directly. Reconnects when the database goes away and comes back.
     */
    public synchronized void listenAcross(StorageConfig config, String instance) {
        if (!config.isPostgres() || listener != null) return;
        listener = new Thread(() -> {
            long backoff = 500;
            while (!closed) {
                try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
                     Statement st = c.createStatement()) {
                    st.execute("LISTEN " + JdbcExerciseStore.CHANNEL);
                    PGConnection pg = c.unwrap(PGConnection.class);
                    backoff = 500;
                    while (!closed) {
                        PGNotification[] ns = pg.getNotifications(500);
                        if (ns == null) continue;
                        for (PGNotification n : ns) {
                            String[] parts = n.getParameter().split(" ");
                            if (parts.length >= 4 && !parts[3].equals(instance)) publish(parts[0], parts[1]);
                        }
                    }
                } catch (SQLException e) {
                    if (closed) break;
                    LOG.warn("not hearing exercise changes from other instances ({}); trying again", e.getMessage());
                    try { Thread.sleep(backoff); } catch (InterruptedException ie) { return; }
                    backoff = Math.min(backoff * 2, 10_000);
                }
            }
        }, "exercise-listen");
        listener.setDaemon(true);
        listener.start();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (listener != null) listener.interrupt();
    }
}
