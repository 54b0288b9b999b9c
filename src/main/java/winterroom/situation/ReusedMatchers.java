package winterroom.situation;

import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import com.networknt.schema.regex.RegularExpressions;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The validator's JDK regular expressions, each with a matcher per thread that is reset rather than made anew: the
 * schema's patterns run on every measure's metric and organisation, and a new matcher for each was a fifth of what
 * checking a whole-system situation allocated. The patterns are translated as the validator's own JDK factory
 * translates them ({@code $} anchors, long-form character properties), so they match the same strings.
 */
final class ReusedMatchers implements RegularExpressionFactory {
    static final ReusedMatchers INSTANCE = new ReusedMatchers();

    private ReusedMatchers() {}

    @Override
    public RegularExpression getRegularExpression(String regex) {
        Pattern pattern = Pattern.compile(RegularExpressions.replaceLongformCharacterProperties(RegularExpressions.replaceDollarAnchors(regex)));
        ThreadLocal<Matcher> matchers = ThreadLocal.withInitial(() -> pattern.matcher(""));
        return value -> {
            Matcher m = matchers.get().reset(value);
            boolean found = m.find();
            m.reset("");   // hold no request's text past the check
            return found;
        };
    }
}
