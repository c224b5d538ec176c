package io.jenkins.plugins.sbxagent.engine.change;

/** What a workspace entry is. */
public enum EntryType {
    FILE, DIRECTORY, SYMLINK, OTHER;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
