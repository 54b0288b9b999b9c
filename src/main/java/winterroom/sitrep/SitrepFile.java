package winterroom.sitrep;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import winterroom.Json;
import winterroom.engine.Evaluator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * NHS England's published winter daily situation reports, ambulance section, in the long form of
 * {@code ../shared/data/nhse-winter-sitrep-2018-19-ambulance.csv}: one row per trust, day and
 * measure ({@code provider,region,code,date,measure,value}). Each trust-day becomes a situation
 * with the trust as an acute organisation; the ENGLAND total rows (code {@code NA}) are skipped.
 */
public final class SitrepFile {
    static final String ARRIVALS = "Arriving by ambulance";
    static final String DELAY_30_60 = "Delay 30-60 mins";
    static final String DELAY_OVER_60 = "Delay >60 mins";

    /** One trust on one day, with the three published figures (null when a figure is missing). */
    public record TrustDay(String code, String provider, LocalDate date, Double arrivals, Double delay30to60, Double delayOver60) {
        /** The situation the rules see: the trust as ACUTE, the handover bands cumulative as the catalogue defines them. */
        public ObjectNode situation() {
            ObjectNode s = Json.mapper().createObjectNode();
            s.put("system", "England winter sitrep 2018/19");
            // mid-morning in England, when the daily return is put together
            s.put("asOf", date.atTime(LocalTime.of(9, 0)).atZone(Evaluator.LONDON).toOffsetDateTime().toString());
            ObjectNode org = s.putArray("organisations").addObject();
            org.put("code", code).put("type", "ACUTE").put("name", provider);
            ArrayNode measures = s.putArray("measures");
            if (arrivals != null) measure(measures, "ambulance_arrivals", arrivals);
            if (delay30to60 != null && delayOver60 != null) measure(measures, "ambulance_handover_over_30_min", delay30to60 + delayOver60);
            if (delayOver60 != null) measure(measures, "ambulance_handover_over_60_min", delayOver60);
            s.putArray("events");
            s.putArray("actions");
            return s;
        }

        private void measure(ArrayNode measures, String metric, double value) {
            measures.addObject().put("org", code).put("metric", metric).put("value", value);
        }
    }

    /** What was read: the trust-days in file order of trust code and date, and what was left out. */
    public record Contents(List<TrustDay> trustDays, int aggregateRowsSkipped, List<String> problems) {}

    private SitrepFile() {}

    public static Contents read(Path file) throws IOException {
        try (var in = Files.newBufferedReader(file)) {
            return read(in);
        }
    }

    /** Reads the file's text from a reader (an uploaded body); the reader is not closed. */
    public static Contents read(java.io.Reader in) throws IOException {
        CsvMapper csv = new CsvMapper();
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        Map<String, Map<LocalDate, Double[]>> byTrust = new TreeMap<>();
        Map<String, String> names = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        int skipped = 0;
        try (MappingIterator<Map<String, String>> rows = csv.readerFor(Map.class).with(schema).readValues(in)) {
            while (rows.hasNextValue()) {
                Map<String, String> row = rows.nextValue();
                long line = rows.getCurrentLocation().getLineNr();
                String code = text(row.get("code"));
                if (code.isEmpty() || code.equals("NA") || text(row.get("provider")).equalsIgnoreCase("ENGLAND")) {
                    skipped++;
                    continue;
                }
                int slot = switch (text(row.get("measure"))) {
                    case ARRIVALS -> 0;
                    case DELAY_30_60 -> 1;
                    case DELAY_OVER_60 -> 2;
                    default -> -1;
                };
                if (slot < 0) {
                    problems.add("line " + line + ": unknown measure '" + row.get("measure") + "'");
                    continue;
                }
                LocalDate date;
                double value;
                try {
                    date = LocalDate.parse(text(row.get("date")));
                    value = Double.parseDouble(text(row.get("value")));
                } catch (DateTimeParseException | NumberFormatException e) {
                    problems.add("line " + line + ": unreadable date or value (" + row.get("date") + ", " + row.get("value") + ")");
                    continue;
                }
                names.putIfAbsent(code, text(row.get("provider")));
                byTrust.computeIfAbsent(code, k -> new TreeMap<>()).computeIfAbsent(date, d -> new Double[3])[slot] = value;
            }
        }
        List<TrustDay> days = new ArrayList<>();
        byTrust.forEach((code, dates) -> dates.forEach((date, v) ->
                days.add(new TrustDay(code, names.get(code), date, v[0], v[1], v[2]))));
        return new Contents(days, skipped, problems);
    }

    private static String text(String s) { return s == null ? "" : s.trim(); }
}
