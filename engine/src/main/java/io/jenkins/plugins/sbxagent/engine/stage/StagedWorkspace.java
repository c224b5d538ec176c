package io.jenkins.plugins.sbxagent.engine.stage;

import io.jenkins.plugins.sbxagent.engine.change.Change;
import io.jenkins.plugins.sbxagent.engine.change.FileTree;
import java.io.IOException;
import java.util.List;

/**
 * The workspace as staged for one sandbox, in the run's private folder. Close it to release what it holds
 * outside that folder (a mount); deleting the folder is the run's.
 */
public interface StagedWorkspace extends AutoCloseable {
    /** {@code overlay}, {@code copy} or {@code mount}: recorded in the audit. */
    String kind();

    /** What else the audit and the log say about the staging, or empty. */
    default String detail() {
        return "";
    }

    /** What the sandbox mounts as its workspace. */
    WorkspaceSource source();

    /** The workspace before the run. */
    FileTree before();

    /** The workspace after the run; valid once the sandbox is gone. */
    FileTree after();

    /** What the agent changed; call once the sandbox is gone. */
    List<Change> detectChanges() throws IOException;

    /** Whether the changes already landed in the host workspace (mount mode). */
    boolean writesHostWorkspace();

    @Override
    void close() throws IOException;
}
