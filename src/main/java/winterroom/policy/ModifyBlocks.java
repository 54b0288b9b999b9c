package winterroom.policy;

/**
 * Turns Drools' modify blocks, which are not Java, into Java the check can parse, keeping every
 * line where it was: {@code modify($e) { setA(1), setB(2) }} becomes
 * {@code modify($e); { ($e).setA(1); ($e).setB(2); }}. The code that runs is Drools' own reading
 * of the original; this copy is only read by the check.
 */
final class ModifyBlocks {
    private ModifyBlocks() {}

    record Rewritten(String code, String error) {}

    static Rewritten rewrite(String code) {
        StringBuilder out = new StringBuilder(code.length() + 32);
        int i = 0;
        int n = code.length();
        while (i < n) {
            int skip = skipLiteralOrComment(code, i);
            if (skip > i) {
                out.append(code, i, skip);
                i = skip;
                continue;
            }
            char c = code.charAt(i);
            if (Character.isJavaIdentifierStart(c)) {
                int end = i;
                while (end < n && Character.isJavaIdentifierPart(code.charAt(end))) end++;
                String word = code.substring(i, end);
                boolean member = i > 0 && (code.charAt(i - 1) == '.');
                if ((word.equals("modify") || word.equals("with")) && !member) {
                    int open = skipSpace(code, end);
                    if (open < n && code.charAt(open) == '(') {
                        int close = match(code, open, '(', ')');
                        if (close < 0) return new Rewritten(null, "cannot read this modify block: a parenthesis is not closed");
                        int brace = skipSpace(code, close + 1);
                        if (brace < n && code.charAt(brace) == '{') {
                            int end2 = match(code, brace, '{', '}');
                            if (end2 < 0) return new Rewritten(null, "cannot read this modify block: a brace is not closed");
                            String target = code.substring(open + 1, close).replace('\n', ' ').replace('\r', ' ');
                            out.append(code, i, close + 1).append(';').append(code, close + 1, brace).append('{');
                            appendStatements(out, code.substring(brace + 1, end2), target);
                            out.append('}');
                            i = end2 + 1;
                            continue;
                        }
                    }
                }
                out.append(word);
                i = end;
                continue;
            }
            out.append(c);
            i++;
        }
        return new Rewritten(out.toString(), null);
    }

    /** The block's comma-separated expressions as statements on the target, commas turned into semicolons in place. */
    private static void appendStatements(StringBuilder out, String inner, String target) {
        int start = 0;
        int depth = 0;
        int i = 0;
        while (i <= inner.length()) {
            if (i < inner.length()) {
                int skip = skipLiteralOrComment(inner, i);
                if (skip > i) { i = skip; continue; }
                char c = inner.charAt(i);
                if (c == '(' || c == '[' || c == '{') depth++;
                else if (c == ')' || c == ']' || c == '}') depth--;
            }
            if (i == inner.length() || (inner.charAt(i) == ',' && depth == 0)) {
                String piece = inner.substring(start, i);
                int lead = 0;
                while (lead < piece.length() && Character.isWhitespace(piece.charAt(lead))) lead++;
                out.append(piece, 0, lead);
                if (lead < piece.length()) out.append('(').append(target).append(").").append(piece.substring(lead));
                out.append(';');
                start = i + 1;
            }
            i++;
        }
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        return i;
    }

    /** The index of the bracket closing the one at {@code open}, or -1. */
    private static int match(String s, int open, char o, char c) {
        int depth = 0;
        int i = open;
        while (i < s.length()) {
            int skip = skipLiteralOrComment(s, i);
            if (skip > i) { i = skip; continue; }
            char ch = s.charAt(i);
            if (ch == o) depth++;
            else if (ch == c && --depth == 0) return i;
            i++;
        }
        return -1;
    }

    /** The index just past a string, character literal or comment starting at i, or i when there is none. */
    static int skipLiteralOrComment(String s, int i) {
        char c = s.charAt(i);
        if (c == '"' || c == '\'') {
            int j = i + 1;
            while (j < s.length() && s.charAt(j) != c) {
                if (s.charAt(j) == '\\') j++;
                j++;
            }
            return Math.min(j + 1, s.length());
        }
        if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '/') {
            int j = s.indexOf('\n', i);
            return j < 0 ? s.length() : j;
        }
        if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '*') {
            int j = s.indexOf("*/", i + 2);
            return j < 0 ? s.length() : j + 2;
        }
        return i;
    }
}
