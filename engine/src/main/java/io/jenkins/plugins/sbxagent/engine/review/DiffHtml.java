package io.jenkins.plugins.sbxagent.engine.review;

import io.jenkins.plugins.sbxagent.engine.diff.GitPaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A patch, file by file, streamed: each file a section whose id a finding links to, each line of the
 * new side an anchor of its own. Long files, long patches and long lines are cut, and the page says
 * where the whole patch is.
 */
final class DiffHtml {
    /** Lines of one file shown, lines of one patch shown, characters of one line shown. */
    static final int FILE_LINES = 2_000;
    static final int PATCH_LINES = 20_000;
    static final int LINE_CHARS = 1_000;

    private static final Pattern HUNK = Pattern.compile("^@@ -\\d+(?:,\\d+)? \\+(\\d+)(?:,\\d+)? @@.*");
    private static final String FILE_HEADER = "diff --git ";

    private DiffHtml() {
    }

    /** The id of a file's section: the same for a finding's path as for the patch's header of that path. */
    static String anchor(String path) {
        return anchorOfHeaderName(GitPaths.quote("b/", path));
    }

    /** The id of a line of the new side of a file. */
    static String anchor(String path, int line) {
        return anchor(path) + "-L" + line;
    }

    private static String anchorOfHeaderName(String headerName) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(headerName.getBytes(StandardCharsets.UTF_8));
            return "f" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * The second name of a {@code diff --git A B} line, as git wrote it: both names are written alike, so it is the
     * line's second half, quoted or not, spaces or not.
     */
    static String newName(String header) {
        String names = header.substring(FILE_HEADER.length());
        return names.substring((names.length() + 1) / 2);
    }

    /**
     * Writes the patch's files; returns how many it wrote.
     *
     * @param artifact the patch's name, for what the page says of a cut
     */
    static int write(Html html, Path patch, String artifact) throws IOException {
        if (!Files.exists(patch)) {
            return 0;
        }
        int files = 0;
        int shown = 0;
        int inFile = 0;
        int newLine = 0;
        String fileAnchor = "";
        // a file's header lines come before its first hunk; after it, the first character says what a line is
        boolean body = false;
        boolean cut = false;
        try (InputStream stream = Files.newInputStream(patch); BoundedLines lines = new BoundedLines(stream, LINE_CHARS)) {
            for (String line = lines.next(); line != null; line = lines.next()) {
                if (line.startsWith(FILE_HEADER)) {
                    if (files > 0) {
                        html.tag("</pre></section>\n");
                    }
                    if (shown >= PATCH_LINES) {
                        cut = true;
                        files++;
                        html.tag("<p class=\"cut\">").text("The rest of the patch is cut here: " + artifact + " has every file.")
                                .tag("</p>\n");
                        break;
                    }
                    files++;
                    inFile = 0;
                    body = false;
                    String name = newName(line);
                    fileAnchor = anchorOfHeaderName(name);
                    html.tag("<section class=\"file\" id=\"" + fileAnchor + "\"><h3>").text(display(name)).tag("</h3><pre>");
                }
                if (files == 0) {
                    continue;
                }
                String kind = kind(line, body);
                if (kind.equals("hunk")) {
                    Matcher hunk = HUNK.matcher(line);
                    newLine = hunk.matches() ? Integer.parseInt(hunk.group(1)) : newLine;
                    body = true;
                }
                if (inFile == FILE_LINES) {
                    html.tag("<span class=\"cut\">").text("… this file is cut here; " + artifact + " has all of it\n").tag("</span>");
                }
                inFile++;
                if (inFile > FILE_LINES) {
                    continue;
                }
                shown++;
                writeLine(html, line, kind, lines.skipped(), fileAnchor, newLine);
                if (kind.equals("add") || kind.equals("ctx")) {
                    newLine++;
                }
            }
        }
        if (files > 0 && !cut) {
            html.tag("</pre></section>\n");
        }
        return files;
    }

    /** What a patch line is: meta (a header, "\ No newline"), hunk, add, del or ctx. An added line may well begin "++". */
    private static String kind(String line, boolean body) {
        if (line.startsWith("@@")) {
            return "hunk";
        }
        if (!body || line.isEmpty()) {
            return "meta";
        }
        return switch (line.charAt(0)) {
            case '+' -> "add";
            case '-' -> "del";
            case ' ' -> "ctx";
            default -> "meta";
        };
    }

    private static void writeLine(Html html, String line, String kind, long skipped, String fileAnchor, int newLine) throws IOException {
        html.tag("<span class=\"" + kind + "\"");
        if (kind.equals("add") || kind.equals("ctx")) {
            html.tag(" id=\"" + fileAnchor + "-L" + newLine + "\"");
        }
        html.tag(">").text(line);
        if (skipped > 0) {
            html.tag("<span class=\"cut\">").text(" … (" + skipped + " more characters)").tag("</span>");
        }
        html.tag("\n</span>");
    }

    /** A header name as a reader wants it: without git's b/ and quotes (escapes stay as git wrote them). */
    static String display(String headerName) {
        String name = headerName.startsWith("\"") && headerName.endsWith("\"") && headerName.length() >= 2
                ? headerName.substring(1, headerName.length() - 1) : headerName;
        return name.startsWith("b/") ? name.substring(2) : name;
    }
}
