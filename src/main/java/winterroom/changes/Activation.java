package winterroom.changes;

import winterroom.policy.CompileProblem;

import java.util.List;

/**
 * The outcome of an accepted change: the version now active and the one before it. unchanged is
 * true when the candidate was the active version already (nothing was written or recorded).
 */
public record Activation(String version, String previous, boolean unchanged, boolean forced,
                         List<String> brokenExpectations, List<CompileProblem> warnings) {}
