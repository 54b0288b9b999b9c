package winterroom.policy;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.Problem;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.ArrayCreationExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.ClassExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.LongLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.SuperExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.LocalClassDeclarationStmt;
import com.github.javaparser.ast.stmt.LocalRecordDeclarationStmt;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import com.github.javaparser.ast.stmt.WhileStmt;
import com.github.javaparser.ast.type.ClassOrInterfaceType;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks one piece of Java written in a rule (a consequence, a function body, an eval, a constraint's
 * expression, a declared field's default) against the {@link CodeAllowList}, without running it:
 * the code is parsed with JavaParser and every class it names, every method it calls and every
 * loop it writes is looked at. Anything that cannot be parsed is refused too, since what cannot be
 * read cannot be checked.
 */
final class JavaCodeCheck {
    /** Where the code sits, which decides what it may call without a receiver. */
    enum Context {
        /** A constraint inside a pattern: a call without a receiver is a method of the fact. */
        CONSTRAINT,
        /** A rule's consequence: insert, modify and the like, and the rules' own functions. */
        CONSEQUENCE,
        /** The statements of a modify block: calls without a receiver are the modified fact's setters. */
        MODIFY,
        /** Functions, eval, from, declared defaults, attributes: only the rules' own functions. */
        CODE
    }

    /** A refusal at a line and column counted from the start of the checked code (both from 1). */
    record Violation(int line, int column, String message) {}

    static final int MAX_LOOP_BOUND = 10_000;
    static final long MAX_LOOP_WORK = 1_000_000;
    static final long MAX_LITERAL = 10_000_000;
    static final int MAX_ARRAY = 10_000;

    private static final ParserConfiguration CONFIG = new ParserConfiguration()
            .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17);

    /** A parser per check: JavaParser instances are cheap and not shared between threads. */
    private static JavaParser parser() { return new JavaParser(CONFIG); }

    private final Set<String> functions;
    private final Set<String> declaredTypes;
    /** Calls from one function to others (by name), for the recursion check. */
    private final List<String> calledFunctions = new ArrayList<>();

    JavaCodeCheck(Set<String> functions, Set<String> declaredTypes) {
        this.functions = functions;
        this.declaredTypes = declaredTypes;
    }

    List<String> calledFunctions() { return calledFunctions; }

    List<Violation> expression(String code, Context context) {
        return check(parser().parseExpression(code), context);
    }

    /** Statements, as in a consequence or a function body (without the surrounding braces). */
    List<Violation> statements(String code, Context context) {
        // the brace goes on the first line so the lines of the code and of the block are the same
        ParseResult<BlockStmt> r = parser().parseBlock("{" + code + "\n}");
        return check(r, context);
    }

    /** A type as written in a declaration (a declared field, a function's parameter or return type, a global). */
    List<Violation> type(String type) {
        String t = type.strip();
        if (t.isEmpty()) return List.of();
        var r = parser().parseType(t);
        if (!r.isSuccessful() || r.getResult().isEmpty()) return List.of(new Violation(1, 1, "cannot read the type '" + t + "'"));
        List<Violation> out = new ArrayList<>();
        r.getResult().get().walk(ClassOrInterfaceType.class, c -> checkType(c, Set.of(), out));
        return out;
    }

    private <N extends Node> List<Violation> check(ParseResult<N> r, Context context) {
        if (!r.isSuccessful() || r.getResult().isEmpty()) {
            Problem p = r.getProblems().isEmpty() ? null : r.getProblems().get(0);
            int line = p == null ? 1 : p.getLocation().flatMap(l -> l.getBegin().getRange()).map(x -> x.begin.line).orElse(1);
            return List.of(new Violation(line, 1, "cannot read this code to check it"
                    + (p == null ? "" : " (" + firstLine(p.getMessage()) + ")")));
        }
        N root = r.getResult().get();
        Set<String> locals = new HashSet<>();
        root.walk(VariableDeclarator.class, v -> locals.add(v.getNameAsString()));
        root.walk(Parameter.class, p -> locals.add(p.getNameAsString()));
        List<Violation> out = new ArrayList<>();
        root.walk(node -> visit(node, context, locals, out));
        return out;
    }

    private void visit(Node node, Context context, Set<String> locals, List<Violation> out) {
        if (node instanceof MethodCallExpr m) {
            String name = m.getNameAsString();
            if (CodeAllowList.DENIED_METHODS.contains(name)) {
                add(out, m, "calling " + name + "(...) is not allowed in rules (it reaches reflection, processes, threads, "
                        + "class loading or the engine itself)");
            } else if (m.getScope().isEmpty()) {
                boolean function = functions.contains(name);
                if (function) calledFunctions.add(name);
                boolean ok = function || switch (context) {
                    case CONSTRAINT, MODIFY -> true;
                    case CONSEQUENCE -> CodeAllowList.RHS_HELPERS.contains(name);
                    case CODE -> false;
                };
                if (!ok) add(out, m, "'" + name + "(...)' is neither a function of these rules nor one of "
                        + String.join(", ", CodeAllowList.RHS_HELPERS.stream().sorted().toList()));
            }
        } else if (node instanceof MethodReferenceExpr ref) {
            if (CodeAllowList.DENIED_METHODS.contains(ref.getIdentifier())) {
                add(out, ref, "the method reference ::" + ref.getIdentifier() + " is not allowed in rules");
            }
        } else if (node instanceof NameExpr n) {
            checkName(n, locals, out);
        } else if (node instanceof ClassOrInterfaceType c) {
            checkType(c, locals, out);
        } else if (node instanceof ObjectCreationExpr o) {
            if (o.getAnonymousClassBody().isPresent()) add(out, o, "anonymous classes are not allowed in rules");
            for (Expression arg : o.getArguments()) checkSize(arg, out, "a constructor argument");
        } else if (node instanceof ArrayCreationExpr a) {
            if (a.getInitializer().isEmpty()) {
                for (var level : a.getLevels()) {
                    Optional<Expression> dim = level.getDimension();
                    Long size = dim.flatMap(JavaCodeCheck::integer).orElse(null);
                    if (size == null || size > MAX_ARRAY) {
                        add(out, a, "an array's size must be a number up to " + MAX_ARRAY + " written in the rule");
                    }
                }
            }
        } else if (node instanceof IntegerLiteralExpr || node instanceof LongLiteralExpr) {
            Long v = integer((Expression) node).orElse(Long.MAX_VALUE);
            if (v > MAX_LITERAL) add(out, node, "the number " + ((Expression) node) + " is too large for rule code (up to "
                    + MAX_LITERAL + "); large values belong in a policy table");
        } else if (node instanceof FieldAccessExpr f) {
            if (f.getNameAsString().equals("MAX_VALUE")) add(out, f, "MAX_VALUE is not allowed in rule code (it is how unbounded loops and allocations are written)");
        } else if (node instanceof ClassExpr c) {
            add(out, c, "class literals (" + c + ") are not allowed in rules: they lead to reflection");
        } else if (node instanceof WhileStmt || node instanceof DoStmt) {
            add(out, node, "while and do loops are not allowed in rules (a loop must have a bound the check can see: "
                    + "use for (X x : collection) or for (int i = 0; i < N; i++) with N up to " + MAX_LOOP_BOUND + ")");
        } else if (node instanceof ForStmt f) {
            checkFor(f, out);
        } else if (node instanceof SynchronizedStmt) {
            add(out, node, "synchronized blocks are not allowed in rules");
        } else if (node instanceof LocalClassDeclarationStmt || node instanceof LocalRecordDeclarationStmt) {
            add(out, node, "classes declared inside rule code are not allowed");
        } else if ((node instanceof ThisExpr || node instanceof SuperExpr) && context != Context.CONSTRAINT) {
            add(out, node, "'" + node + "' is not allowed outside a pattern's constraints");
        } else if (node instanceof com.github.javaparser.ast.expr.AnnotationExpr) {
            add(out, node, "annotations are not allowed in rule code");
        }
    }

    /** A name used as a value: a variable, a field of the fact, or the start of a class name (simple or fully qualified). */
    private void checkName(NameExpr n, Set<String> locals, List<Violation> out) {
        String first = n.getNameAsString();
        if (CodeAllowList.DENIED_NAMES.contains(first) && !locals.contains(first)) {
            add(out, n, "'" + first + "' is not allowed in rules");
            return;
        }
        if (first.startsWith("$") || locals.contains(first)) return;
        List<String> chain = new ArrayList<>();
        chain.add(first);
        Node cur = n;
        while (cur.getParentNode().orElse(null) instanceof FieldAccessExpr fa && fa.getScope() == cur) {
            chain.add(fa.getNameAsString());
            cur = fa;
        }
        if (Character.isUpperCase(first.charAt(0))) {
            if (!classAllowed(first)) add(out, n, notAllowed(first));
            return;
        }
        for (int i = 1; i < chain.size(); i++) {
            if (Character.isUpperCase(chain.get(i).charAt(0))) {
                String fqn = String.join(".", chain.subList(0, i + 1));
                if (!CodeAllowList.qualified(fqn)) add(out, n, notAllowed(fqn));
                return;
            }
        }
    }

    private void checkType(ClassOrInterfaceType c, Set<String> locals, List<Violation> out) {
        if (c.getParentNode().orElse(null) instanceof ClassOrInterfaceType parent && parent.getScope().orElse(null) == c) return;
        String name = c.getNameWithScope();
        if (name.equals("var")) return;
        String[] parts = name.split("\\.");
        if (Character.isUpperCase(parts[0].charAt(0))) {
            // a simple name, or a nested one such as Map.Entry: the outer class decides
            if (!classAllowed(parts[0])) add(out, c, notAllowed(parts[0]));
            return;
        }
        for (int i = 1; i < parts.length; i++) {
            if (Character.isUpperCase(parts[i].charAt(0))) {
                String fqn = String.join(".", java.util.Arrays.copyOfRange(parts, 0, i + 1));
                if (!CodeAllowList.qualified(fqn)) add(out, c, notAllowed(fqn));
                return;
            }
        }
        add(out, c, notAllowed(name));
    }

    private boolean classAllowed(String simple) {
        return CodeAllowList.simple(simple) != null || declaredTypes.contains(simple);
    }

    private static String notAllowed(String name) {
        return name + " is not allowed in rules: rule code may use the fact classes and a few helpers ("
                + "java.util collections, java.time, Math, String, the boxed numbers)";
    }

    /** A for loop must count to a bound the check can see, with a counter the body leaves alone. */
    private void checkFor(ForStmt f, List<Violation> out) {
        String unbounded = "this for loop has no bound the check can see: write for (int i = 0; i < N; i++) with N a number up to "
                + MAX_LOOP_BOUND + ", a collection's size() or an array's length, and leave i alone in the body";
        if (f.getCompare().isEmpty() || !(f.getCompare().get() instanceof BinaryExpr cmp) || f.getUpdate().size() != 1) {
            add(out, f, unbounded);
            return;
        }
        String counter;
        Expression bound;
        boolean up;
        switch (cmp.getOperator()) {
            case LESS, LESS_EQUALS -> { up = true; counter = name(cmp.getLeft()); bound = cmp.getRight(); }
            case GREATER, GREATER_EQUALS -> {
                // i > 0 counting down, or N > i counting up
                if (name(cmp.getLeft()) != null && isCountDown(f.getUpdate().get(0), name(cmp.getLeft()))) {
                    up = false; counter = name(cmp.getLeft()); bound = null;
                } else { up = true; counter = name(cmp.getRight()); bound = cmp.getLeft(); }
            }
            default -> { add(out, f, unbounded); return; }
        }
        if (counter == null) { add(out, f, unbounded); return; }
        Expression update = f.getUpdate().get(0);
        if (up ? !isCountUp(update, counter) : !isCountDown(update, counter)) { add(out, f, unbounded); return; }
        if (!up) {
            // counting down: the start must be a visible bound
            Expression start = f.getInitialization().stream().flatMap(e -> e instanceof VariableDeclarationExpr v ? v.getVariables().stream() : java.util.stream.Stream.empty())
                    .filter(v -> v.getNameAsString().equals(counter)).findFirst().flatMap(VariableDeclarator::getInitializer).orElse(null);
            bound = start;
        }
        if (bound == null || !visibleBound(bound, f)) { add(out, f, unbounded); return; }
        boolean[] touched = {false};
        f.getBody().walk(AssignExpr.class, a -> { if (counter.equals(name(a.getTarget()))) touched[0] = true; });
        f.getBody().walk(UnaryExpr.class, u -> { if (u.getOperator().isPostfix() || u.getOperator().isPrefix()) {
            if ((u.getOperator() == UnaryExpr.Operator.POSTFIX_INCREMENT || u.getOperator() == UnaryExpr.Operator.POSTFIX_DECREMENT
                    || u.getOperator() == UnaryExpr.Operator.PREFIX_INCREMENT || u.getOperator() == UnaryExpr.Operator.PREFIX_DECREMENT)
                    && counter.equals(name(u.getExpression()))) touched[0] = true; } });
        if (touched[0]) { add(out, f, unbounded); return; }
        long work = 1;
        for (Node p = f; p != null; p = p.getParentNode().orElse(null)) {
            if (p instanceof ForStmt outer) work *= literalBound(outer);
        }
        if (work > MAX_LOOP_WORK) add(out, f, "these nested loops could run " + work + " times; rule code may loop at most " + MAX_LOOP_WORK + " times");
    }

    private static long literalBound(ForStmt f) {
        if (f.getCompare().orElse(null) instanceof BinaryExpr cmp) {
            Optional<Long> a = integer(cmp.getRight());
            Optional<Long> b = integer(cmp.getLeft());
            if (a.isPresent()) return Math.max(1, a.get());
            if (b.isPresent()) return Math.max(1, b.get());
        }
        return 1;
    }

    private static boolean visibleBound(Expression bound, ForStmt f) {
        Optional<Long> n = integer(bound);
        if (n.isPresent()) return n.get() <= MAX_LOOP_BOUND;
        if (bound instanceof FieldAccessExpr fa && fa.getNameAsString().equals("length")) return true;
        if (bound instanceof MethodCallExpr m && m.getNameAsString().equals("size") && m.getArguments().isEmpty()) {
            // a collection that the loop itself grows is no bound
            boolean grows = f.getBody().findFirst(MethodCallExpr.class, c -> Set.of("add", "addAll", "put", "putAll", "offer",
                    "push", "addFirst", "addLast", "insert", "insertLogical").contains(c.getNameAsString())).isPresent();
            return !grows;
        }
        return false;
    }

    private static boolean isCountUp(Expression e, String counter) {
        if (e instanceof UnaryExpr u) return (u.getOperator() == UnaryExpr.Operator.POSTFIX_INCREMENT
                || u.getOperator() == UnaryExpr.Operator.PREFIX_INCREMENT) && counter.equals(name(u.getExpression()));
        if (e instanceof AssignExpr a) return a.getOperator() == AssignExpr.Operator.PLUS && counter.equals(name(a.getTarget()))
                && integer(a.getValue()).map(v -> v > 0).orElse(false);
        return false;
    }

    private static boolean isCountDown(Expression e, String counter) {
        if (e instanceof UnaryExpr u) return (u.getOperator() == UnaryExpr.Operator.POSTFIX_DECREMENT
                || u.getOperator() == UnaryExpr.Operator.PREFIX_DECREMENT) && counter.equals(name(u.getExpression()));
        if (e instanceof AssignExpr a) return a.getOperator() == AssignExpr.Operator.MINUS && counter.equals(name(a.getTarget()))
                && integer(a.getValue()).map(v -> v > 0).orElse(false);
        return false;
    }

    private static void checkSize(Expression arg, List<Violation> out, String what) {
        Optional<Long> n = integer(arg);
        if (n.isPresent() && n.get() > MAX_ARRAY) out.add(at(arg, what + " of " + n.get() + " is too large for rule code (up to " + MAX_ARRAY + ")"));
    }

    private static String name(Expression e) { return e instanceof NameExpr n ? n.getNameAsString() : null; }

    static Optional<Long> integer(Expression e) {
        try {
            if (e instanceof IntegerLiteralExpr i) return Optional.of(new BigInteger(clean(i.getValue())).min(BigInteger.valueOf(Long.MAX_VALUE)).longValue());
            if (e instanceof LongLiteralExpr l) return Optional.of(new BigInteger(clean(l.getValue())).min(BigInteger.valueOf(Long.MAX_VALUE)).longValue());
        } catch (NumberFormatException notDecimal) {
            return Optional.of(Long.MAX_VALUE);   // hex, octal or binary: treat as too large to be safe
        }
        return Optional.empty();
    }

    private static String clean(String literal) {
        String s = literal.replace("_", "");
        if (s.endsWith("L") || s.endsWith("l")) s = s.substring(0, s.length() - 1);
        if (s.startsWith("0x") || s.startsWith("0X") || s.startsWith("0b") || s.startsWith("0B") || (s.length() > 1 && s.startsWith("0"))) {
            throw new NumberFormatException(s);
        }
        return s;
    }

    private static void add(List<Violation> out, Node node, String message) { out.add(at(node, message)); }

    private static Violation at(Node node, String message) {
        int line = node.getBegin().map(p -> p.line).orElse(1);
        int column = node.getBegin().map(p -> p.column).orElse(1);
        return new Violation(line, column, message);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
