package io.jenkins.plugins.sbxagent.engine.change;

/**
 * One side of a change.
 *
 * @param type       what the entry is
 * @param mode       permission bits (e.g. 0644)
 * @param size       bytes, for files
 * @param sha256     content hash of a file, or {@code null} where the content is not known
 * @param linkTarget target of a symbolic link, as written (never followed)
 */
public record EntryState(EntryType type, int mode, long size, String sha256, String linkTarget) {
    public boolean isExecutable() {
        return type == EntryType.FILE && (mode & 0111) != 0;
    }

    /** The mode as git writes it: 100644, 100755, 120000 or 040000. */
    public String gitMode() {
        return switch (type) {
            case SYMLINK -> "120000";
            case DIRECTORY -> "040000";
            default -> isExecutable() ? "100755" : "100644";
        };
    }
}
