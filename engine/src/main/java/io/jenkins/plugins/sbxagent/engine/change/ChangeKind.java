package io.jenkins.plugins.sbxagent.engine.change;

/** How an entry changed. */
public enum ChangeKind {
    ADDED, MODIFIED, DELETED,
    /** Same content, other permission bits. */
    MODE_CHANGED,
    /** Another kind of entry at the same path, e.g. a file replaced by a symbolic link. */
    TYPE_CHANGED;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
