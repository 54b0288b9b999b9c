package winterroom.policy;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The static check of rule code, one refusal at a time: each attack is refused with the file and
 * the line it is written on, before the compiler sees it. (That it did not run is shown through
 * the HTTP API in RuleCodeSafetyTest.)
 */
class RuleCodeCheckTest {
    static final String HEAD = "package winterroom.rules\nimport winterroom.facts.*\n\n";

    /** A rule with the given lines before when (metadata, attributes), conditions and consequence. */
    static String rule(String meta, String when, String then) {
        return HEAD + "rule \"attack\"\n" + meta + "when\n" + when + "then\n" + then + "end\n";
    }

    static List<CompileProblem> problems(String drl) {
        return DrlCodeCheck.check(Map.of("attack.drl", drl)).get("attack.drl").problems();
    }

    static void refused(String drl, int line, String messagePart) {
        List<CompileProblem> p = problems(drl);
        assertFalse(p.isEmpty(), "refused:\n" + drl);
        assertTrue(p.stream().anyMatch(x -> "attack.drl".equals(x.file()) && x.line() != null && x.line() == line
                && x.message().contains(messagePart)), "line " + line + " '" + messagePart + "' in " + p + "\n" + drl);
    }

    @Test
    void theShippedRulesPass() {
        SortedMap<String, byte[]> files = RulesFolder.read(Path.of("rules"));
        Map<String, String> drl = new TreeMap<>();
        files.forEach((k, v) -> { if (k.endsWith(".drl")) drl.put(k, new String(v, StandardCharsets.UTF_8)); });
        DrlCodeCheck.check(drl).values().forEach(c -> assertEquals(List.of(), c.problems(), c.file()));
        assertTrue(drl.size() >= 5);
    }

    @Test
    void processesFilesSystemAndReflectionAreRefusedWhereverTheyAreWritten() {
        // consequence (lines: 1 package, 2 import, 3 blank, 4 rule, 5 when, 6 condition, 7 then, 8 code)
        refused(rule("", "    Day()\n", "    new ProcessBuilder(\"id\").start();\n"), 8, "ProcessBuilder is not allowed");
        refused(rule("", "    Day()\n", "    System.exit(0);\n"), 8, "not allowed");
        refused(rule("", "    Day()\n", "    java.lang.Runtime.getRuntime().exec(\"id\");\n"), 8, "not allowed");
        refused(rule("", "    Day()\n", "    java.nio.file.Files.writeString(java.nio.file.Path.of(\"/tmp/x\"), \"x\");\n"), 8, "java.nio.file.Files is not allowed");
        refused(rule("", "    Day()\n", "    insertLogical(new Finding(\"event\").with(\"x\", new String(java.nio.file.Files.readAllBytes(java.nio.file.Paths.get(\"/etc/passwd\")))));\n"),
                8, "java.nio.file");
        refused(rule("", "    Day()\n", "    Object o = \"\".getClass().forName(\"java.lang.Runtime\");\n"), 8, "getClass");
        refused(rule("", "    Day()\n", "    Class c = String.class;\n"), 8, "Class is not allowed");
        refused(rule("", "    Day()\n", "    Thread.sleep(100000);\n"), 8, "not allowed");
        refused(rule("", "    Day()\n", "    drools.getKieRuntime().halt();\n"), 8, "'drools' is not allowed");
        refused(rule("", "    Day()\n", "    new java.io.File(\"/tmp/x\").delete();\n"), 8, "java.io.File is not allowed");
        // conditions, eval, from, metadata, attributes
        refused(rule("", "    Measure( value > java.lang.Runtime.getRuntime().exec(\"id\").waitFor() )\n", ""), 6, "not allowed");
        refused(rule("", "    eval( System.exit(0) == null )\n", ""), 6, "not allowed");
        refused(rule("", "    $l : java.util.List() from java.nio.file.Files.readAllLines(java.nio.file.Path.of(\"/etc/passwd\"))\n", ""), 6, "java.nio.file.Files is not allowed");
        refused(rule("    @code(java.lang.Runtime.getRuntime().exec(\"id\"))\n", "    Day()\n", ""), 4, "must be a plain text");
        refused(rule("    salience ( java.lang.Runtime.getRuntime().availableProcessors() )\n", "    Day()\n", ""), 5, "not allowed");
        refused(rule("    dialect \"mvel\"\n", "    Day()\n", ""), 5, "only the java dialect");
        // declare defaults, functions, imports, globals
        refused(HEAD + "declare Evil\n    home : String = System.getProperty(\"user.home\")\nend\n", 5, "not allowed");
        refused(HEAD + "function void evil() {\n    Runtime.getRuntime().exec(\"id\");\n}\n", 5, "not allowed");
        refused(HEAD + "import java.io.File\n", 4, "import java.io.File is not allowed");
        refused(HEAD + "import java.lang.reflect.*\n", 4, "is not allowed");
        refused(HEAD + "global java.lang.Runtime rt\n", 4, "not allowed");
        refused(HEAD + "declare System\n    x : int\nend\n", 4, "may not be called System");
        // escapes the check must not miss
        refused(rule("", "    Day()\n", "    // \\u000a System.exit(0);\n"), 8, "unicode escapes");
        refused("package java.lang\nrule \"x\" when then end\n", 1, "the package must be winterroom.rules");
    }

    @Test
    void unboundedLoopsRecursionAndHugeAllocationsAreRefused() {
        refused(rule("", "    Day()\n", "    while (true) { }\n"), 8, "while and do loops are not allowed");
        refused(rule("", "    Day()\n", "    do { } while (true);\n"), 8, "while and do loops");
        refused(rule("", "    Day()\n", "    for (;;) { }\n"), 8, "no bound");
        refused(rule("", "    Day()\n", "    for (int i = 0; i < 10; i++) { i--; }\n"), 8, "no bound");
        refused(rule("", "    Day()\n", "    for (int i = 0; i < 100000; i++) { }\n"), 8, "no bound");
        refused(rule("", "    Day()\n", "    for (int i = 0; i < 5000; i++) { for (int j = 0; j < 5000; j++) { } }\n"), 8, "nested loops");
        refused(rule("", "    Day()\n", "    java.util.List l = new java.util.ArrayList();\n    for (int i = 0; i < l.size(); i++) { l.add(i); }\n"), 9, "no bound");
        refused(rule("", "    Day()\n", "    long[] a = new long[Integer.MAX_VALUE];\n"), 8, "array's size");
        refused(rule("", "    Day()\n", "    String s = \"x\".repeat(2000000000);\n"), 8, "repeat");
        refused(HEAD + "function int f(int n) {\n    return f(n + 1);\n}\n", 4, "calls itself");
        refused(HEAD + "function int f(int n) {\n    return g(n);\n}\nfunction int g(int n) {\n    return f(n);\n}\n", 4, "calls itself");
    }

    @Test
    void ordinaryRuleCodeIsAllowed() {
        String ok = HEAD + "import java.util.List\n\nfunction String label(double v) {\n    return Fmt.num(Math.max(0, v)) + \"%\";\n}\n\n"
                + "rule \"fine\"\n    @code(\"X1\")\n    salience -10\nwhen\n"
                + "    $m : Measure( metric == \"ae_4h_pct\", value < 80, $org : org )\n"
                + "    $all : List( size > 0 ) from collect( Measure( org == $org ) )\n"
                + "then\n"
                + "    java.util.List<String> names = new java.util.ArrayList<>();\n"
                + "    for (Object o : $all) { names.add(((Measure) o).getMetric()); }\n"
                + "    for (int i = 0; i < names.size(); i++) { String n = names.get(i).toUpperCase(); }\n"
                + "    java.util.Collections.sort(names);\n"
                + "    modify($m) { setValue(1.0) }\n"
                + "    insertLogical(new Recommendation(\"SITREP_CALL\", $org, label($m.getValue()) + String.join(\", \", names)"
                + " + java.time.LocalDate.of(2019, 1, 1).plusDays(3)));\n"
                + "end\n";
        assertEquals(List.of(), problems(ok));
    }
}
