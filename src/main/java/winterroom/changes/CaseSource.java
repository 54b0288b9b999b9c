package winterroom.changes;

import java.util.List;

/** Supplies the cases a ruleset change is previewed and checked against, read fresh each time. */
@FunctionalInterface
public interface CaseSource {
    List<PreviewCase> cases();

    /** Every case of several sources, in order. */
    static CaseSource all(List<CaseSource> sources) {
        return () -> sources.stream().flatMap(s -> s.cases().stream()).toList();
    }
}
