package winterroom.changes;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.SortedMap;

/**
 * What a worker process is asked to do with a candidate ruleset (sent as JSON on its standard input, one {@link WorkerFrames} frame a job).
 * kind: "validate" (compile only), "check" (compile and list the expectations it breaks), "preview"
 * (compare every case with the active ruleset) or "impact" (evaluate a body of situations under the
 * candidate: the service evaluates them under the active ruleset itself and compares). active is the
 * active ruleset's files, for preview only. The limits are the service's
 * own evaluation limits and the job's time limit, which the worker keeps itself (the service kills it
 * a little after).
 */
public record CandidateJob(String kind, SortedMap<String, byte[]> candidate, SortedMap<String, byte[]> active,
                           String scenariosDir, int maxFirings, long evaluationMillis, long timeLimitMillis,
                           String change, List<JsonNode> situations, List<String> labels) {
    static CandidateJob of(String kind, SortedMap<String, byte[]> candidate, SortedMap<String, byte[]> active) {
        return new CandidateJob(kind, candidate, active, null, 0, 0, 0, null, null, null);
    }

    static CandidateJob impact(String change, SortedMap<String, byte[]> candidate, List<JsonNode> situations) {
        return new CandidateJob("impact", candidate, null, null, 0, 0, 0, change, situations, null);
    }

    /** The job with the service's limits and scenarios folder filled in. */
    CandidateJob within(String scenarios, int firings, long evaluation, long time) {
        return new CandidateJob(kind, candidate, active, scenarios, firings, evaluation, time, change, situations, labels);
    }
}
