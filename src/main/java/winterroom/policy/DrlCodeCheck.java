package winterroom.policy;

import com.github.javaparser.StaticJavaParser;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LiteralExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import org.drools.drl.ast.descr.AccumulateDescr;
import org.drools.drl.ast.descr.AccumulateImportDescr;
import org.drools.drl.ast.descr.AnnotatedBaseDescr;
import org.drools.drl.ast.descr.AnnotationDescr;
import org.drools.drl.ast.descr.AtomicExprDescr;
import org.drools.drl.ast.descr.AttributeDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.BehaviorDescr;
import org.drools.drl.ast.descr.BindingDescr;
import org.drools.drl.ast.descr.CollectDescr;
import org.drools.drl.ast.descr.ConditionalBranchDescr;
import org.drools.drl.ast.descr.ConditionalElementDescr;
import org.drools.drl.ast.descr.ConstraintConnectiveDescr;
import org.drools.drl.ast.descr.EntryPointDescr;
import org.drools.drl.ast.descr.EnumDeclarationDescr;
import org.drools.drl.ast.descr.EvalDescr;
import org.drools.drl.ast.descr.ExprConstraintDescr;
import org.drools.drl.ast.descr.FromDescr;
import org.drools.drl.ast.descr.FunctionDescr;
import org.drools.drl.ast.descr.FunctionImportDescr;
import org.drools.drl.ast.descr.GlobalDescr;
import org.drools.drl.ast.descr.ImportDescr;
import org.drools.drl.ast.descr.NamedConsequenceDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RelationalExprDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.ast.descr.TypeDeclarationDescr;
import org.drools.drl.ast.descr.TypeFieldDescr;
import org.drools.drl.ast.descr.WindowDeclarationDescr;
import org.drools.drl.ast.descr.WindowReferenceDescr;
import org.drools.drl.parser.DrlExprParser;
import org.drools.drl.parser.DrlExprParserFactory;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsError;
import org.drools.drl.parser.DroolsParserException;
import org.drools.drl.parser.ParserError;
import org.kie.internal.builder.conf.LanguageLevelOption;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The static check every DRL file passes before anything compiles it. The file is parsed with
 * Drools' own DRL parser and every place that holds code is checked with {@link JavaCodeCheck}:
 * imports, globals, declared types and their defaults, functions, rule attributes and metadata,
 * patterns and their constraints, eval, from, accumulate, and consequences. Whatever the check
 * cannot read is refused, so nothing reaches the compiler unchecked. The parsed packages are what
 * the compiler then builds, so the compiler cannot read a file differently from the check.
 */
final class DrlCodeCheck {
    private DrlCodeCheck() {}

    /** A DRL file after the check: its parsed package (null when it did not parse) and what was refused. */
    record Checked(String file, PackageDescr pkg, List<CompileProblem> problems) {
        boolean ok() { return pkg != null && problems.isEmpty(); }
    }

    static final String RULES_PACKAGE = "winterroom.rules";

    private static final Set<String> OPERATORS = Set.of("==", "!=", "<", ">", "<=", ">=", "memberOf", "contains", "excludes",
            "matches", "soundslike", "str", "after", "before", "coincides", "during", "finishes", "finishedby", "includes",
            "meets", "metby", "overlaps", "overlappedby", "starts", "startedby");
    private static final Set<String> ACCUMULATE_FUNCTIONS = Set.of("count", "sum", "average", "min", "max", "collectList",
            "collectSet", "countDistinct", "sumLong", "sumInteger", "averageBigDecimal");
    private static final Pattern TEMPORAL_PARAMETER = Pattern.compile("-?(\\d+(\\.\\d+)?([dhms]|ms)?)+");
    private static final Pattern UNICODE_ESCAPE = Pattern.compile("\\\\+u");
    private static final Set<String> CODE_ATTRIBUTES = Set.of("salience", "enabled", "date-effective", "date-expires",
            "timer", "duration", "calendars", "auto-focus", "no-loop", "lock-on-active", "agenda-group", "activation-group",
            "ruleflow-group", "dialect", "refract", "direct");

    /** Parses and checks every DRL file of a candidate; functions and declared types are shared across its files. */
    static Map<String, Checked> check(Map<String, String> drl) {
        Map<String, PackageDescr> parsed = new LinkedHashMap<>();
        Map<String, List<CompileProblem>> problems = new LinkedHashMap<>();
        for (Map.Entry<String, String> f : drl.entrySet()) {
            List<CompileProblem> found = new ArrayList<>();
            problems.put(f.getKey(), found);
            Matcher u = UNICODE_ESCAPE.matcher(f.getValue());
            while (u.find()) {
                if (u.group().length() % 2 == 0) {   // an odd number of backslashes before u is an escape
                    found.add(at(f.getKey(), f.getValue(), u.start(), "unicode escapes (\\u...) are not allowed in rules: write the character itself"));
                }
            }
            DrlParser parser = new DrlParser();
            PackageDescr pkg;
            try {
                pkg = parser.parse(false, f.getValue());
            } catch (DroolsParserException | RuntimeException e) {
                found.add(new CompileProblem(f.getKey(), null, null, "cannot parse: " + e.getMessage()));
                continue;
            }
            if (parser.hasErrors() || pkg == null) {
                for (DroolsError e : parser.getErrors()) found.add(parserProblem(f.getKey(), e));
                if (found.isEmpty()) found.add(new CompileProblem(f.getKey(), null, null, "cannot parse this file"));
                continue;
            }
            parsed.put(f.getKey(), pkg);
        }
        Set<String> functions = new HashSet<>();
        Set<String> types = new HashSet<>();
        for (PackageDescr p : parsed.values()) {
            p.getFunctions().forEach(fn -> functions.add(fn.getName()));
            p.getTypeDeclarations().forEach(t -> types.add(t.getTypeName()));
        }
        Map<String, List<String>> calls = new HashMap<>();
        Map<String, String[]> functionAt = new HashMap<>();
        Map<String, Checked> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> f : drl.entrySet()) {
            List<CompileProblem> found = problems.get(f.getKey());
            PackageDescr pkg = parsed.get(f.getKey());
            if (pkg != null) {
                new FileCheck(f.getKey(), f.getValue(), functions, types, found, calls, functionAt).check(pkg);
            }
            out.put(f.getKey(), new Checked(f.getKey(), pkg, found));
        }
        for (String fn : recursive(calls)) {
            String[] where = functionAt.get(fn);
            Checked c = out.get(where[0]);
            c.problems().add(new CompileProblem(where[0], Integer.valueOf(where[1]), null, "function " + fn
                    + " calls itself (directly or through other functions): recursion has no bound the check can see"));
        }
        return out;
    }

    /** The functions on a call cycle. */
    private static Set<String> recursive(Map<String, List<String>> calls) {
        Set<String> out = new java.util.TreeSet<>();
        for (String start : calls.keySet()) {
            java.util.Deque<String> todo = new java.util.ArrayDeque<>(calls.getOrDefault(start, List.of()));
            Set<String> seen = new HashSet<>();
            while (!todo.isEmpty()) {
                String fn = todo.pop();
                if (fn.equals(start)) { out.add(start); break; }
                if (seen.add(fn)) todo.addAll(calls.getOrDefault(fn, List.of()));
            }
        }
        return out;
    }

    private static CompileProblem parserProblem(String file, DroolsError e) {
        int[] lines = e.getLines();
        Integer line = lines != null && lines.length > 0 && lines[0] > 0 ? lines[0] : null;
        Integer column = e instanceof ParserError pe && pe.getCol() > 0 ? pe.getCol() : null;
        String message = e.getMessage().trim();
        Matcher m = Pattern.compile("\\bLine (\\d+):(\\d+)").matcher(message);
        if ((line == null || column == null) && m.find()) {
            if (line == null) line = Integer.parseInt(m.group(1));
            if (column == null) column = Integer.parseInt(m.group(2));
        }
        return new CompileProblem(file, line, column, message);
    }

    private static CompileProblem at(String file, String text, int offset, String message) {
        int line = 1;
        int start = 0;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') { line++; start = i + 1; }
        }
        return new CompileProblem(file, line, offset - start + 1, message);
    }

    /** The check of one parsed file. */
    private static final class FileCheck {
        private final String file;
        private final String text;
        private final Set<String> functions;
        private final Set<String> types;
        private final List<CompileProblem> out;
        private final Map<String, List<String>> calls;
        private final Map<String, String[]> functionAt;
        private String rule;

        FileCheck(String file, String text, Set<String> functions, Set<String> types, List<CompileProblem> out,
                  Map<String, List<String>> calls, Map<String, String[]> functionAt) {
            this.file = file;
            this.text = text;
            this.functions = functions;
            this.types = types;
            this.out = out;
            this.calls = calls;
            this.functionAt = functionAt;
        }

        void check(PackageDescr pkg) {
            String name = pkg.getName() == null ? "" : pkg.getName();
            if (!name.equals(RULES_PACKAGE) && !name.startsWith(RULES_PACKAGE + ".")) {
                problem(pkg.getLine(), null, "the package must be " + RULES_PACKAGE + " (or below it), not '" + name + "'");
            }
            for (ImportDescr i : pkg.getImports()) {
                if (!CodeAllowList.importAllowed(i.getTarget())) {
                    problem(i.getLine(), i.getColumn(), "import " + i.getTarget() + " is not allowed: rules may import "
                            + CodeAllowList.FACTS_PACKAGE + ".* and the allowed helper classes (java.util collections, java.time, Math, String, the boxed numbers)");
                }
            }
            for (FunctionImportDescr i : pkg.getFunctionImports()) problem(i.getLine(), i.getColumn(), "import function is not allowed: write the function in the rules");
            for (AccumulateImportDescr i : pkg.getAccumulateImports()) problem(i.getLine(), i.getColumn(), "import accumulate is not allowed: use Drools' own accumulate functions");
            for (GlobalDescr g : pkg.getGlobals()) type(g.getLine(), g.getType(), "global " + g.getIdentifier());
            for (AttributeDescr a : pkg.getAttributes()) attribute(a, pkg.getLine());
            for (EnumDeclarationDescr e : pkg.getEnumDeclarations()) problem(e.getLine(), e.getColumn(), "declare enum is not allowed in rules: enumerations are fact classes");
            for (WindowDeclarationDescr w : pkg.getWindowDeclarations()) lhs(w.getPattern(), w.getLine());
            for (TypeDeclarationDescr t : pkg.getTypeDeclarations()) declaration(t);
            for (FunctionDescr f : pkg.getFunctions()) function(f);
            for (RuleDescr r : pkg.getRules()) rule(r);
        }

        private void declaration(TypeDeclarationDescr t) {
            rule = null;
            if (clashesWithJavaLang(t.getTypeName())) {
                problem(t.getLine(), t.getColumn(), "a declared type may not be called " + t.getTypeName() + ": that is the name of a Java class");
            }
            for (var s : t.getSuperTypes()) type(t.getLine(), s.getFullName(), "the super type of " + t.getTypeName());
            annotations(t, t.getLine());
            for (TypeFieldDescr f : t.getFields().values()) {
                annotations(f, f.getLine());
                if (f.getPattern() != null) type(f.getLine(), f.getPattern().getObjectType(), "field " + f.getFieldName());
                if (f.getInitExpr() != null && !f.getInitExpr().isBlank()) {
                    report(f.getLine(), code().expression(f.getInitExpr(), JavaCodeCheck.Context.CODE), false,
                            "the default value of " + t.getTypeName() + "." + f.getFieldName());
                }
            }
        }

        private void function(FunctionDescr f) {
            rule = null;
            functionAt.put(f.getName(), new String[]{file, String.valueOf(f.getLine())});
            if (f.getDialect() != null && !f.getDialect().equals("java")) problem(f.getLine(), null, "function " + f.getName() + ": only the java dialect is allowed");
            type(f.getLine(), f.getReturnType(), "the return type of function " + f.getName());
            for (String p : f.getParameterTypes()) type(f.getLine(), p, "a parameter of function " + f.getName());
            JavaCodeCheck check = code();
            report(lineOf(f.getBody(), f.getStartCharacter(), f.getLine()), check.statements(f.getBody(), JavaCodeCheck.Context.CODE), true,
                    "function " + f.getName());
            calls.computeIfAbsent(f.getName(), k -> new ArrayList<>()).addAll(check.calledFunctions());
        }

        private void rule(RuleDescr r) {
            rule = r.getName();
            annotations(r, r.getLine());
            for (AttributeDescr a : r.getAttributes().values()) attribute(a, r.getLine());
            if (r.getLhs() != null) lhs(r.getLhs(), r.getLine());
            consequence(r.getConsequence(), r.getStartCharacter(), r.getConsequenceLine() > 0 ? r.getConsequenceLine() : r.getLine());
            for (Object named : r.getNamedConsequences().values()) consequence(named, r.getStartCharacter(), r.getLine());
        }

        private void consequence(Object consequence, int from, int fallbackLine) {
            if (consequence == null) return;
            if (!(consequence instanceof String code)) {
                problem(fallbackLine, null, "cannot check this consequence (only java consequences are allowed)");
                return;
            }
            if (code.isBlank()) return;
            ModifyBlocks.Rewritten rw = ModifyBlocks.rewrite(code);
            if (rw.error() != null) {
                problem(lineOf(code, from, fallbackLine), null, rw.error());
                return;
            }
            report(lineOf(code, from, fallbackLine), code().statements(rw.code(), JavaCodeCheck.Context.CONSEQUENCE), true, "the consequence");
        }

        private void attribute(AttributeDescr a, int line) {
            String name = a.getName();
            String value = a.getValue() == null ? "" : a.getValue().strip();
            if (!CODE_ATTRIBUTES.contains(name)) {
                problem(a.getLine() > 0 ? a.getLine() : line, null, "the attribute '" + name + "' is not allowed in rules");
                return;
            }
            if (name.equals("dialect")) {
                if (!value.replace("\"", "").equals("java")) problem(a.getLine() > 0 ? a.getLine() : line, null,
                        "only the java dialect is allowed (its code can be checked before it runs)");
                return;
            }
            if (value.isEmpty() || value.matches("-?\\d+") || value.equals("true") || value.equals("false")
                    || value.matches("\"[^\"\\\\]*\"")) return;
            if (name.equals("timer") || name.equals("duration")) {
                if (!value.matches("(int|cron|expr|\\()?[\\s\\w:;*?,/()\\-\"]*")) problem(a.getLine() > 0 ? a.getLine() : line, null, "cannot check this " + name);
                if (value.startsWith("expr")) problem(a.getLine() > 0 ? a.getLine() : line, null, "timer expressions are not allowed in rules");
                return;
            }
            String expr = value.startsWith("(") && value.endsWith(")") ? value.substring(1, value.length() - 1) : value;
            report(a.getLine() > 0 ? a.getLine() : line, code().expression(expr, JavaCodeCheck.Context.CODE), false, "the " + name + " attribute");
        }

        /** Metadata and annotation values are evaluated by the compiler, so they must be plain values. */
        private void annotations(AnnotatedBaseDescr d, int line) {
            for (AnnotationDescr a : d.getAnnotations()) {
                if (a.getName().contains(".")) {
                    problem(line, null, "the annotation @" + a.getName() + " is not allowed: metadata names are simple words");
                    continue;
                }
                for (Map.Entry<String, Object> v : a.getValueMap().entrySet()) {
                    Object value = v.getValue();
                    if (!(value instanceof String s) || !plainValue(s)) {
                        problem(line, null, "the value of @" + a.getName() + " must be a plain text in quotes, a number or a name, not "
                                + (value == null ? "nothing" : "'" + value + "'"));
                    }
                }
            }
        }

        private static boolean plainValue(String s) {
            String v = s.strip();
            if (v.isEmpty()) return true;
            try {
                Expression e = StaticJavaParser.parseExpression(v);
                if (e instanceof UnaryExpr u && u.getOperator() == UnaryExpr.Operator.MINUS) e = u.getExpression();
                return e instanceof LiteralExpr || (e instanceof NameExpr n && !CodeAllowList.DENIED_NAMES.contains(n.getNameAsString()));
            } catch (RuntimeException notJava) {
                return false;
            }
        }

        private void lhs(BaseDescr d, int line) {
            int here = d.getLine() > 0 ? d.getLine() : line;
            if (d instanceof PatternDescr p) {
                if (p.getObjectType() != null && !p.isQuery()) type(here, p.getObjectType(), "the pattern");
                for (BaseDescr c : p.getDescrs()) lhs(c, here);
                if (p.getSource() != null) lhs(p.getSource(), here);
                for (BehaviorDescr b : p.getBehaviors()) {
                    for (String param : b.getParameters()) {
                        if (!TEMPORAL_PARAMETER.matcher(param.strip()).matches()) problem(here, null, "cannot check the window parameter '" + param + "'");
                    }
                }
            } else if (d instanceof ExprConstraintDescr e) {
                constraint(e.getExpression(), here, e.getColumn());
            } else if (d instanceof BindingDescr b) {
                constraint(b.getExpression(), here, b.getColumn());
            } else if (d instanceof EvalDescr ev) {
                if (!(ev.getContent() instanceof String s)) problem(here, null, "cannot check this eval");
                else report(here, code().expression(s, JavaCodeCheck.Context.CODE), false, "the eval");
            } else if (d instanceof FromDescr f) {
                report(here, code().expression(f.getExpression(), JavaCodeCheck.Context.CODE), false, "the from expression");
            } else if (d instanceof CollectDescr c) {
                lhs(c.getInputPattern(), here);
            } else if (d instanceof AccumulateDescr a) {
                if (a.getInput() != null) lhs(a.getInput(), here);
                for (String init : new String[]{a.getInitCode(), a.getActionCode(), a.getReverseCode()}) {
                    if (init != null && !init.isBlank()) report(here, code().statements(init, JavaCodeCheck.Context.CODE), false, "the accumulate");
                }
                if (a.getResultCode() != null && !a.getResultCode().isBlank()) report(here, code().expression(a.getResultCode(), JavaCodeCheck.Context.CODE), false, "the accumulate result");
                for (AccumulateDescr.AccumulateFunctionCallDescr fn : a.getFunctions()) {
                    if (!ACCUMULATE_FUNCTIONS.contains(fn.getFunction())) {
                        problem(here, null, "the accumulate function " + fn.getFunction() + " is not allowed: use one of " + String.join(", ", new java.util.TreeSet<>(ACCUMULATE_FUNCTIONS)));
                    }
                    for (String param : fn.getParams()) report(here, code().expression(param, JavaCodeCheck.Context.CONSTRAINT), false, "the accumulate");
                }
            } else if (d instanceof ConditionalBranchDescr b) {
                if (b.getCondition() != null) lhs(b.getCondition(), here);
                if (b.getElseBranch() != null) lhs(b.getElseBranch(), here);
            } else if (d instanceof ConditionalElementDescr ce) {
                for (BaseDescr c : ce.getDescrs()) lhs(c, here);
            } else if (d instanceof EntryPointDescr || d instanceof WindowReferenceDescr || d instanceof NamedConsequenceDescr) {
                // a name only
            } else {
                problem(here, null, "cannot check this part of the rule (" + d.getClass().getSimpleName() + ")");
            }
        }

        /** A constraint as Drools reads it (its own expression parser), each operand checked as Java. */
        private void constraint(String expression, int line, int column) {
            DrlExprParser parser = DrlExprParserFactory.getDrlExprParser(LanguageLevelOption.DRL6);
            ConstraintConnectiveDescr tree = parser.parse(expression);
            if (parser.hasErrors() || tree == null) {
                problem(line, column > 0 ? column : null, "cannot read the constraint '" + expression + "' to check it");
                return;
            }
            operand(tree, line, column);
        }

        private void operand(BaseDescr d, int line, int column) {
            if (d instanceof ConstraintConnectiveDescr c) {
                for (BaseDescr x : c.getDescrs()) operand(x, line, column);
            } else if (d instanceof RelationalExprDescr r) {
                if (!OPERATORS.contains(r.getOperator())) problem(line, column, "the operator '" + r.getOperator() + "' is not allowed in rules");
                if (r.getParameters() != null) {
                    for (String p : r.getParameters()) {
                        if (!TEMPORAL_PARAMETER.matcher(p.strip()).matches()) problem(line, column, "cannot check the operator parameter '" + p + "'");
                    }
                }
                operand(r.getLeft(), line, column);
                operand(r.getRight(), line, column);
            } else if (d instanceof AtomicExprDescr a) {
                if (a.isLiteral()) return;
                report(line, code().expression(a.getExpression(), JavaCodeCheck.Context.CONSTRAINT), false, "the constraint", column);
            } else if (d instanceof BindingDescr b) {
                report(line, code().expression(b.getExpression(), JavaCodeCheck.Context.CONSTRAINT), false, "the constraint", column);
            } else {
                problem(line, column, "cannot check this constraint (" + d.getClass().getSimpleName() + ")");
            }
        }

        private void type(int line, String type, String what) {
            if (type == null || type.isBlank()) return;
            String t = type.strip();
            if (t.equals("void") || types.contains(t)) return;
            report(line, code().type(t), false, what);
        }

        private JavaCodeCheck code() { return new JavaCodeCheck(functions, types); }

        private void report(int line, List<JavaCodeCheck.Violation> violations, boolean multiLine, String where) {
            report(line, violations, multiLine, where, -1);
        }

        private void report(int line, List<JavaCodeCheck.Violation> violations, boolean multiLine, String where, int column) {
            for (JavaCodeCheck.Violation v : violations) {
                int at = multiLine ? line + v.line() - 1 : line;
                Integer col = multiLine ? Integer.valueOf(v.column()) : column > 0 ? Integer.valueOf(column) : null;
                problem(at, col, "in " + where + ": " + v.message());
            }
        }

        private void problem(int line, Integer column, String message) {
            String in = rule == null ? "" : "rule '" + rule + "': ";
            out.add(new CompileProblem(file, line > 0 ? line : null, column, in + message));
        }

        /** The line in the file where a piece of code taken out of it starts. */
        private int lineOf(String code, int from, int fallback) {
            int at = text.indexOf(code, Math.max(0, from));
            if (at < 0) return fallback;
            int line = 1;
            for (int i = 0; i < at; i++) if (text.charAt(i) == '\n') line++;
            return line;
        }

        private static boolean clashesWithJavaLang(String name) {
            try {
                Class.forName("java.lang." + name, false, ClassLoader.getPlatformClassLoader());
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                return CodeAllowList.simple(name) != null;
            }
        }
    }
}
