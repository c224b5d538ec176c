package io.jenkins.plugins.sbxagent.engine.stage;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the host this engine runs on can do for staging. */
final class HostFacts {
    private HostFacts() {
    }

    static boolean runningAsRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    static boolean overlaySupported() {
        try {
            return Files.readString(Path.of("/proc/filesystems")).contains("\toverlay");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether a local Docker daemon ({@code dockerd}) runs in this process's mount namespace: it mounts the sandbox's
     * overlay, so a mount made here must be one it sees. False when no daemon is found or its namespace cannot be read.
     */
    static boolean sharesMountsWithDockerDaemon() {
        // the daemon's own pid file first (one read); a search of the process table when it has none there
        try {
            String pid = Files.readString(Path.of("/var/run/docker.pid")).strip();
            Path process = Path.of("/proc", pid);
            if (pid.chars().allMatch(Character::isDigit) && isDockerDaemon(process)) {
                return mountNamespace(process).equals(mountNamespace(Path.of("/proc/self")));
            }
        } catch (IOException | RuntimeException e) {
            // no pid file, a stale one, or one we may not read: search
        }
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), entry -> entry.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            Path ours = mountNamespace(Path.of("/proc/self"));
            boolean found = false;
            for (Path process : processes) {
                try {
                    if (isDockerDaemon(process)) {
                        if (!mountNamespace(process).equals(ours)) {
                            return false;
                        }
                        found = true;
                    }
                } catch (IOException gone) {
                    // a process that ended meanwhile, or one we may not read: not the daemon we look for
                }
            }
            return found;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static boolean isDockerDaemon(Path process) throws IOException {
        return Files.readString(process.resolve("comm")).strip().equals("dockerd");
    }

    private static Path mountNamespace(Path process) throws IOException {
        return Files.readSymbolicLink(process.resolve("ns/mnt"));
    }

    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
