package io.jenkins.plugins.sbxagent.engine.stage;

import io.jenkins.plugins.sbxagent.engine.process.Command;
import io.jenkins.plugins.sbxagent.engine.process.CommandResult;
import io.jenkins.plugins.sbxagent.engine.process.CommandRunner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A read-only view of the workspace in which its owner's uid and gid appear as the sandbox user's: an
 * idmapped mount (Linux 5.12+), made by the root engine for an overlay's lower layer. The files stay
 * where they are and nothing is copied; the agent, never root, can change them as their owner would,
 * and its writes land in the overlay's upper layer. The view itself cannot be written and is mounted
 * {@code nosuid,nodev}; through the overlay, what keeps a setuid file from raising anyone is the sandbox's
 * {@code no-new-privileges}.
 */
final class IdMappedView implements AutoCloseable {
    private static final String HELPER = "idmapped-view.pl";
    private static final Duration LIMIT = Duration.ofSeconds(30);

    private final Path mountPoint;
    private final CommandRunner runner;

    private IdMappedView(Path mountPoint, CommandRunner runner) {
        this.mountPoint = mountPoint;
        this.runner = runner;
    }

    /**
     * Mounts the view of {@code source} on the new, empty folder {@code mountPoint}.
     *
     * @throws StagingException naming why the kernel or the host refused it
     */
    static IdMappedView mount(Path source, Path mountPoint, IdSwap uid, IdSwap gid, CommandRunner runner)
            throws IOException, InterruptedException {
        Files.createDirectory(mountPoint);
        byte[] helper;
        try (InputStream in = IdMappedView.class.getResourceAsStream(HELPER)) {
            helper = in.readAllBytes();
        }
        // the program on standard input: nothing to unpack, nothing another user could swap
        CommandResult result = runner.run(Command.of(LIMIT, "perl", "-", source.toString(), mountPoint.toString(), uid.lines(), gid.lines())
                .withStdin(helper));
        if (!result.succeeded()) {
            StagingException failure = new StagingException("cannot map the workspace's owner to the sandbox user: " + result.stderr().strip());
            try {
                // a helper that failed after its last call may have mounted it all the same
                Mounts.detach(mountPoint, runner);
            } catch (IOException stillMounted) {
                failure.addSuppressed(stillMounted);
            }
            throw failure;
        }
        if (Mounts.under(mountPoint).isEmpty()) {
            throw new StagingException("cannot map the workspace's owner to the sandbox user: the helper ended but " + mountPoint
                    + " is not mounted");
        }
        return new IdMappedView(mountPoint, runner);
    }

    /**
     * Why this engine cannot make a view here, or empty when it can: only root mounts, the helper needs perl and
     * unshare, and overlayfs takes an idmapped lower layer from Linux 5.19 on (older kernels would refuse the overlay
     * only when the sandbox starts).
     */
    static Optional<String> unavailableBecause() {
        if (!HostFacts.runningAsRoot()) {
            return Optional.of("only an engine running as root can mount an idmapped view");
        }
        if (!HostFacts.onPath("perl") || !HostFacts.onPath("unshare") || !HostFacts.onPath("umount")) {
            return Optional.of("an idmapped view needs perl, unshare and umount on the PATH");
        }
        if (!HostFacts.sharesMountsWithDockerDaemon()) {
            return Optional.of("the engine does not share the local Docker daemon's mount namespace (a service's private mounts,"
                    + " a container, a remote daemon), so the daemon would not see the view");
        }
        String kernel = System.getProperty("os.version", "");
        if (!kernelAtLeast(kernel, 5, 19)) {
            return Optional.of("Linux " + kernel + " mounts no overlay on an idmapped view (5.19 or later does)");
        }
        return Optional.empty();
    }

    /** Whether a kernel release ({@code 6.18.44-fc}) is at least {@code major.minor}; an unreadable one is not. */
    static boolean kernelAtLeast(String release, int major, int minor) {
        java.util.regex.Matcher version = java.util.regex.Pattern.compile("^(\\d+)\\.(\\d+)").matcher(release);
        if (!version.find()) {
            return false;
        }
        int actualMajor = Integer.parseInt(version.group(1));
        return actualMajor > major || actualMajor == major && Integer.parseInt(version.group(2)) >= minor;
    }

    Path path() {
        return mountPoint;
    }

    /**
     * Detaches the view. A lazy unmount detaches it at once even while an overlay still holds it, so
     * that nothing deleting the private folder afterwards ever walks into the workspace.
     */
    @Override
    public void close() throws IOException {
        try {
            Mounts.detach(mountPoint, runner);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while unmounting " + mountPoint, e);
        }
    }
}
