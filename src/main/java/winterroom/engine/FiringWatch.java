package winterroom.engine;

import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;

/**
 * Knows which rule is firing now and which fired last, read from another thread. A worker process
 * that runs a candidate ruleset watches every session with one, so when the candidate passes its
 * time limit the answer can name the rule that was running.
 */
public final class FiringWatch extends DefaultAgendaEventListener {
    private volatile String firing;
    private volatile String lastFired;

    @Override
    public void beforeMatchFired(BeforeMatchFiredEvent event) { firing = event.getMatch().getRule().getName(); }

    @Override
    public void afterMatchFired(AfterMatchFiredEvent event) {
        lastFired = event.getMatch().getRule().getName();
        firing = null;
    }

    /** The rule whose consequence is running now, or null between firings. */
    public String firing() { return firing; }

    /** The rule that fired most recently, or null before the first firing. */
    public String lastFired() { return lastFired; }
}
