package winterroom.policy;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import winterroom.facts.CatalogueAction;
import winterroom.facts.OpelScale;
import winterroom.facts.OrgType;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The policy data of a rules folder that is not rules: metrics, actions, principles, organisations
 * and bank holidays. Each is a CSV file a policy owner can edit in a spreadsheet.
 */
public final class Catalogues {
    public static final String METRICS = "catalogue/metrics.csv";
    public static final String ACTIONS = "catalogue/actions.csv";
    public static final String PRINCIPLES = "catalogue/principles.csv";
    public static final String ORGANISATIONS = "catalogue/organisations.csv";
    public static final String BANK_HOLIDAYS = "calendar/bank-holidays.csv";
    public static final String DECISION_TIMES = "catalogue/decision-times.csv";

    private static final CsvMapper CSV = new CsvMapper();

    private final Map<String, MetricDefinition> metrics;
    private final Map<String, CatalogueAction> actions;
    private final Map<String, Principle> principles;
    private final Map<String, OrganisationProfile> organisations;
    private final SortedMap<LocalDate, String> bankHolidays;
    private final DecisionTimes decisionTimes;
    private final OpelScale opelScale;

    private Catalogues(Map<String, MetricDefinition> metrics, Map<String, CatalogueAction> actions,
                       Map<String, Principle> principles, Map<String, OrganisationProfile> organisations,
                       SortedMap<LocalDate, String> bankHolidays, DecisionTimes decisionTimes, OpelScale opelScale) {
        this.decisionTimes = decisionTimes;
        this.opelScale = opelScale;
        this.metrics = Collections.unmodifiableMap(metrics);
        this.actions = Collections.unmodifiableMap(actions);
        this.principles = Collections.unmodifiableMap(principles);
        this.organisations = Collections.unmodifiableMap(organisations);
        this.bankHolidays = Collections.unmodifiableSortedMap(bankHolidays);
    }

    public Map<String, MetricDefinition> metrics() { return metrics; }
    public Map<String, CatalogueAction> actions() { return actions; }
    public Map<String, Principle> principles() { return principles; }
    public Map<String, OrganisationProfile> organisations() { return organisations; }
    public SortedMap<LocalDate, String> bankHolidays() { return bankHolidays; }
    /** How long each action or category allows for its decision (P16), from catalogue/decision-times.csv. */
    public DecisionTimes decisionTimes() { return decisionTimes; }

    /** Where each OPEL parameter band starts, read from the decision tables' parameter rows (a fact in every session). */
    public OpelScale opelScale() { return opelScale; }

    public boolean isBankHoliday(LocalDate date) { return bankHolidays.containsKey(date); }

    /** Parses the catalogues from the rules folder's files; problems are added to {@code errors}. */
    public static Catalogues parse(Map<String, byte[]> files, List<CompileProblem> errors) {
        Map<String, MetricDefinition> metrics = new LinkedHashMap<>();
        for (Row r : rows(files, METRICS, errors, "id", "unit", "kind", "min", "max", "meaning")) {
            if (!r.matches("id", METRIC_ID, "a metric id (lower-case letters, digits and _)", errors)
                    | !r.matches("kind", WORD, "a kind (a lower-case word such as count, percent or hours)", errors)
                    | !r.number("min", errors) | !r.number("max", errors)) continue;
            try {
                double min = Double.parseDouble(r.get("min"));
                double max = Double.parseDouble(r.get("max"));
                if (min > max) throw new NumberFormatException("min is above max");
                if (metrics.put(r.get("id"), new MetricDefinition(r.get("id"), metricName(r), r.get("unit"), r.get("kind"), min, max, r.get("meaning"))) != null) {
                    errors.add(r.problem("duplicate metric id '" + r.get("id") + "'"));
                }
            } catch (NumberFormatException e) {
                errors.add(r.problem("max", "metric '" + r.get("id") + "': min and max must be numbers (" + e.getMessage() + ")"));
            }
        }
        Map<String, CatalogueAction> actions = new LinkedHashMap<>();
        Set<String> orgTypes = new java.util.TreeSet<>();
        for (winterroom.facts.OrgType t : winterroom.facts.OrgType.values()) orgTypes.add(t.name());
        for (Row r : rows(files, ACTIONS, errors, "id", "title", "category", "provider", "recipient", "orgType",
                "requiresPriorDiscussion", "recoveryAction", "priority", "relieves", "source")) {
            boolean typed = r.matches("id", ACTION_ID, "an action id (capital letters, digits and _)", errors)
                    & r.matches("category", ACTION_ID, "a category (capital letters, digits and _)", errors)
                    & r.oneOf("requiresPriorDiscussion", List.of("true", "false"), true, errors)
                    & (r.get("recoveryAction").isEmpty() || r.matches("recoveryAction", ACTION_ID, "an action id", errors))
                    & (r.get("priority").isEmpty() || r.matches("priority", PRIORITY, "a priority (a whole number from 1 to 5)", errors));
            if (!typed) continue;
            int priority;
            try {
                priority = r.get("priority").isEmpty() ? 3 : Integer.parseInt(r.get("priority"));
            } catch (NumberFormatException e) {
                errors.add(r.problem("action '" + r.get("id") + "': priority must be a whole number"));
                continue;
            }
            Integer fromOpel = null;
            try {
                if (!r.get("fromOpel").isEmpty()) fromOpel = Integer.parseInt(r.get("fromOpel"));
            } catch (NumberFormatException e) {
                errors.add(r.problem("action '" + r.get("id") + "': fromOpel must be a whole number from 1 to 4"));
                continue;
            }
            if (fromOpel != null && (fromOpel < 1 || fromOpel > 4)) {
                errors.add(r.problem("action '" + r.get("id") + "': fromOpel must be a whole number from 1 to 4"));
                continue;
            }
            String unknownType = java.util.Arrays.stream(r.get("orgType").split("\\s+"))
                    .filter(t -> !t.isEmpty() && !orgTypes.contains(t)).findFirst().orElse(null);
            if (unknownType != null) {
                errors.add(r.problem("action '" + r.get("id") + "': orgType '" + unknownType + "' is not one of " + orgTypes));
                continue;
            }
            // fromOpel, riskAccepted, providerImpact, recipientImpact and transfer are optional columns
            CatalogueAction a = new CatalogueAction(r.get("id"), r.get("title"), r.get("category"), r.get("provider"),
                    r.get("recipient"), blankToNull(r.get("orgType")), Boolean.parseBoolean(r.get("requiresPriorDiscussion")),
                    blankToNull(r.get("recoveryAction")), priority, r.get("relieves"), r.get("source"),
                    fromOpel, blankToNull(r.get("riskAccepted")), blankToNull(r.get("providerImpact")),
                    blankToNull(r.get("recipientImpact")), Boolean.parseBoolean(r.get("transfer")));
            if (actions.put(a.id(), a) != null) errors.add(r.problem("duplicate action id '" + a.id() + "'"));
        }
        for (CatalogueAction a : actions.values()) {
            if (a.recoveryAction() != null && !actions.containsKey(a.recoveryAction())) {
                errors.add(new CompileProblem(ACTIONS, null, null,
                        "action '" + a.id() + "' names recovery action '" + a.recoveryAction() + "', which is not in the catalogue"));
            }
        }
        Map<String, Principle> principles = new LinkedHashMap<>();
        for (Row r : rows(files, PRINCIPLES, errors, "code", "title", "source", "check")) {
            if (!r.matches("code", PRINCIPLE, "a principle code (P followed by a number)", errors)) continue;
            principles.put(r.get("code"), new Principle(r.get("code"), r.get("title"), r.get("source"), r.get("check")));
        }
        Map<String, OrganisationProfile> organisations = new LinkedHashMap<>();
        for (Row r : rows(files, ORGANISATIONS, errors, "code", "name", "type", "weekdayRole", "onCallRole", "source")) {
            // the code as situations write it (LTHT, GPCONFED), the type one of the organisation types
            if (!r.matches("code", ACTION_ID, "an organisation code (capital letters, digits and _)", errors)) continue;
            if (!r.oneOf("type", java.util.Arrays.stream(OrgType.values()).map(Enum::name).toList(), false, errors)) continue;
            OrgType type = OrgType.valueOf(r.get("type"));
            if (r.get("name").isEmpty()) {
                errors.add(r.problem("name", "an organisation needs its full name"));
                continue;
            }
            OrganisationProfile o = new OrganisationProfile(r.get("code"), r.get("name"), type, r.get("weekdayRole"),
                    r.get("onCallRole"), r.get("source"));
            if (organisations.put(o.code(), o) != null) errors.add(r.problem("duplicate organisation code '" + o.code() + "'"));
        }
        SortedMap<LocalDate, String> holidays = new TreeMap<>();
        for (Row r : rows(files, BANK_HOLIDAYS, errors, "date", "name")) {
            try {
                holidays.put(LocalDate.parse(r.get("date")), r.get("name"));
            } catch (RuntimeException e) {
                errors.add(r.problem("date", "'" + r.get("date") + "' is not a date written as YYYY-MM-DD"));
            }
        }
        DecisionTimes decisionTimes = DecisionTimes.parse(files.containsKey(DECISION_TIMES)
                ? rows(files, DECISION_TIMES, errors, "appliesTo", "hours", "basis") : List.of(), actions, errors);
        return new Catalogues(metrics, actions, principles, organisations, holidays, decisionTimes, opelScale(files));
    }

    /**
     * The band starts of the OPEL parameter table: every decision-table row under tables/ labelled with an
     * organisation type, a metric, a score and where the band starts. Cells that are not numbers are left
     * out here; the table's cell check reports them.
     */
    static OpelScale opelScale(Map<String, byte[]> files) {
        Map<String, OpelScale.Start> starts = new LinkedHashMap<>();
        for (var f : files.entrySet()) {
            String name = f.getKey();
            if (!name.startsWith("tables/") || !(name.endsWith(".csv") || name.endsWith(".xlsx"))) continue;
            for (Map<String, String> row : TableCells.labelledRows(name, f.getValue())) {
                String type = row.get("Organisation type"), metric = row.get("Metric"), score = row.get("Score");
                if (type == null || metric == null || score == null) continue;
                try {
                    Double above = row.containsKey("At or above") ? Double.valueOf(row.get("At or above")) : null;
                    Double below = row.containsKey("At or below") ? Double.valueOf(row.get("At or below")) : null;
                    if (above == null && below == null) continue;
                    starts.put(OpelScale.key(OrgType.valueOf(type), metric, Integer.parseInt(score)), new OpelScale.Start(above, below));
                } catch (IllegalArgumentException notANumberOrType) {
                    // reported by the table's cell check
                }
            }
        }
        return new OpelScale(starts);
    }

    private static String blankToNull(String s) { return s == null || s.isBlank() ? null : s.trim(); }

    private static final java.util.regex.Pattern METRIC_ID = java.util.regex.Pattern.compile("[a-z][a-z0-9_]*");
    private static final java.util.regex.Pattern ACTION_ID = java.util.regex.Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final java.util.regex.Pattern WORD = java.util.regex.Pattern.compile("[a-z][a-z_]*");
    private static final java.util.regex.Pattern PRINCIPLE = java.util.regex.Pattern.compile("P[0-9]+");
    private static final java.util.regex.Pattern PRIORITY = java.util.regex.Pattern.compile("[1-5]");

    /**
     * A CSV row with its line number and the file's columns, for error messages that point at the
     * cell: every value is typed (numbers as numbers, codes in their pattern, enumerations in their list).
     */
    record Row(String file, int line, Map<String, String> values, List<String> header) {
        String get(String column) {
            String v = values.get(column);
            return v == null ? "" : v.trim();
        }

        CompileProblem problem(String message) { return new CompileProblem(file, line, null, message); }

        CompileProblem problem(String column, String message) {
            int index = header.indexOf(column);
            if (index < 0) return problem(message);
            return new CompileProblem(file, line, index + 1, "row " + line + ", column " + TableCells.columnName(index)
                    + " (" + column + "): " + message);
        }

        boolean matches(String column, java.util.regex.Pattern p, String what, List<CompileProblem> errors) {
            if (p.matcher(get(column)).matches()) return true;
            errors.add(problem(column, "'" + get(column) + "' is not " + what));
            return false;
        }

        boolean oneOf(String column, List<String> allowed, boolean blankOk, List<CompileProblem> errors) {
            String v = get(column);
            if ((blankOk && v.isEmpty()) || allowed.contains(v)) return true;
            errors.add(problem(column, "'" + v + "' is not one of " + String.join(", ", allowed)));
            return false;
        }

        boolean number(String column, List<CompileProblem> errors) {
            String v = get(column);
            if (v.matches("-?\\d+(\\.\\d+)?")) return true;
            errors.add(problem(column, "'" + v + "' is not a number"));
            return false;
        }
    }

    /** The name column, optional: a catalogue without one names each metric by its id in words. */
    private static String metricName(Row r) {
        String name = r.get("name");
        return name == null || name.isBlank() ? r.get("id").replace('_', ' ') : name.trim();
    }

    private static List<Row> rows(Map<String, byte[]> files, String name, List<CompileProblem> errors, String... required) {
        byte[] content = files.get(name);
        List<Row> rows = new ArrayList<>();
        if (content == null) {
            errors.add(new CompileProblem(name, null, null, "required catalogue file is missing"));
            return rows;
        }
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        try (MappingIterator<Map<String, String>> it = CSV.readerFor(Map.class).with(schema).readValues(content)) {
            int line = 1;
            List<String> header = List.of();
            while (it.hasNextValue()) {
                Map<String, String> values = it.nextValue();
                if (header.isEmpty() && it.getParserSchema() instanceof CsvSchema read) header = read.getColumnNames();
                line = it.getCurrentLocation().getLineNr();
                if (rows.isEmpty()) {
                    for (String column : required) {
                        if (!values.containsKey(column)) {
                            errors.add(new CompileProblem(name, 1, null, "missing column '" + column + "'"));
                            return List.of();
                        }
                    }
                }
                rows.add(new Row(name, line, values, header));
            }
        } catch (IOException | RuntimeException e) {
            errors.add(new CompileProblem(name, null, null, "cannot read CSV: " + e.getMessage()));
        }
        return rows;
    }
}
