package winterroom.policy;

import org.drools.base.definitions.rule.impl.RuleImpl;
import org.drools.compiler.compiler.DescrBuildError;
import org.drools.decisiontable.InputType;
import org.drools.decisiontable.SpreadsheetCompiler;
import org.drools.drl.parser.ParserError;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.drools.kiesession.rulebase.KnowledgeBaseFactory;
import org.kie.api.KieBase;
import org.kie.api.KieBaseConfiguration;
import org.kie.api.KieServices;
import org.kie.api.conf.EventProcessingOption;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.io.Resource;
import org.kie.api.io.ResourceType;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.builder.KnowledgeBuilderResult;
import org.kie.internal.builder.ResultSeverity;
import org.kie.internal.io.ResourceFactory;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles the files of a rules folder into a {@link Ruleset}: DRL files anywhere, decision tables
 * under tables/ (CSV or XLSX), and the CSV catalogues. Never throws for bad policy: every problem
 * comes back as a {@link CompileProblem} with the file and line, so a broken edit can be reported
 * while the active ruleset keeps serving.
 */
public final class RulesetCompiler {
    private RulesetCompiler() {}

    /**
     * Everything that is found without compiling: twin tables, catalogues, table cells and the static check of
     * every DRL file. It runs no rule code, so the service does it itself before sending a candidate to a worker.
     */
    public static List<CompileProblem> check(SortedMap<String, byte[]> files) { return prepare(files).errors(); }

    /** The checks' problems, and when there are none, the files' parsed packages ready to build. */
    private record Prepared(List<CompileProblem> errors, Catalogues catalogues, Map<String, String> tables,
                            Map<String, DrlCodeCheck.Checked> checked, int ruleFiles) {}

    private static Prepared prepare(SortedMap<String, byte[]> files) {
        List<CompileProblem> twins = TableTwins.find(files);
        if (!twins.isEmpty()) return new Prepared(twins, null, Map.of(), Map.of(), 0);
        List<CompileProblem> errors = new ArrayList<>();
        Catalogues catalogues = Catalogues.parse(files, errors);

        // Every rule file is checked before anything is compiled: DRL as written, decision tables as the DRL they generate.
        Map<String, String> drl = new java.util.TreeMap<>();
        Map<String, String> tables = new HashMap<>();
        int ruleFiles = 0;
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            String name = f.getKey();
            try {
                if (name.endsWith(".drl")) {
                    drl.put(name, new String(f.getValue(), StandardCharsets.UTF_8));
                    ruleFiles++;
                } else if (name.startsWith("tables/") && (name.endsWith(".csv") || name.endsWith(".xlsx"))) {
                    ruleFiles++;
                    List<CompileProblem> cells = TableCells.check(name, f.getValue(), catalogues);
                    if (!cells.isEmpty()) {
                        errors.addAll(cells);
                        continue;
                    }
                    // The table is turned into DRL here rather than added as a DTABLE resource: Drools keeps
                    // a process-wide cache of compiled tables keyed by file name, so a table edited under
                    // the same name would otherwise compile to its old rules.
                    String generated = new SpreadsheetCompiler().compile(new ByteArrayInputStream(f.getValue()),
                            name.endsWith(".csv") ? InputType.CSV : InputType.XLS);
                    tables.put(name, generated);
                    drl.put(name, generated);
                }
            } catch (RuntimeException e) {
                // Decision-table parsing throws rather than reporting; keep it as an error for this file.
                errors.add(new CompileProblem(name, null, null, rootMessage(e)));
            }
        }
        Map<String, DrlCodeCheck.Checked> checked = DrlCodeCheck.check(drl);
        for (DrlCodeCheck.Checked c : checked.values()) {
            errors.addAll(tables.containsKey(c.file()) ? TableCells.locate(c.file(), files.get(c.file()), tables.get(c.file()), c.problems()) : c.problems());
        }
        return new Prepared(errors, catalogues, tables, checked, ruleFiles);
    }

    public static CompileResult compile(SortedMap<String, byte[]> files) {
        Prepared prepared = prepare(files);
        List<CompileProblem> errors = new ArrayList<>(prepared.errors());
        List<CompileProblem> warnings = new ArrayList<>();
        // Nothing is compiled unless every file passed: compiling evaluates metadata and declarations.
        if (!errors.isEmpty()) return new CompileResult(null, errors, warnings);
        Catalogues catalogues = prepared.catalogues();
        Map<String, String> tables = prepared.tables();
        Map<String, DrlCodeCheck.Checked> checked = prepared.checked();
        int ruleFiles = prepared.ruleFiles();

        KnowledgeBuilder builder = KnowledgeBuilderFactory.newKnowledgeBuilder();
        for (DrlCodeCheck.Checked c : checked.values()) {
            // the packages the check read are what is built, so the compiler cannot read a file differently
            Resource resource = ResourceFactory.newDescrResource(c.pkg()).setSourcePath(c.file());
            builder.add(resource, ResourceType.DESCR);
        }
        if (ruleFiles == 0) errors.add(new CompileProblem(null, null, null, "the rules folder has no .drl files or decision tables"));
        List<CompileProblem> builderErrors = new ArrayList<>();
        for (KnowledgeBuilderResult r : builder.getResults(ResultSeverity.ERROR)) builderErrors.add(problem(r));
        // "Parser returned a null Package" only repeats that the file had parse errors: drop it when they are listed
        for (CompileProblem p : builderErrors) {
            boolean echo = p.message().startsWith("Parser returned a null Package")
                    && builderErrors.stream().anyMatch(o -> o != p && java.util.Objects.equals(o.file(), p.file()));
            if (!echo) errors.add(p);
        }
        for (KnowledgeBuilderResult r : builder.getResults(ResultSeverity.WARNING)) warnings.add(problem(r));
        if (!errors.isEmpty()) return new CompileResult(null, errors, warnings);

        KieBase kieBase = newKieBase(builder);
        List<RuleInfo> rules = describe(kieBase);
        warnings.addAll(lint(rules, files));
        warnings.addAll(CatalogueReferences.check(files, tables, catalogues));
        String version = RulesFolder.version(files);
        Ruleset ruleset = new Ruleset(version, Instant.now(), new TreeMap<>(files), kieBase, catalogues, rules, warnings);
        return new CompileResult(ruleset, errors, warnings);
    }

    /**
     * Every knowledge base runs in stream mode, so exercise timelines can reason over events in time
     * (a pseudo clock advanced step by step). One-shot evaluations declare no events and behave as in
     * cloud mode.
     */
    private static KieBase newKieBase(KnowledgeBuilder builder) {
        KieBaseConfiguration conf = KieServices.Factory.get().newKieBaseConfiguration();
        conf.setOption(EventProcessingOption.STREAM);
        InternalKnowledgeBase kieBase = KnowledgeBaseFactory.newKnowledgeBase(conf);
        kieBase.addPackages(builder.getKnowledgePackages());
        return kieBase;
    }

    private static List<RuleInfo> describe(KieBase kieBase) {
        List<RuleInfo> rules = new ArrayList<>();
        for (KiePackage p : kieBase.getKiePackages()) {
            for (Rule r : p.getRules()) rules.add(info(r));
        }
        rules.sort(Comparator.comparing((RuleInfo r) -> String.valueOf(r.file())).thenComparing(r -> String.valueOf(r.code())).thenComparing(RuleInfo::name));
        return rules;
    }

    /** The metadata and source file of one rule. */
    public static RuleInfo info(Rule r) {
        Map<String, Object> meta = r.getMetaData();
        String file = null;
        boolean alwaysFires = false;
        if (r instanceof RuleImpl impl) {
            if (impl.getResource() != null) file = impl.getResource().getSourcePath();
            alwaysFires = impl.getLhs() != null && impl.getLhs().getChildren().isEmpty();
        }
        return new RuleInfo(r.getName(), text(meta.get("code")), text(meta.get("title")), text(meta.get("source")), file, alwaysFires);
    }

    private static List<CompileProblem> lint(List<RuleInfo> rules, Map<String, byte[]> files) {
        List<CompileProblem> warnings = new ArrayList<>();
        Map<String, RuleInfo> byCode = new HashMap<>();
        for (RuleInfo r : rules) {
            Integer line = ruleLine(files, r);
            for (String key : List.of("code", "title", "source")) {
                String v = switch (key) { case "code" -> r.code(); case "title" -> r.title(); default -> r.source(); };
                if (v == null || v.isBlank()) warnings.add(new CompileProblem(r.file(), line, null, "rule '" + r.name() + "' has no @" + key));
            }
            if (r.code() != null) {
                RuleInfo other = byCode.putIfAbsent(r.code(), r);
                if (other != null) warnings.add(new CompileProblem(r.file(), line, null,
                        "rule '" + r.name() + "' has code " + r.code() + ", already used by rule '" + other.name() + "'"));
            }
        }
        return warnings;
    }

    /** The line of a DRL rule's declaration, when its file is DRL and the name can be found. */
    private static Integer ruleLine(Map<String, byte[]> files, RuleInfo r) {
        if (r.file() == null || !r.file().endsWith(".drl") || !files.containsKey(r.file())) return null;
        String[] lines = new String(files.get(r.file()), StandardCharsets.UTF_8).split("\\R", -1);
        String declared = "rule \"" + r.name() + "\"";
        for (int i = 0; i < lines.length; i++) if (lines[i].strip().startsWith(declared)) return i + 1;
        return null;
    }

    private static CompileProblem problem(KnowledgeBuilderResult r) {
        String file = r.getResource() == null ? null : r.getResource().getSourcePath();
        int[] lines = r.getLines();
        Integer line = lines != null && lines.length > 0 && lines[0] > 0 ? lines[0] : null;
        int col = r instanceof ParserError pe ? pe.getCol() : r instanceof DescrBuildError de ? de.getColumn() : -1;
        Integer column = col > 0 ? col : null;
        String message = r.getMessage().trim();
        if (line == null || column == null) {
            // The DRL parser often says where only in its message: "[ERR 102] Line 12:5 mismatched input ..."
            Matcher m = LINE_COLUMN.matcher(message);
            if (m.find()) {
                if (line == null) line = Integer.parseInt(m.group(1));
                if (column == null) column = Integer.parseInt(m.group(2));
            }
        }
        return new CompileProblem(file, line, column, message);
    }

    private static final Pattern LINE_COLUMN = Pattern.compile("\\bLine (\\d+):(\\d+)");

    private static String text(Object o) {
        if (o == null) return null;
        String s = o.toString();
        // Drools keeps the quotes of string metadata values in some versions; strip them for display.
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) s = s.substring(1, s.length() - 1);
        return s;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
