package io.jenkins.plugins.sbxagent.engine.risk;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Path globs as the rules and policies write them: {@code *} within one name, {@code **} across
 * folders, {@code ?} one character. A glob without '/' matches a name in any folder; one with '/'
 * matches from the workspace root.
 */
public final class Glob {
    private final String text;
    private final Pattern pattern;

    private Glob(String text, boolean ignoreCase) {
        this.text = text;
        this.pattern = Pattern.compile(toRegex(text), ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
    }

    /** A glob; one that could never match a change's path is refused with the fix, never kept to match nothing. */
    public static Glob of(String text, boolean ignoreCase) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a path glob is empty");
        }
        if (text.endsWith("/")) {
            String folder = text.substring(0, text.length() - 1);
            throw new IllegalArgumentException("'" + text + "' ends with '/', and no path does: write '" + folder + "/**' for everything below "
                    + folder + ", or '" + folder + "' for the folder itself");
        }
        if (text.startsWith("./") || text.contains("/./") || text.contains("//")) {
            throw new IllegalArgumentException("'" + text + "' holds './' or '//', and no path does: write '"
                    + text.replace("/./", "/").replaceAll("/{2,}", "/").replaceFirst("^\\./", "/") + "'");
        }
        return new Glob(text, ignoreCase);
    }

    public static List<Glob> all(List<String> texts, boolean ignoreCase) {
        return texts.stream().map(t -> of(t, ignoreCase)).toList();
    }

    public boolean matches(String path) {
        return pattern.matcher(path).matches();
    }

    /**
     * One pattern for a list of globs (never matching when the list is empty): a rule with thirty
     * globs costs one match per path, not thirty.
     */
    public static Pattern union(List<Glob> globs) {
        if (globs.isEmpty()) {
            return Pattern.compile("(?!)");
        }
        StringBuilder regex = new StringBuilder();
        for (Glob glob : globs) {
            regex.append(regex.length() == 0 ? "" : "|").append("(?:").append(glob.pattern.pattern()).append(')');
        }
        return Pattern.compile(regex.toString(), globs.get(0).pattern.flags());
    }

    public static boolean any(List<Glob> globs, String path) {
        for (Glob glob : globs) {
            if (glob.matches(path)) {
                return true;
            }
        }
        return false;
    }

    private static String toRegex(String glob) {
        String body = glob.startsWith("/") ? glob.substring(1) : glob;
        boolean anchored = glob.startsWith("/") || body.contains("/") && !body.startsWith("**/");
        StringBuilder regex = new StringBuilder(anchored ? "" : "(?:.*/)?");
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '*' && i + 1 < body.length() && body.charAt(i + 1) == '*') {
                boolean slashAfter = i + 2 < body.length() && body.charAt(i + 2) == '/';
                regex.append(slashAfter ? "(?:.*/)?" : ".*");
                i += slashAfter ? 2 : 1;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
