package winterroom.changes;

import winterroom.engine.EvaluationResult;
import winterroom.policy.Ruleset;

import java.util.List;

/**
 * Something with known expectations that a ruleset change is tried against: a scenario (one
 * situation) or an exercise (a timeline of steps). Running it under a ruleset gives one outcome per
 * step, each with the expectations it breaks.
 */
public interface PreviewCase {
    /** "scenario" or "exercise". */
    String kind();

    String name();

    /** Where the case comes from, relative to the project ("scenarios/t3-six-handovers-over-an-hour.json"). */
    String file();

    /** Runs every step; throws (an invalid situation, runaway rules) when the case cannot run at all. */
    List<Step> run(Ruleset ruleset);

    /** One evaluated step and the expectations it broke. label is null for a single-situation case. */
    record Step(String label, EvaluationResult result, List<String> brokenExpectations) {}
}
