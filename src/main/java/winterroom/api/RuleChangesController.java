package winterroom.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import winterroom.Json;
import winterroom.auth.Access;
import winterroom.auth.Caller;
import winterroom.auth.Role;
import winterroom.changes.Activation;
import winterroom.changes.ChangeRejectedException;
import winterroom.changes.RuleChanges;
import winterroom.policy.CompileProblem;
import winterroom.policy.CompileResult;
import winterroom.policy.RulesFolder;
import winterroom.situation.FieldError;
import winterroom.store.RulesetActivation;
import winterroom.store.RulesetVersion;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP face of the policy owner's loop: validate and preview a candidate, change or delete a file,
 * list and re-activate versions, reload the folder and read its status.
 */
final class RuleChangesController {
    private final RuleChanges changes;

    private final winterroom.changes.ChangeSets changeSets;

    RuleChangesController(RuleChanges changes, winterroom.changes.ChangeSets changeSets) {
        this.changes = changes;
        this.changeSets = changeSets;
    }

    /** A candidate as sent: files to write over the folder's, and files to remove. */
    record Candidate(Map<String, byte[]> files, List<String> deletions) {}

    void validate(Context ctx) {
        Candidate c = candidate(Bodies.json(ctx));
        winterroom.changes.Validation r = changes.validate(c.files(), c.deletions());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("valid", r.ok());
        body.put("version", r.version());
        body.put("errors", r.errors());
        body.put("warnings", r.warnings());
        ctx.json(body);
    }

    void preview(Context ctx) {
        Candidate c = candidate(Bodies.json(ctx));
        ctx.json(changes.preview(c.files(), c.deletions()));
    }

    void putFile(Context ctx) {
        String name = fileName(ctx);
        byte[] content;
        String author = ctx.header("X-Author");
        String note = ctx.header("X-Change-Note");
        JsonNode fields = jsonFields(ctx);
        if (fields != null) {
            if (fields.hasNonNull("contentBase64")) content = base64("contentBase64", fields.get("contentBase64").asText());
            else if (fields.path("content").isTextual()) content = fields.get("content").asText().getBytes(StandardCharsets.UTF_8);
            else throw new ApiException(400, "no file content", List.of(new FieldError("content", "give the file as content (text) or contentBase64")));
            if (fields.hasNonNull("author")) author = Bodies.optionalText(fields, "author");
            if (fields.hasNonNull("note")) note = Bodies.optionalText(fields, "note");
        } else {
            content = ctx.bodyAsBytes();
        }
        if (content.length == 0) throw new ApiException(400, "the file content is empty", List.of(new FieldError("content", "send the file's content as the body")));
        requireRuleAuthor(ctx, Access.isRuleCode(name) || changes.changesRuleCode(Map.of(name, content), List.of()),
                "writing rule code (" + name + (Access.isRuleCode(name) ? "" : ": a decision table's code rows, or a new table") + ")");
        Activation a = changes.change(Map.of(name, content), List.of(), Actor.of(ctx), author(ctx, author), note, force(ctx), "put");
        answer(ctx, a, changeSets.recordDirect(a, Map.of(name, content), List.of(), Actor.of(ctx), note, "PUT " + name));
    }

    void deleteFile(Context ctx) {
        String name = fileName(ctx);
        if (!RulesFolder.read(changes.folder()).containsKey(name)) {
            throw ApiException.notFound("rules file '" + name + "'");
        }
        requireRuleAuthor(ctx, Access.isRuleCode(name) || changes.changesRuleCode(Map.of(), List.of(name)), "deleting rule code (" + name + ")");
        JsonNode fields = jsonFields(ctx);
        String author = fields != null && fields.hasNonNull("author") ? Bodies.optionalText(fields, "author") : ctx.header("X-Author");
        String note = fields != null && fields.hasNonNull("note") ? Bodies.optionalText(fields, "note") : ctx.header("X-Change-Note");
        Activation a = changes.change(Map.of(), List.of(name), Actor.of(ctx), author(ctx, author), note, force(ctx), "delete");
        answer(ctx, a, changeSets.recordDirect(a, Map.of(), List.of(name), Actor.of(ctx), note, "DELETE " + name));
    }

    void getFile(Context ctx) {
        String name = fileName(ctx);
        byte[] content = changes.active().files().get(name);
        if (content == null) throw ApiException.notFound("rules file '" + name + "'");
        ctx.contentType(name.endsWith(".xlsx") ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/plain; charset=utf-8");
        ctx.result(content);
    }

    void versions(Context ctx) {
        String active = changes.active().version();
        Map<String, List<RulesetActivation>> activations = new LinkedHashMap<>();
        for (RulesetActivation a : changes.versions().activations()) activations.computeIfAbsent(a.hash(), h -> new ArrayList<>()).add(a);
        List<Map<String, Object>> out = new ArrayList<>();
        List<RulesetVersion> all = new ArrayList<>(changes.versions().versions());
        java.util.Collections.reverse(all);   // newest first
        for (RulesetVersion v : all) out.add(describe(v, active, activations.getOrDefault(v.hash(), List.of())));
        ctx.json(Map.of("active", active, "versions", out));
    }

    void version(Context ctx) {
        String hash = ctx.pathParam("hash");
        RulesetVersion v = changes.versions().find(hash).orElseThrow(() -> ApiException.notFound("ruleset version '" + hash + "'"));
        List<RulesetActivation> activations = changes.versions().activations().stream().filter(a -> a.hash().equals(hash)).toList();
        ctx.json(describe(v, changes.active().version(), activations));
    }

    void activateVersion(Context ctx) {
        String hash = ctx.pathParam("hash");
        changes.versions().find(hash).ifPresent(v -> requireRuleAuthor(ctx,
                RuleChanges.changesRuleCode(changes.active().files(), v.files()), "activating a version with different rule code"));
        JsonNode fields = jsonFields(ctx);
        String author = fields != null && fields.hasNonNull("author") ? Bodies.optionalText(fields, "author") : ctx.header("X-Author");
        String note = fields != null && fields.hasNonNull("note") ? Bodies.optionalText(fields, "note") : ctx.header("X-Change-Note");
        Activation a = changes.rollback(hash, Actor.of(ctx), author(ctx, author), note, force(ctx))
                .orElseThrow(() -> ApiException.notFound("ruleset version '" + hash + "'"));
        answer(ctx, a, changeSets.recordDirect(a, Map.of(), List.of(), Actor.of(ctx), note, "activation of version " + hash));
    }

    void reload(Context ctx) { ctx.json(changes.reload("reload")); }

    void status(Context ctx) { ctx.json(changes.status()); }

    /** A rejected change as a JSON error: 422 when it does not compile, 409 when it breaks expectations. */
    static void rejected(ChangeRejectedException e, Context ctx) {
        List<FieldError> details = new ArrayList<>();
        for (CompileProblem p : e.errors()) {
            String where = p.file() == null ? "" : p.file() + (p.line() == null ? "" : ":" + p.line() + (p.column() == null ? "" : ":" + p.column()));
            details.add(new FieldError(where, p.message()));
        }
        for (String b : e.broken()) {
            int colon = b.indexOf(": ");
            details.add(colon < 0 ? new FieldError("", b) : new FieldError(b.substring(0, colon), b.substring(colon + 2)));
        }
        ctx.status(e.doesNotCompile() ? 422 : 409).json(new ApiError(e.getMessage(), details));
    }

    private static void answer(Context ctx, Activation a) { answer(ctx, a, null); }

    /** The activation; a direct write that skipped approval names the emergency change now awaiting it. */
    private static void answer(Context ctx, Activation a, String awaitingApproval) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("activated", !a.unchanged());
        body.put("version", a.version());
        body.put("previous", a.previous());
        body.put("forced", a.forced());
        body.put("brokenExpectations", a.brokenExpectations());
        body.put("warnings", a.warnings());
        if (awaitingApproval != null) body.put("retrospectiveApproval", "/api/v1/rules/changes/" + awaitingApproval);
        ctx.json(body);
    }

    private static Map<String, Object> describe(RulesetVersion v, String active, List<RulesetActivation> activations) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hash", v.hash());
        m.put("active", v.hash().equals(active));
        m.put("createdAt", v.createdAt());
        m.put("author", v.author());
        m.put("note", v.note());
        m.put("files", v.files().entrySet().stream().map(f -> Map.of("name", f.getKey(), "bytes", f.getValue().length)).toList());
        m.put("activations", activations);
        return m;
    }

    /**
     * Rule code is written only by a rule author. The route's role check has already let a policy
     * owner in; this looks at what the request would actually change (a decoded file name, a version's files).
     */
    static void requireRuleAuthor(Context ctx, boolean ruleCode, String what) {
        if (!ruleCode) return;
        Caller caller = ctx.attribute(Actor.CALLER);
        if (caller == null) caller = Caller.LOCAL;
        if (!caller.role().includes(Role.RULE_AUTHOR)) {
            throw new ApiException(403, ctx.method().name() + " " + ctx.path() + " needs the " + Role.RULE_AUTHOR + " role; "
                    + caller.name() + " has " + caller.role() + " (" + what + "; a policy owner edits tables, catalogues, policy values and calendars)");
        }
    }

    private String fileName(Context ctx) {
        String name = ctx.pathParam("name");
        RulesFolder.writeProblem(changes.folder(), name).ifPresent(p -> {
            throw new ApiException(400, "not a rules file name: '" + name + "'", List.of(new FieldError("name", p)));
        });
        return name;
    }

    private static String author(Context ctx, String given) {
        return given == null || given.isBlank() ? Actor.of(ctx) : given.strip();
    }

    private static boolean force(Context ctx) {
        String f = ctx.queryParam("force");
        if (f == null || f.equals("false")) return false;
        if (f.equals("true")) return true;
        throw new ApiException(400, "force must be true or false", List.of(new FieldError("force", "got '" + f + "'")));
    }

    /** The body as JSON fields ({"content": ..., "author": ..., "note": ...}) when it is one, else null (raw content). */
    private static JsonNode jsonFields(Context ctx) {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase().startsWith("application/json")) return null;
        String body = ctx.body();
        if (body.isBlank()) return null;
        try {
            JsonNode n = Json.mapper().readTree(body);
            if (n != null && n.isObject() && (n.has("content") || n.has("contentBase64") || n.has("author") || n.has("note"))) return n;
        } catch (Exception notJson) {
            // raw content sent with a JSON content type: take it as it is
        }
        return null;
    }

    private static Candidate candidate(JsonNode body) { return candidate(body, java.util.Set.of()); }

    /** A candidate from a body of files and deletions; also names the other fields the route takes. */
    static Candidate candidate(JsonNode body, java.util.Set<String> otherFields) {
        List<FieldError> errors = new ArrayList<>();
        if (!body.isObject()) throw new ApiException(400, "expected a JSON object {\"files\": {\"name.drl\": \"content\"}, \"delete\": [\"name\"]}");
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!k.equals("files") && !k.equals("delete") && !otherFields.contains(k)) {
                errors.add(new FieldError(k, "unknown field: expected files and delete" + (otherFields.isEmpty() ? "" : " and " + String.join(", ", new java.util.TreeSet<>(otherFields)))));
            }
        }
        Map<String, byte[]> files = new TreeMap<>();
        JsonNode f = body.get("files");
        if (f != null && !f.isObject()) errors.add(new FieldError("files", "must be an object of file name to content"));
        if (f != null && f.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = f.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String field = "files." + e.getKey();
                RulesFolder.nameProblem(e.getKey()).ifPresent(p -> errors.add(new FieldError(field, p)));
                if (!e.getValue().isTextual()) {
                    errors.add(new FieldError(field, "the content must be a string (base64 for .xlsx)"));
                    continue;
                }
                if (e.getKey().endsWith(".xlsx")) {
                    try {
                        files.put(e.getKey(), Base64.getMimeDecoder().decode(e.getValue().asText()));
                    } catch (IllegalArgumentException bad) {
                        errors.add(new FieldError(field, "an .xlsx file must be sent base64-encoded: " + bad.getMessage()));
                    }
                } else {
                    files.put(e.getKey(), e.getValue().asText().getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        List<String> deletions = new ArrayList<>();
        JsonNode d = body.get("delete");
        if (d != null && !d.isArray()) errors.add(new FieldError("delete", "must be an array of file names"));
        if (d != null && d.isArray()) {
            for (int i = 0; i < d.size(); i++) {
                String field = "delete[" + i + "]";
                if (!d.get(i).isTextual()) {
                    errors.add(new FieldError(field, "must be a file name (text)"));
                    continue;
                }
                String name = d.get(i).asText();
                RulesFolder.nameProblem(name).ifPresent(p -> errors.add(new FieldError(field, p)));
                deletions.add(name);
            }
        }
        if (errors.isEmpty() && files.isEmpty() && deletions.isEmpty()) errors.add(new FieldError("files", "name at least one file to change or delete"));
        if (!errors.isEmpty()) throw new ApiException(400, "the candidate is not valid (" + errors.size() + " problem(s))", errors);
        return new Candidate(files, deletions);
    }

    private static byte[] base64(String field, String text) {
        try {
            return Base64.getMimeDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "not base64", List.of(new FieldError(field, e.getMessage())));
        }
    }
}
