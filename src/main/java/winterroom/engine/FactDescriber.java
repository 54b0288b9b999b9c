package winterroom.engine;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Snapshots a fact into a small map for the audit trail: its type and its JSON properties. The
 * properties of each fact class are looked up once (through Jackson's own introspection, so the
 * audit shows what the API shows) and read directly after that: converting every matched fact
 * through a full JSON round trip was most of an evaluation's time.
 */
final class FactDescriber {
    private static final Map<ObjectMapper, FactDescriber> BY_MAPPER = new ConcurrentHashMap<>();

    private record Property(String name, AnnotatedMember accessor) {}

    private record Shape(String type, List<Property> properties, AnnotatedMember anyGetter) {}

    private final ObjectMapper mapper;
    private final Map<Class<?>, Shape> shapes = new ConcurrentHashMap<>();

    private FactDescriber(ObjectMapper mapper) { this.mapper = mapper; }

    static FactDescriber of(ObjectMapper mapper) { return BY_MAPPER.computeIfAbsent(mapper, FactDescriber::new); }

    Map<String, Object> describe(Object fact) {
        Shape shape = shapes.computeIfAbsent(fact.getClass(), this::shapeOf);
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("type", shape.type());
        for (Property p : shape.properties()) {
            Object v = p.accessor().getValue(fact);
            if (v != null) map.put(p.name(), v);
        }
        if (shape.anyGetter() != null && shape.anyGetter().getValue(fact) instanceof Map<?, ?> extra) {
            extra.forEach((k, v) -> { if (v != null) map.put(String.valueOf(k), v); });
        }
        return map;
    }

    private Shape shapeOf(Class<?> type) {
        BeanDescription bean = mapper.getSerializationConfig().introspect(mapper.constructType(type));
        String simple = type.getSimpleName();
        List<Property> properties = new ArrayList<>();
        for (BeanPropertyDefinition p : bean.findProperties()) {
            AnnotatedMember accessor = p.getAccessor();
            if (accessor == null || !p.couldSerialize()) continue;
            accessor.fixAccess(true);
            // A fact's own "type" field (an organisation's type, an event's type) keeps its meaning under another name.
            String name = p.getName().equals("type") ? Character.toLowerCase(simple.charAt(0)) + simple.substring(1) + "Type" : p.getName();
            properties.add(new Property(name, accessor));
        }
        AnnotatedMember any = bean.findAnyGetter();
        if (any != null) any.fixAccess(true);
        return new Shape(simple, properties, any);
    }
}
