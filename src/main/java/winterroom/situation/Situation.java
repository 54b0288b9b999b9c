package winterroom.situation;

import winterroom.facts.Action;
import winterroom.facts.Event;
import winterroom.facts.Measure;
import winterroom.facts.Organisation;

import java.time.Instant;
import java.util.List;

/**
 * The state of a health and care system at one moment: a validated situation, ready to evaluate.
 * {@code bankHoliday} overrides the calendar when it is not null.
 */
public record Situation(String system, Instant asOf, Boolean bankHoliday, List<Organisation> organisations,
                        List<Measure> measures, List<Event> events, List<Action> actions) {}
