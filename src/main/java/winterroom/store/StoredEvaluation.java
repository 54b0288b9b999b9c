package winterroom.store;

import com.fasterxml.jackson.databind.JsonNode;
import winterroom.engine.EvaluationResult;

/** An evaluation as kept: who asked, the situation as submitted, and the result. */
public record StoredEvaluation(String id, String actor, JsonNode input, EvaluationResult result) {}
