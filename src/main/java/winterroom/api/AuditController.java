package winterroom.api;

import io.javalin.http.Context;
import winterroom.audit.AuditLog;
import winterroom.audit.RecordKind;
import winterroom.audit.RecordQuery;

import java.util.List;
import java.util.Set;

/**
 * HTTP face of the audit trail: check the hash chain, and read records of any kind (exercise steps of one
 * exercise, ruleset activations, the items of a batch).
 */
final class AuditController {
    private final AuditLog audit;

    AuditController(AuditLog audit) { this.audit = audit; }

    void verify(Context ctx) {
        QueryParams q = new QueryParams(ctx, Set.of("from", "hash"));
        String from = q.text("from");
        String hash = q.text("hash");
        long checkpoint = 0;
        if (from != null) {
            try {
                checkpoint = Long.parseLong(from);
            } catch (NumberFormatException e) {
                checkpoint = -1;
            }
            q.require(checkpoint >= 0, "from", "'" + from + "' is not a record's position (seq), 0 or more");
        }
        q.require(hash == null || from != null, "hash", "is the hash of the checkpoint record: give from too");
        q.check();
        ctx.json(audit.verify(checkpoint, hash));
    }

    void records(Context ctx) {
        QueryParams q = new QueryParams(ctx, Set.of("kind", "subject", "from", "to", "asOfFrom", "asOfTo", "limit", "cursor"));
        RecordKind kind = q.oneOf("kind", RecordKind.class);
        String subject = q.text("subject");
        var from = q.instant("from");
        var to = q.instant("to");
        var asOfFrom = q.instant("asOfFrom");
        var asOfTo = q.instant("asOfTo");
        q.require(from == null || to == null || from.isBefore(to), "to", "must be after from");
        var query = new RecordQuery(kind == null ? Set.of() : Set.of(kind), subject, from, to, asOfFrom, asOfTo, List.of(),
                q.cursor(), q.limit(50));
        q.check();
        var page = audit.query(query);
        ctx.json(QueryParams.page(page));
    }

    void record(Context ctx) {
        String id = ctx.pathParam("id");
        var r = audit.find(id).orElseThrow(() -> ApiException.notFound("audit record '" + id + "'"));
        // the record as kept, and whether its own hash still matches it (the whole chain: /audit/verify)
        var body = (com.fasterxml.jackson.databind.node.ObjectNode) winterroom.Json.mapper().valueToTree(r);
        String problem = audit.hashProblem(r);
        var integrity = body.putObject("integrity").put("hashMatches", problem == null);
        if (problem != null) integrity.put("problem", problem);
        ctx.json(body);
    }
}
