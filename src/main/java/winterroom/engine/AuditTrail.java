package winterroom.engine;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * An evaluation's audit trail: the firings that set up its warm session (the policy values in force, the same
 * entries in every evaluation on that session) and then its own, numbered after them. It reads as one list. The
 * set-up part is one {@link SetUpFirings} per session, so a result writer can write it once and copy it after that.
 */
public final class AuditTrail extends AbstractList<AuditEntry> implements RandomAccess {
    private final SetUpFirings setUp;
    private final List<AuditEntry> own;

    AuditTrail(SetUpFirings setUp, List<AuditEntry> own) {
        this.setUp = setUp;
        this.own = own;
    }

    /** The session's set-up firings, first in the trail. */
    public SetUpFirings setUp() { return setUp; }

    /** The evaluation's own firings, after them. */
    public List<AuditEntry> own() { return own; }

    @Override
    public AuditEntry get(int index) {
        int n = setUp.entries().size();
        return index < n ? setUp.entries().get(index) : own.get(index - n);
    }

    @Override
    public int size() { return setUp.entries().size() + own.size(); }

    /** The firings a warm session's set-up made, shared by every evaluation on it. */
    public static final class SetUpFirings {
        private final List<AuditEntry> entries;
        /** The entries as a result writer wrote them (without the array's brackets), kept by that writer; null until then. */
        public volatile byte[] written;

        SetUpFirings(List<AuditEntry> entries) { this.entries = List.copyOf(entries); }

        public List<AuditEntry> entries() { return entries; }
    }
}
