package io.jenkins.plugins.sbxagent.engine.spec;

import java.nio.file.Path;

/** Checks of paths given relative to the workspace. */
public final class WorkspacePaths {
    private WorkspacePaths() {
    }

    /**
     * Refuses a path that is empty, absolute, not normalized or climbs out with {@code ..}.
     *
     * @param field the option it came from, named in the error
     * @return the path, unchanged
     */
    public static String checkRelative(String field, String path) {
        if (path == null || path.isEmpty()) {
            throw new SpecException(field, "the path is empty.", "Name a file relative to the workspace, e.g. reports/result.json.");
        }
        if (path.startsWith("/")) {
            throw new SpecException(field, "'" + path + "' is absolute.", "Name it relative to the workspace, e.g. reports/result.json.");
        }
        if (path.indexOf('\0') >= 0 || path.indexOf('\\') >= 0) {
            throw new SpecException(field, "'" + path + "' holds a NUL or backslash.", "Use plain '/'-separated names.");
        }
        for (String part : path.split("/", -1)) {
            if (part.equals("..")) {
                throw new SpecException(field, "'" + path + "' escapes the workspace with '..'.", "Name a file inside the workspace.");
            }
            if (part.isEmpty() || part.equals(".")) {
                throw new SpecException(field, "'" + path + "' is not normalized.", "Write it without empty or '.' parts.");
            }
        }
        if (!Path.of(path).normalize().toString().equals(path)) {
            throw new SpecException(field, "'" + path + "' is not normalized.", "Write it without '.' or '..' parts.");
        }
        return path;
    }
}
