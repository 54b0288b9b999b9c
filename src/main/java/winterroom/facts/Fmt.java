package winterroom.facts;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Number formatting for the sentences rules write into details and reasons. */
public final class Fmt {
    private Fmt() {}

    /** 7.0 reads as "7", 78.5 as "78.5", and arithmetic noise (11.700000000000003) is rounded to two places. */
    public static String num(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
