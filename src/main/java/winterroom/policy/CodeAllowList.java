package winterroom.policy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * What rule code may name: the fact classes (every class of winterroom.facts) and a short list of
 * helpers (java.util collections, java.time, Math, String and the boxed numbers). Everything else
 * (System, Runtime, ProcessBuilder, Thread, Class, reflection, files, sockets, class loaders) is
 * refused, because a rule that names it could do anything the service's user can.
 */
final class CodeAllowList {
    private CodeAllowList() {}

    static final String FACTS_PACKAGE = "winterroom.facts";

    /** Helper classes by package; a simple name may be used only when it is one of these or a fact class. */
    private static final Map<String, List<String>> HELPERS = Map.of(
            "java.lang", List.of("String", "Integer", "Long", "Double", "Float", "Short", "Byte", "Boolean", "Character",
                    "Math", "Number", "Object", "Comparable", "CharSequence", "StringBuilder", "Iterable",
                    "Exception", "RuntimeException", "IllegalArgumentException", "IllegalStateException", "ArithmeticException",
                    "NumberFormatException", "NullPointerException", "IndexOutOfBoundsException", "UnsupportedOperationException"),
            "java.util", List.of("List", "ArrayList", "LinkedList", "Map", "HashMap", "LinkedHashMap", "TreeMap", "SortedMap",
                    "NavigableMap", "Set", "HashSet", "LinkedHashSet", "TreeSet", "SortedSet", "Collection", "Collections",
                    "Arrays", "Objects", "Optional", "OptionalInt", "OptionalDouble", "Iterator", "Comparator", "Deque",
                    "ArrayDeque", "StringJoiner", "Locale", "EnumSet", "EnumMap"),
            "java.util.stream", List.of("Collectors"),
            "java.time", List.of("LocalDate", "LocalDateTime", "LocalTime", "Instant", "Duration", "Period", "ZonedDateTime",
                    "OffsetDateTime", "ZoneId", "ZoneOffset", "DayOfWeek", "Month", "MonthDay", "YearMonth", "Year",
                    "DateTimeException"),
            "java.time.temporal", List.of("ChronoUnit", "ChronoField"),
            "java.time.format", List.of("DateTimeFormatter"),
            "java.math", List.of("BigDecimal", "RoundingMode"));

    /**
     * Methods refused whatever they are called on: the ways from an ordinary object to reflection,
     * processes, threads, class loading and unbounded allocation. Rule code has no type information
     * to go on, so these names are refused on every receiver.
     */
    static final Set<String> DENIED_METHODS = Set.of(
            "getClass", "getDeclaringClass", "forName", "getClassLoader", "getSystemClassLoader", "loadClass", "defineClass",
            "getMethod", "getMethods", "getDeclaredMethod", "getDeclaredMethods", "getField", "getFields", "getDeclaredField",
            "getDeclaredFields", "getConstructor", "getConstructors", "getDeclaredConstructor", "getDeclaredConstructors",
            "invoke", "invokeExact", "newInstance", "setAccessible", "lookup", "exec", "exit", "halt", "load", "loadLibrary",
            "getRuntime", "getenv", "getProperty", "setProperty", "wait", "notify", "notifyAll", "sleep",
            "parallel", "parallelStream", "repeat", "nCopies", "setLength", "ensureCapacity", "getKieRuntime", "getKieBase",
            "getWorkingMemory", "getEntryPoint", "getChannels", "getGlobals", "dispose", "destroy", "finalize", "clone");

    /** Names that reach the engine itself from a consequence (the session, its knowledge base, other entry points). */
    static final Set<String> DENIED_NAMES = Set.of("drools", "kcontext", "channels", "kieRuntime", "System", "Runtime", "Thread");

    /** The only methods a consequence may call without a receiver, besides the functions declared in the rules. */
    static final Set<String> RHS_HELPERS = Set.of("insert", "insertLogical", "update", "modify", "delete", "retract");

    private static final Map<String, String> SIMPLE = simpleNames();

    /** The fully qualified name of an allowed class named by its simple name, or null. */
    static String simple(String name) { return SIMPLE.get(name); }

    /** Whether a fully qualified class name (or a nested one, Map.Entry) is allowed. */
    static boolean qualified(String fqn) {
        if (fqn.startsWith(FACTS_PACKAGE + ".")) {
            String rest = fqn.substring(FACTS_PACKAGE.length() + 1);
            return SIMPLE.containsKey(rest.split("\\.")[0]) && FACTS_PACKAGE.equals(packageOf(SIMPLE.get(rest.split("\\.")[0])));
        }
        for (Map.Entry<String, List<String>> e : HELPERS.entrySet()) {
            if (fqn.startsWith(e.getKey() + ".")) {
                String rest = fqn.substring(e.getKey().length() + 1);
                if (e.getValue().contains(rest.split("\\.")[0]) && !rest.split("\\.")[0].isEmpty()
                        && Character.isUpperCase(rest.charAt(0))) return true;
            }
        }
        return false;
    }

    /** Whether an import is allowed: the fact package, an allowed package with .*, or an allowed class. */
    static boolean importAllowed(String target) {
        if (target.equals(FACTS_PACKAGE + ".*")) return true;
        if (target.endsWith(".*")) return false;   // a wildcard over any other package would bring in classes we cannot list
        return qualified(target);
    }

    /** The classes a rule may name, for the README and error messages. */
    static String describe() {
        return "the fact classes (" + FACTS_PACKAGE + ".*), " + String.join(", ", new TreeSet<>(HELPERS.keySet()).stream()
                .map(p -> p + " (" + String.join(", ", HELPERS.get(p)) + ")").toList());
    }

    private static String packageOf(String fqn) { return fqn.substring(0, fqn.lastIndexOf('.')); }

    private static Map<String, String> simpleNames() {
        Map<String, String> out = new HashMap<>();
        HELPERS.forEach((pkg, names) -> names.forEach(n -> out.put(n, pkg + "." + n)));
        for (String fact : factClasses()) out.put(fact, FACTS_PACKAGE + "." + fact);
        return Collections.unmodifiableMap(out);
    }

    /** The top-level classes of the fact package, read from wherever the service's classes are (a folder or the jar). */
    static Set<String> factClasses() {
        Set<String> names = new TreeSet<>();
        String dir = FACTS_PACKAGE.replace('.', '/');
        try {
            Path location = Path.of(winterroom.facts.Day.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(location)) {
                try (Stream<Path> files = Files.list(location.resolve(dir))) {
                    files.map(p -> p.getFileName().toString()).forEach(n -> addClass(names, n));
                }
            } else {
                try (JarFile jar = new JarFile(location.toFile())) {
                    jar.stream().map(e -> e.getName()).filter(n -> n.startsWith(dir + "/") && n.indexOf('/', dir.length() + 1) < 0)
                            .forEach(n -> addClass(names, n.substring(dir.length() + 1)));
                }
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("cannot list the fact classes: " + e.getMessage(), e);
        }
        return names;
    }

    private static void addClass(Set<String> names, String file) {
        if (file.endsWith(".class") && !file.contains("$") && !file.equals("package-info.class")) {
            names.add(file.substring(0, file.length() - ".class".length()));
        }
    }
}
