package io.jenkins.plugins.sbxagent.engine.risk;

import io.jenkins.plugins.sbxagent.engine.change.FileTree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which paths git ignores in one state of the workspace, read as git reads its ignore files: {@code .git/info/exclude},
 * then each {@code .gitignore} from the root down to the path's folder, the last matching pattern winning; {@code !}
 * re-includes, a trailing {@code /} matches folders only, a pattern with a {@code /} is anchored to its file's folder,
 * {@code *}, {@code ?}, {@code **} and {@code [...]} as git has them; and what lies in an ignored folder is ignored.
 * The user's global excludes file is not the workspace's, and is not read.
 */
final class GitIgnore {
    /** Ignore files larger than this are not read (git reads them, but no repository has one). */
    private static final long LARGEST = 1024 * 1024;

    private record Rule(Pattern pattern, boolean negated, boolean foldersOnly, boolean anchored) {
    }

    private final FileTree tree;
    private final Map<String, List<Rule>> rulesByFolder = new HashMap<>();
    /** Whether a folder is ignored, once asked: an agent's npm install changes 100,000 entries below a few folders. */
    private final Map<String, Boolean> ignoredFolders = new HashMap<>();
    private final List<Rule> exclude;

    GitIgnore(FileTree tree) throws IOException {
        this.tree = tree;
        this.exclude = rules(".git/info/exclude");
    }

    /** Whether git ignores {@code path} (a folder when {@code folder}); nothing in {@code .git} is ignored, it is not content. */
    boolean ignored(String path, boolean folder) throws IOException {
        if (path.equals(".git") || path.startsWith(".git/")) {
            return false;
        }
        String[] parts = path.split("/");
        StringBuilder prefix = new StringBuilder();
        for (int depth = 0; depth < parts.length; depth++) {
            prefix.append(depth == 0 ? "" : "/").append(parts[depth]);
            boolean isFolder = depth < parts.length - 1 || folder;
            if (depth < parts.length - 1) {
                Boolean known = ignoredFolders.get(prefix.toString());
                if (known != null) {
                    if (known) {
                        return true;
                    }
                    continue;
                }
            }
            Boolean verdict = verdict(exclude, "", prefix.toString(), isFolder, null);
            StringBuilder base = new StringBuilder();
            for (int level = 0; level <= depth; level++) {
                String baseFolder = base.toString();
                verdict = verdict(rulesByFolder(baseFolder), baseFolder, prefix.toString(), isFolder, verdict);
                if (level < parts.length) {
                    base.append(level == 0 ? "" : "/").append(parts[level]);
                }
            }
            boolean ignored = Boolean.TRUE.equals(verdict);
            if (depth < parts.length - 1) {
                ignoredFolders.put(prefix.toString(), ignored);
            }
            if (ignored) {
                // an ignored folder hides everything in it: git does not look inside to re-include
                return true;
            }
        }
        return false;
    }

    private static Boolean verdict(List<Rule> rules, String base, String path, boolean folder, Boolean verdict) {
        String relative = base.isEmpty() ? path : path.startsWith(base + "/") ? path.substring(base.length() + 1) : null;
        if (relative == null) {
            return verdict;
        }
        String name = relative.substring(relative.lastIndexOf('/') + 1);
        for (Rule rule : rules) {
            if ((!rule.foldersOnly() || folder) && rule.pattern().matcher(rule.anchored() ? relative : name).matches()) {
                verdict = !rule.negated();
            }
        }
        return verdict;
    }

    private List<Rule> rulesByFolder(String folder) throws IOException {
        List<Rule> rules = rulesByFolder.get(folder);
        if (rules == null) {
            rules = rules(folder.isEmpty() ? ".gitignore" : folder + "/.gitignore");
            rulesByFolder.put(folder, rules);
        }
        return rules;
    }

    private List<Rule> rules(String file) throws IOException {
        return parse(tree.smallTextLines(file, LARGEST));
    }

    private static List<Rule> parse(List<String> lines) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : lines) {
            String line = trimUnescapedTrailingSpaces(raw);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean negated = line.startsWith("!");
            if (negated || line.startsWith("\\!") || line.startsWith("\\#")) {
                line = line.substring(1);
            }
            boolean foldersOnly = line.endsWith("/");
            if (foldersOnly) {
                line = line.substring(0, line.length() - 1);
            }
            boolean anchored = line.contains("/");
            if (line.startsWith("/")) {
                line = line.substring(1);
            }
            if (!line.isEmpty()) {
                rules.add(new Rule(Pattern.compile(regex(line)), negated, foldersOnly, anchored));
            }
        }
        return rules;
    }

    private static String trimUnescapedTrailingSpaces(String line) {
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == ' ' && !(end > 1 && line.charAt(end - 2) == '\\')) {
            end--;
        }
        return line.substring(0, end);
    }

    /** git's wildmatch as a regular expression: {@code **} spans folders only as a whole segment. */
    private static String regex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*'
                    && (i == 0 || glob.charAt(i - 1) == '/') && (i + 2 == glob.length() || glob.charAt(i + 2) == '/')) {
                if (i + 2 == glob.length()) {
                    regex.append(".*");
                } else {
                    regex.append("(?:.*/)?");
                    i++;
                }
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else if (c == '[') {
                int close = glob.indexOf(']', i + 2);
                if (close < 0) {
                    regex.append("\\[");
                } else {
                    String set = glob.substring(i + 1, close);
                    regex.append('[').append(set.startsWith("!") || set.startsWith("^") ? "^" + set.substring(1) : set).append(']');
                    i = close;
                }
            } else if (c == '\\' && i + 1 < glob.length()) {
                regex.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }
}
