package winterroom.audit;

import java.util.List;
import java.util.function.Function;

/** One page of a query, oldest first, and the cursor for the next page (null on the last). */
public record Page<T>(List<T> items, String nextCursor) {
    public <U> Page<U> map(Function<T, U> f) { return new Page<>(items.stream().map(f).toList(), nextCursor); }
}
