package winterroom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import winterroom.engine.EvaluationResult;
import winterroom.exercise.ExerciseFiles;
import winterroom.exercise.ExerciseFiles.ExerciseFile;
import winterroom.exercise.ExerciseReplayer;
import winterroom.exercise.ExerciseReport;
import winterroom.exercise.ReplayResult;
import winterroom.exercise.ReplayStep;
import winterroom.policy.ActiveRuleset;
import winterroom.policy.Ruleset;
import winterroom.situation.FieldError;
import winterroom.situation.InvalidSituationException;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Replays every shipped exercise against its per-step expectations, and checks how a timeline carries state. */
class ExerciseReplayTest {
    static final Ruleset RULES = ActiveRuleset.load(Path.of("rules")).get();
    static final List<ExerciseFile> EXERCISES = ExerciseFiles.readAll(Path.of("scenarios/exercises"));

    static JsonNode json(String text) throws Exception { return Json.mapper().readTree(text); }

    static ReplayResult replay(String file) {
        return ExerciseReplayer.replay(RULES, ExerciseFiles.read(Path.of("scenarios/exercises", file)).json());
    }

    @TestFactory
    Stream<DynamicTest> everyShippedExerciseMeetsItsExpectations() {
        assertTrue(EXERCISES.size() >= 4, "four exercises ship");
        return EXERCISES.stream().map(e -> DynamicTest.dynamicTest(e.file(), () -> {
            ReplayResult r = ExerciseReplayer.replay(RULES, e.json());
            assertEquals(e.json().get("steps").size(), r.steps().size());
            long withExpectations = r.steps().stream().filter(s -> s.expectationsBroken() != null).count();
            assertTrue(withExpectations * 2 >= r.steps().size(), e.file() + ": most steps carry expectations");
            assertEquals(List.of(), r.brokenExpectations(), e.file());
            assertEquals(0, r.summary().expectationsBroken());
        }));
    }

    @Test
    void theDeskTopExerciseEscalatesToFourAndRecovers() {
        ReplayResult r = replay("snow-and-flu-desktop-exercise.json");
        assertTrue(r.steps().size() >= 10);
        // LCH alone at OPEL 4 on day 4 leaves the system at 3; LTHT joining it on day 5 takes the system to 4
        assertEquals(Map.of("1", 0, "2", 6, "3", 3, "4", 3), r.summary().daysAtOpel());
        assertEquals(4, r.summary().exceptionReturns());
        assertEquals(List.of(), r.summary().outstandingRecovery(), "every suspension was recovered");
        assertEquals(4, r.summary().peakOpel().get("LTHT"));
        // T4 needs no manual previousDay: day 4's D&V closures are compared with day 3's carried value
        EvaluationResult day4 = r.steps().get(3).result();
        assertTrue(day4.exceptionReport().triggers().stream().anyMatch(t -> t.code().equals("T4") && t.detail().contains("from 4 to 26")));
        // the first day has no previous day to compare with; later days do
        assertFalse(r.steps().get(0).result().exceptionReport().skippedChecks().isEmpty());
        assertTrue(r.steps().get(1).result().exceptionReport().skippedChecks().isEmpty());
        // recommendations are tracked as new, continuing or stood down: the sitrep call comes on day 4, when LTHT
        // at OPEL 3 has its four-hour trigger (significant pressure), and stands down once LTHT steps down on day 9
        for (int day = 0; day < 3; day++) assertFalse(r.steps().get(day).result().recommendationCodes().contains("SITREP_CALL"), "day " + (day + 1));
        ReplayStep fourth = r.steps().get(3);
        assertTrue(fourth.changes().newRecommendations().contains("SITREP_CALL"), fourth.changes().newRecommendations().toString());
        assertTrue(r.steps().get(4).changes().continuing().contains("SITREP_CALL"));
        assertTrue(r.steps().get(8).changes().stoodDown().contains("SITREP_CALL"), r.steps().get(8).changes().stoodDown().toString());
        // the audit of a step lists only that step's firings
        assertTrue(r.steps().get(6).result().audit().stream().anyMatch(a -> "O6".equals(a.code())));
        assertFalse(r.steps().get(5).result().audit().stream().anyMatch(a -> "O6".equals(a.code())));
    }

    @Test
    void theWinterReplayUsesLeedsRealAmbulanceFigures() {
        ReplayResult r = replay("winter-2018-19-replay.json");
        assertEquals(63, r.steps().size(), "3 December 2018 to 3 February 2019");
        assertEquals(3, r.summary().sitrepCalls(), "three sitrep calls in 2018/19");
        // Leeds never had more than two handovers over an hour (RR8 in the NHS England sitrep): T3 never holds
        for (ReplayStep s : r.steps()) assertFalse(s.result().triggerCodes().contains("T3"), s.label());
        JsonNode first = r.steps().get(0).result().audit().stream().filter(a -> "P7".equals(a.code())).findFirst()
                .map(a -> (JsonNode) Json.mapper().valueToTree(a.matched())).orElseThrow();
        assertTrue(first.toString().contains("\"value\":4"), "3 Dec 2018: four handovers of 30-60 minutes: " + first);
        assertEquals("2018-12-25", r.steps().get(22).result().calendar().localDate().toString());
        assertTrue(r.steps().get(22).result().calendar().bankHoliday());
    }

    @Test
    void aHardWinterEndsWithAServiceAwaitingRecovery() {
        ReplayResult r = replay("hard-winter-2017-18.json");
        // nearly daily: every day but the first, when LTHT is at OPEL 3 with no trigger yet and not for two days running
        assertEquals(r.steps().size() - 1, r.summary().sitrepCalls(), "a sitrep call on every day but the first");
        assertFalse(r.steps().get(0).result().recommendationCodes().contains("SITREP_CALL"));
        assertEquals(1, r.summary().outstandingRecovery().size());
        assertEquals("routine outpatient clinics", r.summary().outstandingRecovery().get(0).get("service"));
        String html = ExerciseReport.html(r);
        assertTrue(html.contains("routine outpatient clinics"));
    }

    @Test
    void measuresCarryForwardAndEventsLastForTheirStep() throws Exception {
        JsonNode file = json("""
            {"name": "carry", "start": "2019-01-07T08:00:00Z", "step": "P1D",
             "base": {"organisations": [{"code": "LTHT", "type": "ACUTE", "reportedOpel": 2}, {"code": "CCG", "type": "COMMISSIONER"}],
                      "measures": [{"org": "LTHT", "metric": "ae_4h_pct", "value": 92},
                                   {"org": "LTHT", "metric": "beds_closed_dv", "value": 5}]},
             "steps": [
               {"label": "a"},
               {"label": "b", "measures": [{"org": "LTHT", "metric": "ae_4h_pct", "value": 81.5}],
                "events": [{"type": "SIGNIFICANT_EVENT", "org": "LTHT", "description": "flood in ED"}]},
               {"label": "c", "measures": [{"org": "LTHT", "metric": "beds_closed_dv", "value": 25}],
                "events": [{"type": "SIGNIFICANT_EVENT", "description": "fuel shortage", "until": "2019-01-10T08:00:00Z"}]},
               {"label": "d", "organisations": [{"code": "LTHT", "reportedOpel": 3}]},
               {"label": "e", "at": "2019-01-12T09:00:00Z"}
             ]}""");
        ReplayResult r = ExerciseReplayer.replay(RULES, file);
        List<List<String>> triggers = r.steps().stream().map(s -> s.result().triggerCodes()).toList();
        // b: a 10.5-point fall from a's carried 92 (T1) and the event (T5); c: D&V 5 -> 25 (T4), new event;
        // d: the event with an until still holds, b's event has gone; e: nothing left
        assertEquals(List.of(List.of(), List.of("T1", "T5"), List.of("T4", "T5"), List.of("T5"), List.of()), triggers);
        assertTrue(r.steps().get(3).result().exceptionReport().triggers().get(0).detail().contains("fuel shortage"));
        assertEquals(3, r.steps().get(3).result().opel().organisations().get(0).reported());
        assertEquals("2019-01-12", r.steps().get(4).result().calendar().localDate().toString());
        // a level stepped down without a de-escalation on record is a P17 breach; here LTHT only went up
        assertFalse(r.steps().get(3).result().breachCodes().contains("P17"));
    }

    @Test
    void suspensionsWaitForTheirRecoveryAndSteppingDownNeedsAgreement() throws Exception {
        JsonNode file = json("""
            {"name": "recovery", "start": "2019-01-07T08:00:00Z",
             "base": {"organisations": [{"code": "LTHT", "type": "ACUTE", "reportedOpel": 4}, {"code": "CCG", "type": "COMMISSIONER"}]},
             "steps": [
               {"actions": [{"org": "LTHT", "type": "SUSPEND_SERVICE", "service": "day surgery", "recoveryPlanned": true}]},
               {"organisations": [{"code": "LTHT", "reportedOpel": 3}]},
               {"actions": [{"org": "LTHT", "type": "RECOVER_SERVICE", "service": "day surgery"}]},
               {"organisations": [{"code": "LTHT", "reportedOpel": 2}],
                "actions": [{"org": "LTHT", "type": "DE_ESCALATE", "fromLevel": 3, "toLevel": 2, "agreedBy": ["CCG"]}]}
             ]}""");
        ReplayResult r = ExerciseReplayer.replay(RULES, file);
        assertEquals(1, r.steps().get(0).result().findings().get("recovery").size());
        EvaluationResult eased = r.steps().get(1).result();
        assertTrue(eased.recommendationCodes().contains("RESTORE_SUSPENDED_SERVICE"));
        assertTrue(eased.breachCodes().contains("P17"), "stepped down from 4 to 3 with nothing agreed");
        assertNull(r.steps().get(2).result().findings().get("recovery"));
        assertFalse(r.steps().get(3).result().breachCodes().contains("P17"), "de-escalation agreed by every other partner");
        assertEquals(List.of(), r.summary().outstandingRecovery());
    }

    @Test
    void badExerciseFilesAreRejectedWithEveryProblemAndItsPath() throws Exception {
        ObjectNode file = (ObjectNode) json("""
            {"name": "bad", "start": "7 Jan 2019", "step": "daily", "colour": "blue",
             "base": {"asOf": "2019-01-07T08:00:00Z", "organisations": [{"code": "LTHT", "type": "ACUTE"}]},
             "steps": []}""");
        InvalidSituationException e = assertThrows(InvalidSituationException.class, () -> ExerciseReplayer.replay(RULES, file));
        assertFields(e.details(), "start", "step", "colour", "base.asOf", "steps");

        JsonNode steps = json("""
            {"name": "bad steps", "start": "2019-01-07T08:00:00Z",
             "base": {"organisations": [{"code": "LTHT", "type": "ACUTE"}],
                      "measures": [{"org": "LTHT", "metric": "ambulance_handover_over_30_min", "value": 4}]},
             "steps": [
               {"measures": [{"org": "LTHT", "metric": "ae_4hr_percent", "value": 80}]},
               {"measures": [{"org": "LTHT", "metric": "ae_4h_pct", "value": 180}], "organisations": [{"code": "YAS", "reportedOpel": 2}]},
               {"measures": [{"org": "LTHT", "metric": "ambulance_handover_over_60_min", "value": 9}]},
               {"at": "2019-01-01T08:00:00Z", "weather": "snow"}
             ]}""");
        e = assertThrows(InvalidSituationException.class, () -> ExerciseReplayer.replay(RULES, steps));
        assertFields(e.details(), "steps[0].measures[0].metric", "steps[1].measures[0].value", "steps[1].organisations[0].code",
                "steps[2].measures[0].value", "steps[3].at", "steps[3].weather");
    }

    static void assertFields(List<FieldError> details, String... fields) {
        List<String> got = details.stream().map(FieldError::field).toList();
        for (String f : fields) assertTrue(got.contains(f), "expected a problem at " + f + " in " + details);
    }
}
