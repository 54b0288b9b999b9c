package winterroom.store;

import java.time.Instant;

/**
 * A filter over kept evaluations; null means "any".
 *
 * @param from     recorded at or after (when the evaluation was made)
 * @param to       recorded before
 * @param asOfFrom the situation's asOf at or after
 * @param asOfTo   the situation's asOf before
 * @param org      an organisation in the situation
 * @param trigger  an exception-report trigger that held (T1-T5)
 * @param breach   a principle that was breached (P2, P7, ...)
 * @param cursor   continue after this cursor (from the previous page)
 */
public record EvaluationQuery(Instant from, Instant to, Instant asOfFrom, Instant asOfTo, String org, String trigger,
                              String breach, Long cursor, int limit) {
    public static EvaluationQuery all() { return new EvaluationQuery(null, null, null, null, null, null, null, null, 0); }
}
