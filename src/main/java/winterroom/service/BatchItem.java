package winterroom.service;

import winterroom.engine.EvaluationResult;
import winterroom.situation.FieldError;

import java.util.List;

/**
 * One situation of a batch: its position in the batch and either its result or why it could not
 * be evaluated. A bad item never stops the others.
 */
public record BatchItem(int index, EvaluationResult result, String error, List<FieldError> details) {
    public static BatchItem evaluated(int index, EvaluationResult result) { return new BatchItem(index, result, null, null); }

    public static BatchItem rejected(int index, String error, List<FieldError> details) { return new BatchItem(index, null, error, details); }

    public boolean ok() { return result != null; }
}
