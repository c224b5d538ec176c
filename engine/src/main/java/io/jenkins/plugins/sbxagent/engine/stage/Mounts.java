package io.jenkins.plugins.sbxagent.engine.stage;

import io.jenkins.plugins.sbxagent.engine.process.Command;
import io.jenkins.plugins.sbxagent.engine.process.CommandRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The mount points of this engine's mount namespace, read from {@code /proc/self/mountinfo}. */
final class Mounts {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private Mounts() {
    }

    /** The mount points at or below {@code folder}, deepest first. */
    static List<Path> under(Path folder) throws IOException {
        List<Path> found = new ArrayList<>();
        if (!Files.exists(MOUNTINFO)) {
            return found;
        }
        // mountinfo names real paths: a folder reached through a link is compared by its own
        Path root = Files.exists(folder) ? folder.toRealPath() : folder.toAbsolutePath().normalize();
        // read byte for byte: a mount point's name need not be valid UTF-8 until it is unescaped
        for (String line : Files.readAllLines(MOUNTINFO, StandardCharsets.ISO_8859_1)) {
            String[] fields = line.split(" ");
            if (fields.length > 4) {
                Path point = Path.of(new String(unescape(fields[4]).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
                if (point.startsWith(root)) {
                    found.add(point);
                }
            }
        }
        found.sort((a, b) -> Integer.compare(b.getNameCount(), a.getNameCount()));
        return found;
    }

    /** Lazily unmounts {@code point} and every mount below it; fails if one stays mounted. */
    static void detach(Path point, CommandRunner runner) throws IOException, InterruptedException {
        List<String> errors = new java.util.ArrayList<>();
        for (Path mounted : under(point)) {
            var result = runner.run(Command.of(Duration.ofSeconds(30), "umount", "--lazy", "--", mounted.toString()));
            if (!result.succeeded()) {
                errors.add(result.stderr().strip());
            }
        }
        List<Path> left = under(point);
        if (!left.isEmpty()) {
            throw new IOException("cannot unmount " + left + (errors.isEmpty() ? "" : " (" + String.join("; ", errors) + ")")
                    + "; nothing below it is deleted until it is");
        }
    }

    /** mountinfo writes space, tab, newline and backslash in a path as {@code \ooo}. */
    static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String text, int from) {
        if (from + 3 > text.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
