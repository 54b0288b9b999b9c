package winterroom.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a JFR recording of the service under load spent its CPU samples and its allocation, by step of the request's
 * path (BENCHMARKS.md, "HTTP latency under load"). Each sample goes to the first step its stack names, reading from
 * the innermost frame outwards, so Jackson called by the record's serialiser counts as the record's serialiser and
 * not as Jetty, which is at the bottom of every request's stack.
 *
 * <p>Execution samples are of threads running Java code: native code (zstd, the fsync) and the garbage collector are
 * not in them, and are measured otherwise. Allocation is the sum of the weights of the allocation samples.
 *
 * <p>Only events from {@code from} to {@code to} (epoch milliseconds) count, when given: the recording runs from the
 * JVM's start, because starting JFR in a warm JVM deoptimises code that two shared cores then take minutes to
 * compile again, and a profile taken meanwhile measures the JIT at work.
 *
 * <pre>java -cp ... winterroom.bench.JfrBreakdown recording.jfr [requests in the window] [from to]</pre>
 */
public final class JfrBreakdown {
    /** Steps by a frame's class (and method, after '#'), most specific first within one frame. */
    private static final List<String[]> STEPS = List.of(
            new String[]{"com.github.luben.zstd.", "record: zstd compression"},
            new String[]{"winterroom.audit.ChainHash", "record: content hash"},
            new String[]{"winterroom.audit.PreparedRecord#json", "record: input and result written as JSON"},
            new String[]{"winterroom.audit.PreparedRecord", "record: other (text copies)"},
            new String[]{"winterroom.store.ResultJson", "record and answer: result written as JSON once"},
            new String[]{"winterroom.api.EvaluationAnswer", "answer: cut from the result's bytes"},
            new String[]{"winterroom.store.AuditEvaluationStore", "record: result turned into a tree"},
            new String[]{"winterroom.audit.", "store: group commit, chain, insert"},
            new String[]{"org.sqlite.", "store: group commit, chain, insert"},
            new String[]{"org.h2.", "store: group commit, chain, insert"},
            new String[]{"com.zaxxer.hikari.", "store: group commit, chain, insert"},
            new String[]{"winterroom.situation.SituationSchema", "situation: schema validation"},
            new String[]{"com.networknt.", "situation: schema validation"},
            new String[]{"winterroom.situation.", "situation: read and checked"},
            new String[]{"winterroom.engine.", "engine"},
            new String[]{"winterroom.facts.", "engine"},
            new String[]{"winterroom.policy.", "engine"},
            new String[]{"org.drools.", "engine"},
            new String[]{"org.kie.", "engine"},
            new String[]{"org.mvel2.", "engine"},
            new String[]{"winterroom.api.Bodies", "request: body read and parsed"},
            new String[]{"winterroom.api.EvaluationController#answer", "answer: tree edited"},
            new String[]{"winterroom.api.EvaluationController#withRequester", "answer: tree edited"},
            new String[]{"winterroom.api.EvaluationController", "answer: result turned into a tree"},
            new String[]{"winterroom.service.", "service: other"},
            new String[]{"io.javalin.json.", "answer: written as JSON"},
            new String[]{"winterroom.api.AccessLog", "access log and metrics"},
            new String[]{"winterroom.metrics.", "access log and metrics"},
            new String[]{"io.micrometer.", "access log and metrics"},
            new String[]{"winterroom.api.RequestGuard", "guards, auth, limits"},
            new String[]{"winterroom.api.WebApp", "guards, auth, limits"},
            new String[]{"winterroom.auth.", "guards, auth, limits"},
            new String[]{"org.eclipse.jetty.", "Jetty and Javalin"},
            new String[]{"io.javalin.", "Jetty and Javalin"},
            new String[]{"jakarta.servlet.", "Jetty and Javalin"},
            new String[]{"ch.qos.logback.", "logging"},
            new String[]{"org.slf4j.", "logging"});

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long requests = args.length > 1 ? Long.parseLong(args[1]) : 0;
        long from = args.length > 3 ? Long.parseLong(args[2]) : Long.MIN_VALUE, to = args.length > 3 ? Long.parseLong(args[3]) : Long.MAX_VALUE;
        Map<String, long[]> cpu = new TreeMap<>(), alloc = new TreeMap<>();
        Map<String, long[]> allocTop = new TreeMap<>();
        long cpuTotal = 0, allocTotal = 0;
        Map<Long, long[]> perThread = new TreeMap<>();   // first and last cumulative allocation of each thread
        Map<Long, String> threadNames = new TreeMap<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            long at = e.getStartTime().toEpochMilli();
            if (at < from || at > to) continue;
            String type = e.getEventType().getName();
            if (type.equals("jdk.ThreadAllocationStatistics") && e.getThread("thread") != null) {
                long id = e.getThread("thread").getJavaThreadId(), allocated = e.getLong("allocated");
                threadNames.put(id, e.getThread("thread").getJavaName());
                long[] range = perThread.computeIfAbsent(id, k -> new long[]{allocated, allocated});
                range[0] = Math.min(range[0], allocated);
                range[1] = Math.max(range[1], allocated);
            } else if (type.equals("jdk.ExecutionSample")) {
                String step = step(e.getStackTrace(), e.getThread("sampledThread") == null ? "" : e.getThread("sampledThread").getJavaName());
                cpu.computeIfAbsent(step, k -> new long[1])[0]++;
                cpuTotal++;
            } else if (type.equals("jdk.ObjectAllocationSample")) {
                long weight = e.getLong("weight");
                String step = step(e.getStackTrace(), e.getThread("eventThread") == null ? "" : e.getThread("eventThread").getJavaName());
                alloc.computeIfAbsent(step, k -> new long[1])[0] += weight;
                allocTotal += weight;
                String top = step + " <- " + site(e.getStackTrace());
                allocTop.computeIfAbsent(top, k -> new long[1])[0] += weight;
            }
        }
        System.out.printf("%-45s %8s %7s %12s %12s%n", "step", "samples", "cpu %", "alloc MB", requests > 0 ? "KB/request" : "alloc %");
        Map<String, Boolean> steps = new LinkedHashMap<>();
        cpu.keySet().forEach(k -> steps.put(k, true));
        alloc.keySet().forEach(k -> steps.put(k, true));
        for (String s : steps.keySet().stream().sorted((a, b) -> Long.compare(cpu.getOrDefault(b, new long[1])[0], cpu.getOrDefault(a, new long[1])[0])).toList()) {
            long c = cpu.getOrDefault(s, new long[1])[0], a = alloc.getOrDefault(s, new long[1])[0];
            System.out.printf("%-45s %8d %7.1f %12.1f %12s%n", s, c, 100.0 * c / Math.max(1, cpuTotal), a / 1e6,
                    requests > 0 ? String.format("%.1f", a / 1024.0 / requests) : String.format("%.1f", 100.0 * a / Math.max(1, allocTotal)));
        }
        System.out.printf("%-45s %8d %7.1f %12.1f %12s%n", "total", cpuTotal, 100.0, allocTotal / 1e6,
                requests > 0 ? String.format("%.1f", allocTotal / 1024.0 / requests) : "100.0");
        // the samples' weights spread allocation over stacks; the threads' own counters say how much there was
        Map<String, Long> byThread = new TreeMap<>();
        long counted = 0;
        for (var t : perThread.entrySet()) {
            String name = threadNames.get(t.getKey()).replaceAll("[-#]?\\d+$", "");
            byThread.merge(name, t.getValue()[1] - t.getValue()[0], Long::sum);
            counted += t.getValue()[1] - t.getValue()[0];
        }
        System.out.println();
        System.out.println("allocated by thread, from the threads' own counters (jdk.ThreadAllocationStatistics, first to last):");
        for (var t : byThread.entrySet()) {
            if (t.getValue() > 1_000_000) System.out.printf("%12.1f MB %10s  %s%n", t.getValue() / 1e6,
                    requests > 0 ? String.format("%.1f KB/req", t.getValue() / 1024.0 / requests) : "", t.getKey());
        }
        System.out.printf("%12.1f MB %10s  all threads%n", counted / 1e6, requests > 0 ? String.format("%.1f KB/req", counted / 1024.0 / requests) : "");
        System.out.println();
        System.out.println("largest allocation sites (step <- first frame outside java.*, jdk.*, Jackson):");
        allocTop.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue()[0], x.getValue()[0])).limit(25)
                .forEach(en -> System.out.printf("%10.1f %s  %s%n", requests > 0 ? en.getValue()[0] / 1024.0 / requests : en.getValue()[0] / 1e6,
                        requests > 0 ? "KB/req" : "MB", en.getKey()));
    }

    static String step(RecordedStackTrace stack, String thread) {
        if (stack != null) {
            for (RecordedFrame f : stack.getFrames()) {
                if (!f.isJavaFrame()) continue;
                String cls = f.getMethod().getType().getName(), method = cls + "#" + f.getMethod().getName();
                for (String[] s : STEPS) {
                    if (s[0].contains("#") ? method.equals(s[0]) : cls.startsWith(s[0])) return s[1];
                }
            }
        }
        return "other (" + thread.replaceAll("[-#]?\\d+$", "") + ")";
    }

    /** The innermost frame that is the project's or a library's own, rather than the JDK's or Jackson's. */
    static String site(RecordedStackTrace stack) {
        if (stack == null) return "?";
        for (RecordedFrame f : stack.getFrames()) {
            String cls = f.getMethod().getType().getName();
            if (cls.startsWith("java.") || cls.startsWith("jdk.") || cls.startsWith("sun.") || cls.startsWith("com.fasterxml.")) continue;
            return cls.substring(cls.lastIndexOf('.') + 1) + "." + f.getMethod().getName() + ":" + f.getLineNumber();
        }
        return stack.getFrames().isEmpty() ? "?" : stack.getFrames().get(0).getMethod().getType().getName();
    }
}
