package winterroom.facts;

/** The system-wide OPEL level. */
public class SystemOpel {
    private final int level;
    private final String basis;

    public SystemOpel(int level, String basis) {
        this.level = level;
        this.basis = basis;
    }

    public int getLevel() { return level; }
    public String getBasis() { return basis; }

    @Override public String toString() { return "SystemOpel(" + level + ")"; }
}
