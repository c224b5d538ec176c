package io.jenkins.plugins.sbxagent.engine.spec;

import java.nio.file.Path;

/**
 * A host file made visible, read-only, at an absolute path in the sandbox outside the workspace.
 *
 * @param source the host file
 * @param target where the sandbox sees it
 */
public record PutFile(Path source, String target) {
    @Override
    public String toString() {
        return source + ":" + target;
    }
}
