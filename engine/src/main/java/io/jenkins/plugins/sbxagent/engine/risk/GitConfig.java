package io.jenkins.plugins.sbxagent.engine.risk;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Git's configuration syntax, read as git reads it: sections and subsections, a variable on the header's own line
 * ({@code [core] fsmonitor = x}), names in any case, quoted values with escapes, comments, and values continued with a
 * backslash. {@link #runsOrRedirects} says which keys make git run a program, or take its configuration, hooks,
 * work tree or objects from somewhere else.
 */
final class GitConfig {
    /** One variable as set in a file: {@code section[.subsection].name = value}, at a 1-based line. */
    record Entry(String section, String subsection, String name, String value, int line) {
        /** As {@code git config --list} names it: section and name lower-cased, the subsection as written. */
        String key() {
            return section + (subsection == null ? "" : "." + subsection) + "." + name;
        }
    }

    /**
     * Keys, as {@code section.name}, whose value git runs as a program or follows elsewhere, under any subsection
     * ({@code credential.https://host.helper} is {@code credential.helper}); {@code section.*} is every name of a
     * section. From git-config(1): what the next {@code git status}, {@code diff}, {@code fetch}, {@code commit} or
     * {@code push} on a developer's or CI machine would execute or read.
     */
    private static final Set<String> RUNS_OR_REDIRECTS = Set.of(
            // programs
            "core.fsmonitor", "core.sshcommand", "core.pager", "core.editor", "core.askpass", "core.gitproxy", "sequence.editor",
            "credential.helper", "alias.*", "pager.*", "filter.clean", "filter.smudge", "filter.process", "diff.external", "diff.textconv",
            "diff.command", "merge.driver", "difftool.cmd", "mergetool.cmd", "gpg.program", "interactive.difffilter",
            "uploadpack.packobjectshook", "remote.uploadpack", "remote.receivepack", "protocol.allow", "ssh.variant", "web.browser",
            "browser.cmd", "browser.path", "man.cmd", "man.path", "sendemail.smtpserver", "sendemail.tocmd", "sendemail.cccmd",
            "sendemail.headercmd", "hook.command",
            // configuration, hooks, work tree and objects from elsewhere, and fetches from another place
            "core.hookspath", "core.worktree", "include.path", "includeif.path", "url.insteadof", "url.pushinsteadof", "remote.url",
            "remote.pushurl", "http.proxy", "core.alternaterefscommand");

    private static final Set<String> BOOLEANS = Set.of("", "true", "false", "yes", "no", "on", "off", "1", "0");

    private GitConfig() {
    }

    /** Whether setting {@code entry} makes git run a program or look elsewhere. */
    static boolean runsOrRedirects(Entry entry) {
        String key = entry.section() + "." + entry.name();
        if (!RUNS_OR_REDIRECTS.contains(key) && !RUNS_OR_REDIRECTS.contains(entry.section() + ".*")) {
            return false;
        }
        // core.fsmonitor = true asks for git's own monitor, not a program
        return !(key.equals("core.fsmonitor") && BOOLEANS.contains(entry.value().toLowerCase(Locale.ROOT)));
    }

    /** Every variable the lines set, in order. Lines git would refuse are skipped, as nothing is set by them. */
    static List<Entry> parse(List<String> lines) {
        List<Entry> entries = new ArrayList<>();
        String section = null;
        String subsection = null;
        for (int i = 0; i < lines.size(); i++) {
            int number = i + 1;
            String rest = lines.get(i).stripLeading();
            if (rest.startsWith("[")) {
                int close = headerEnd(rest);
                if (close < 0) {
                    section = null;
                    continue;
                }
                String header = rest.substring(1, close).strip();
                int quote = header.indexOf('"');
                if (quote >= 0) {
                    section = header.substring(0, quote).strip().toLowerCase(Locale.ROOT);
                    subsection = unquote(header.substring(quote));
                } else {
                    // the old [section.subsection] form, whose subsection is lower-cased
                    int dot = header.indexOf('.');
                    section = (dot < 0 ? header : header.substring(0, dot)).toLowerCase(Locale.ROOT);
                    subsection = dot < 0 ? null : header.substring(dot + 1).toLowerCase(Locale.ROOT);
                }
                rest = rest.substring(close + 1).stripLeading();
            }
            if (rest.isEmpty() || rest.startsWith("#") || rest.startsWith(";") || section == null) {
                continue;
            }
            int nameEnd = 0;
            while (nameEnd < rest.length() && (Character.isLetterOrDigit(rest.charAt(nameEnd)) || rest.charAt(nameEnd) == '-')) {
                nameEnd++;
            }
            if (nameEnd == 0) {
                continue;
            }
            String name = rest.substring(0, nameEnd).toLowerCase(Locale.ROOT);
            String after = rest.substring(nameEnd).stripLeading();
            StringBuilder value = new StringBuilder();
            if (after.startsWith("=")) {
                String raw = after.substring(1);
                // a value ending in an unescaped backslash goes on with the next line
                while (continues(raw) && i + 1 < lines.size()) {
                    raw = raw.substring(0, raw.length() - 1) + lines.get(++i);
                }
                value.append(value(raw));
            }
            entries.add(new Entry(section, subsection, name, value.toString(), number));
        }
        return entries;
    }

    /** Where a header's closing bracket is, past a quoted subsection that may hold one. */
    private static int headerEnd(String line) {
        boolean quoted = false;
        for (int i = 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ']' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    private static String unquote(String quoted) {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < quoted.length() && quoted.charAt(i) != '"'; i++) {
            char c = quoted.charAt(i);
            if (c == '\\' && i + 1 < quoted.length()) {
                c = quoted.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }

    private static boolean continues(String raw) {
        String trimmed = raw.stripTrailing();
        int backslashes = 0;
        for (int i = trimmed.length() - 1; i >= 0 && trimmed.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1 && trimmed.length() == raw.length();
    }

    /** A value as git reads it: quotes joined, escapes resolved, a comment outside quotes cut, ends trimmed. */
    private static String value(String raw) {
        StringBuilder out = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && i + 1 < raw.length()) {
                char next = raw.charAt(++i);
                out.append(switch (next) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'b' -> '\b';
                    default -> next;
                });
            } else if ((c == '#' || c == ';') && !quoted) {
                break;
            } else {
                out.append(c);
            }
        }
        return out.toString().strip();
    }
}
