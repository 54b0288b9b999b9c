package winterroom.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import winterroom.Json;
import winterroom.changes.RuleChanges;
import winterroom.policy.TableGrid;
import winterroom.policy.TableSheet;
import winterroom.situation.FieldError;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The table grid's server side: a decision table (CSV or XLSX) read as its headings and data rows, and a
 * spreadsheet written back with the grid's rows, cell by cell. Nothing is activated here: the written
 * spreadsheet goes to validate, preview, a change set or an activation like any other file.
 */
final class TablesController {
    private final RuleChanges changes;

    TablesController(RuleChanges changes) { this.changes = changes; }

    /** The grid of a table in the active ruleset. */
    void get(Context ctx) {
        String name = ctx.pathParam("name");
        if (!TableSheet.isTable(name)) throw new ApiException(404, "'" + name + "' is not a table (tables/*.csv or .xlsx, catalogue/*.csv, calendar/*.csv)");
        byte[] content = changes.active().files().get(name);
        if (content == null) throw ApiException.notFound("rules file '" + name + "'");
        ctx.json(read(name, content));
    }

    /**
     * {"file", "content"?, "rows"?}: without rows, the grid of the content (base64 for .xlsx; the active file's
     * when no content is sent); with rows (a spreadsheet only), that spreadsheet with those data rows, as
     * {"file", "content" (base64), "grid"}.
     */
    void grid(Context ctx) {
        JsonNode body = Bodies.json(ctx);
        if (!body.isObject()) throw new ApiException(400, "expected a JSON object {\"file\": \"tables/x.xlsx\", \"content\": \"base64\", \"rows\": [...]}");
        List<FieldError> errors = new ArrayList<>();
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!Set.of("file", "content", "rows").contains(k)) errors.add(new FieldError(k, "unknown field: expected file, content and rows"));
        }
        JsonNode f = body.get("file");
        String name = f != null && f.isTextual() ? f.asText() : null;
        if (name == null) errors.add(new FieldError("file", "the table's file name, such as tables/opel-thresholds.xlsx"));
        else if (!TableSheet.isTable(name)) errors.add(new FieldError("file", "'" + name + "' is not a table (tables/*.csv or .xlsx, catalogue/*.csv, calendar/*.csv)"));
        JsonNode c = body.get("content");
        if (c != null && !c.isTextual()) errors.add(new FieldError("content", "the file's content as a string (base64 for .xlsx)"));
        JsonNode r = body.get("rows");
        List<TableGrid.GridRow> rows = null;
        if (r != null) {
            try {
                rows = Json.mapper().convertValue(r, new TypeReference<List<TableGrid.GridRow>>() {});
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("rows", "an array of {\"line\": n or null, \"cells\": [\"...\"]}"));
            }
            if (name != null && !TableGrid.isSpreadsheet(name)) errors.add(new FieldError("rows", "only a spreadsheet is written here; a CSV table is edited as its text"));
        }
        if (!errors.isEmpty()) throw new ApiException(400, "not a table grid request", errors);
        byte[] content;
        if (c == null) {
            content = changes.active().files().get(name);
            if (content == null) throw new ApiException(400, "'" + name + "' is not in the active ruleset: send its content", List.of(new FieldError("content", "missing")));
        } else if (TableGrid.isSpreadsheet(name)) {
            try {
                content = Base64.getMimeDecoder().decode(c.asText());
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "an .xlsx file is sent base64-encoded", List.of(new FieldError("content", e.getMessage())));
            }
        } else {
            content = c.asText().getBytes(StandardCharsets.UTF_8);
        }
        if (rows == null) {
            ctx.json(read(name, content));
            return;
        }
        byte[] written;
        try {
            written = TableGrid.writeSpreadsheet(name, content, rows);
        } catch (TableGrid.GridException e) {
            throw new ApiException(400, e.getMessage(), List.of(new FieldError("rows", e.getMessage())));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("file", name);
        out.put("content", Base64.getEncoder().encodeToString(written));
        out.put("grid", read(name, written));
        ctx.json(out);
    }

    private static TableGrid read(String name, byte[] content) {
        try {
            return TableGrid.read(name, content);
        } catch (TableGrid.GridException e) {
            throw new ApiException(400, e.getMessage(), List.of(new FieldError("content", e.getMessage())));
        }
    }
}
