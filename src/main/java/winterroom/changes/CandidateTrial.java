package winterroom.changes;

import winterroom.policy.CompileResult;
import winterroom.policy.Ruleset;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a candidate ruleset does to the known cases: every case run under the active and the
 * candidate ruleset and compared, or only under the candidate for its broken expectations. This is
 * the work a {@link CandidateWorker} does, out of the service's process.
 */
final class CandidateTrial {
    private CandidateTrial() {}

    /** Runs every case under both rulesets and reports what differs, broken expectations first. */
    static Preview preview(Ruleset current, CompileResult c, List<PreviewCase> cases) {
        if (!c.ok()) return new Preview(false, current.version(), null, c.errors(), c.warnings(), null, null);
        Ruleset candidate = c.ruleset();
        List<Preview.CaseChange> listed = new ArrayList<>();
        int count = 0;
        int changed = 0;
        int broken = 0;
        int brokenCases = 0;
        for (PreviewCase pc : cases) {
            count++;
            Outcome before = run(pc, current);
            Outcome after = run(pc, candidate);
            List<Difference> differences = new ArrayList<>();
            int steps = Math.min(before.steps().size(), after.steps().size());
            for (int i = 0; i < steps; i++) {
                PreviewCase.Step a = before.steps().get(i);
                PreviewCase.Step b = after.steps().get(i);
                for (Difference d : ResultDiff.between(a.result(), b.result())) differences.add(b.label() == null ? d : d.atStep(b.label()));
            }
            boolean differs = differences.stream().anyMatch(d -> !d.kind().equals("wording"));
            if (differs || (before.error() == null) != (after.error() == null)) changed++;
            broken += after.broken().size();
            if (!after.broken().isEmpty()) brokenCases++;
            if (!differences.isEmpty() || !after.broken().isEmpty() || after.error() != null) {
                List<String> says = new ArrayList<>();
                for (String b : after.broken()) says.add("breaks: " + b);
                for (Difference d : differences) if (d.says() != null) says.add(d.says());
                listed.add(new Preview.CaseChange(pc.kind(), pc.name(), pc.file(), differences, after.broken(), after.error(), says));
            }
        }
        // broken expectations first, then real changes, then wording-only changes
        listed.sort(Comparator.comparingInt((Preview.CaseChange x) -> x.brokenExpectations().isEmpty() ? 1 : 0)
                .thenComparingInt(x -> x.differences().stream().allMatch(d -> d.kind().equals("wording")) ? 1 : 0));
        return new Preview(true, current.version(), candidate.version(), c.errors(), c.warnings(),
                new Preview.Summary(count, changed, broken, brokenCases, count - listed.size()), listed);
    }

    /** Every expectation the candidate breaks, as "file: expectation". */
    static List<String> broken(Ruleset candidate, List<PreviewCase> cases) {
        List<String> broken = new ArrayList<>();
        for (PreviewCase pc : cases) {
            for (String b : run(pc, candidate).broken()) broken.add(pc.file() + ": " + b);
        }
        return broken;
    }

    /** The broken expectations a preview lists, in the form {@link #broken} gives them. */
    static List<String> broken(Preview preview) {
        List<String> broken = new ArrayList<>();
        if (preview.scenarios() != null) {
            for (Preview.CaseChange cc : preview.scenarios()) for (String b : cc.brokenExpectations()) broken.add(cc.file() + ": " + b);
        }
        return broken;
    }

    private record Outcome(List<PreviewCase.Step> steps, List<String> broken, String error) {}

    private static Outcome run(PreviewCase pc, Ruleset ruleset) {
        try {
            List<PreviewCase.Step> steps = pc.run(ruleset);
            List<String> broken = new ArrayList<>();
            for (PreviewCase.Step s : steps) {
                for (String b : s.brokenExpectations()) broken.add(s.label() == null ? b : s.label() + ": " + b);
            }
            return new Outcome(steps, broken, null);
        } catch (RuntimeException e) {
            String why = e.getMessage();
            if (e instanceof winterroom.situation.InvalidSituationException invalid && invalid.details() != null) {
                why += ": " + String.join("; ", invalid.details().stream().map(d -> d.field() + " " + d.message()).toList());
            }
            String error = "cannot be evaluated under this ruleset: " + why;
            return new Outcome(List.of(), List.of(error), error);
        }
    }
}
