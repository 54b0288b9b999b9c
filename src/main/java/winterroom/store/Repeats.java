package winterroom.store;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import winterroom.Json;
import winterroom.engine.AuditEntry;
import winterroom.engine.AuditTrail;
import winterroom.engine.FactDescription;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every evaluation's audit trail repeats, written as JSON once and copied after that: the firings that set up
 * a warm session (the policy values in force), the description of each constant fact a rule matched (a catalogue
 * action, a policy value), and each rule's name, code, file and source. For a whole-system day these are half the
 * trail's bytes, and writing the trail was as much CPU as the evaluation itself. The bytes are the same
 * ({@code ResultJsonTest} checks every shipped scenario against its tree); only {@link ResultJson} writes with
 * {@link #MAPPER}, and any other writer sees plain lists and maps.
 */
final class Repeats {
    private Repeats() {}

    static final ObjectMapper MAPPER = Json.mapper().copy().registerModule(new SimpleModule("result-repeats")
            .addSerializer(AuditTrail.class, new TrailWriter())
            .addSerializer(AuditEntry.class, new EntryWriter())
            .addSerializer(FactDescription.class, new DescriptionWriter()));

    /** An entry's matched and produced facts, as AuditEntry declares them. */
    private static final com.fasterxml.jackson.databind.JavaType FACTS = MAPPER.getTypeFactory().constructCollectionType(List.class,
            MAPPER.getTypeFactory().constructMapType(Map.class, String.class, Object.class));

    /** A fact's description, as AuditEntry declares each of its facts. */
    private static final com.fasterxml.jackson.databind.JavaType DESCRIPTION = MAPPER.getTypeFactory()
            .constructMapType(Map.class, String.class, Object.class);

    /** Rules' headers by rule name; a candidate ruleset can name a rule again with another source, so each is checked. */
    private static final Map<String, Header> HEADERS = new ConcurrentHashMap<>();
    private static final int MAX_HEADERS = 4096;
    private static final SerializedString SEQ = new SerializedString("seq"), MATCHED = new SerializedString("matched"),
            PRODUCED = new SerializedString("produced");

    /** {@code ,"rule":…,"code":…,"file":…,"source":…} as the record's own serializer writes those four. */
    private record Header(String rule, String code, String file, String source, byte[] written) {
        boolean of(AuditEntry e) {
            return Objects.equals(rule, e.rule()) && Objects.equals(code, e.code()) && Objects.equals(file, e.file())
                    && Objects.equals(source, e.source());
        }
    }

    private static final class TrailWriter extends StdSerializer<AuditTrail> {
        TrailWriter() { super(AuditTrail.class); }

        @Override
        public void serialize(AuditTrail trail, JsonGenerator g, SerializerProvider provider) throws IOException {
            g.writeStartArray(trail, trail.size());
            AuditTrail.SetUpFirings setUp = trail.setUp();
            if (!setUp.entries().isEmpty()) {
                byte[] written = setUp.written;
                if (written == null) {
                    byte[] array = written(setUp.entries());   // [ … ], of which the elements are kept
                    setUp.written = written = Arrays.copyOfRange(array, 1, array.length - 1);
                }
                appendValue(g, written);
            }
            for (AuditEntry e : trail.own()) provider.defaultSerializeValue(e, g);
            g.writeEndArray();
        }
    }

    private static final class EntryWriter extends StdSerializer<AuditEntry> {
        EntryWriter() { super(AuditEntry.class); }

        @Override
        public void serialize(AuditEntry e, JsonGenerator g, SerializerProvider provider) throws IOException {
            g.writeStartObject(e);
            g.writeFieldName(SEQ);
            g.writeNumber(e.seq());
            append(g, header(e).written());
            // as the record's own serializer does, by the declared type: found by each list's class, a map's keys were
            // looked up as Objects, key by key
            var facts = provider.findTypedValueSerializer(FACTS, true, null);
            g.writeFieldName(MATCHED);
            facts.serialize(e.matched(), g, provider);
            g.writeFieldName(PRODUCED);
            facts.serialize(e.produced(), g, provider);
            g.writeEndObject();
        }

        private static Header header(AuditEntry e) throws IOException {
            Header h = e.rule() == null ? null : HEADERS.get(e.rule());
            if (h != null && h.of(e)) return h;
            Map<String, Object> four = new LinkedHashMap<>();
            four.put("rule", e.rule());
            four.put("code", e.code());
            four.put("file", e.file());
            four.put("source", e.source());
            byte[] object = written(four);   // {"rule":…}: the braces become the comma after seq
            object[0] = ',';
            h = new Header(e.rule(), e.code(), e.file(), e.source(), Arrays.copyOf(object, object.length - 1));
            if (e.rule() != null) {
                if (HEADERS.size() >= MAX_HEADERS) HEADERS.clear();
                HEADERS.put(e.rule(), h);
            }
            return h;
        }
    }

    /**
     * A constant's description is written once and its bytes kept on it, for every result after. An evaluation's own
     * fact listed more than once is written in place the first time, and that span of the result copied after.
     */
    private static final class DescriptionWriter extends StdSerializer<FactDescription> {
        DescriptionWriter() { super(FactDescription.class); }

        @Override
        public void serialize(FactDescription d, JsonGenerator g, SerializerProvider provider) throws IOException {
            var fields = provider.findTypedValueSerializer(DESCRIPTION, true, null);
            if (!(g instanceof ResultJson.TreeNumbers own)) {
                fields.serialize(d, g, provider);
                return;
            }
            if (d.constant()) {
                byte[] written = d.written;
                if (written == null) {
                    int from = own.position();
                    fields.serialize(d, g, provider);
                    d.written = own.since(from);
                } else {
                    appendValue(g, written);
                }
            } else if (!d.repeated()) {
                fields.serialize(d, g, provider);
            } else if (own.hasWritten(d)) {
                g.writeRawValue("");   // the comma before it, if any
                own.copyWritten(d);
            } else {
                int from = own.position();
                fields.serialize(d, g, provider);
                own.wrote(d, from);
            }
        }
    }

    /** A value already written: the generator places it (the comma before it, if any), then its bytes follow. */
    private static void appendValue(JsonGenerator g, byte[] written) throws IOException {
        g.writeRawValue("");
        append(g, written);
    }

    private static void append(JsonGenerator g, byte[] written) throws IOException {
        if (g instanceof ResultJson.TreeNumbers own) own.append(written);
        else g.writeRaw(new String(written, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** {@code value} as {@link ResultJson} writes it. */
    private static byte[] written(Object value) throws IOException {
        ResultJson.Buffer b = new ResultJson.Buffer(1024);
        try (JsonGenerator g = new ResultJson.TreeNumbers(MAPPER.getFactory().createGenerator(b, JsonEncoding.UTF8), b)) {
            MAPPER.writeValue(g, value);
        }
        return Arrays.copyOf(b.bytes, b.count);
    }
}
