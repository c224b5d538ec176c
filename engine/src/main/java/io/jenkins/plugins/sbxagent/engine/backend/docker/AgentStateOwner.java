package io.jenkins.plugins.sbxagent.engine.backend.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

/**
 * Gives the agent's state folder to the sandbox's user, who writes there. The run's private folder above it is this
 * process's user's alone (mode 0700), so nobody else on the node reaches the state folder whatever its own mode.
 */
final class AgentStateOwner {
    private AgentStateOwner() {
    }

    /** @param user the sandbox's {@code uid[:gid]} */
    static void give(Path folder, String user) throws IOException {
        String[] ids = user.split(":");
        int uid = Integer.parseInt(ids[0]);
        int gid = ids.length > 1 ? Integer.parseInt(ids[1]) : uid;
        int self = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(folder)) {
            entries = walk.toList();
        }
        for (Path entry : entries) {
            boolean directory = Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS);
            if (self == uid || self == 0) {
                if (self == 0) {
                    Files.setAttribute(entry, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
                    Files.setAttribute(entry, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
                }
                Files.setPosixFilePermissions(entry, PosixFilePermissions.fromString(directory ? "rwx------" : "rw-------"));
            } else {
                // neither that user nor root, this process cannot give the folder away: it opens it instead
                Files.setPosixFilePermissions(entry, PosixFilePermissions.fromString(directory ? "rwxrwxrwx" : "rw-rw-rw-"));
            }
        }
    }
}
