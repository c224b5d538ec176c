package io.jenkins.plugins.sbxagent.engine.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.sbxagent.engine.process.ProcessCommandRunner;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The idmapped view on the real kernel. It needs a root engine, as CI has (it runs the Docker engine),
 * so it fails there rather than skipping if that ever changes.
 */
class IdMappedViewITest {
    private final ProcessCommandRunner runner = new ProcessCommandRunner();

    @TempDir
    Path temp;

    private Path workspace;

    @BeforeEach
    void rootOwnedWorkspace() throws Exception {
        assertThat(IdMappedView.unavailableBecause()).as("CI runs the engine as root, with perl and unshare, on Linux 5.19+").isEmpty();
        workspace = Files.createDirectories(temp.resolve("ws/src"));
        Files.writeString(workspace.resolve("a.txt"), "hello\n");
        // a setuid program of the host's uid 1000: root's, seen through the view, and never run as such
        Files.setAttribute(workspace.resolve("a.txt"), "unix:uid", 1000);
        Files.setAttribute(workspace.resolve("a.txt"), "unix:mode", 04755);
        workspace = workspace.getParent();
    }

    @Test
    void shouldShowTheOwnersFilesAsTheSandboxUsersAndTheirsAsTheOwners() throws Exception {
        Path privateDir = Files.createDirectory(temp.resolve("private"));
        try (IdMappedView view = IdMappedView.mount(workspace, privateDir.resolve("lower"), new IdSwap(0, 1000), new IdSwap(0, 1000), runner)) {
            assertThat(Files.getAttribute(view.path().resolve("src"), "unix:uid")).isEqualTo(1000);
            assertThat(Files.getAttribute(view.path().resolve("src"), "unix:gid")).isEqualTo(1000);
            assertThat(Files.getAttribute(view.path().resolve("src/a.txt"), "unix:uid")).isEqualTo(0);
            assertThat(Files.readString(view.path().resolve("src/a.txt"))).isEqualTo("hello\n");
            assertThat(Mounts.under(privateDir)).containsExactly(view.path());
            assertThat(mountOptions(view.path())).contains("ro", "nosuid", "nodev", "idmapped");
            assertThatThrownBy(() -> Files.writeString(view.path().resolve("src/b.txt"), "x")).isInstanceOf(FileSystemException.class)
                    .hasMessageContaining("Read-only");
        }
        assertThat(Mounts.under(privateDir)).isEmpty();
        assertThat(Files.getAttribute(workspace.resolve("src"), "unix:uid")).isEqualTo(0);
    }

    @Test
    void shouldNeverDeleteThroughAViewThatIsStillMounted() throws Exception {
        Path privateDir = Files.createDirectory(temp.resolve("private"));
        try (IdMappedView view = IdMappedView.mount(workspace, privateDir.resolve("lower"), new IdSwap(0, 1000), new IdSwap(0, 1000), runner)) {
            assertThatThrownBy(() -> Trees.delete(privateDir)).hasMessageContaining("is mounted below it");
            assertThatThrownBy(() -> Trees.forceDelete(privateDir, runner)).hasMessageContaining("is mounted below it");
        }
        assertThat(workspace.resolve("src/a.txt")).hasContent("hello");
    }

    @Test
    void shouldDetachACrashedRunsViewBeforeRemovingItsFolder() throws Exception {
        Path workRoot = Files.createDirectory(temp.resolve("work"));
        Path crashed = Files.createDirectory(workRoot.resolve("sbx-agent-crashed"));
        IdMappedView.mount(workspace, crashed.resolve("lower"), new IdSwap(0, 1000), new IdSwap(0, 1000), runner);

        assertThat(StaleFolders.remove(workRoot, Instant.now().plusSeconds(60), runner)).containsExactly(crashed);

        assertThat(crashed).doesNotExist();
        assertThat(Mounts.under(workRoot)).isEmpty();
        assertThat(workspace.resolve("src/a.txt")).hasContent("hello");
    }

    @Test
    void shouldNameTheReasonWhenTheKernelRefusesTheMap() throws Exception {
        Path privateDir = Files.createDirectory(temp.resolve("private"));
        // a view of a folder that is not there: open_tree refuses it
        assertThatThrownBy(() -> IdMappedView.mount(temp.resolve("missing"), privateDir.resolve("lower"), new IdSwap(0, 1000),
                new IdSwap(0, 1000), runner)).hasMessageContaining("cannot map the workspace's owner").hasMessageContaining("open_tree");
        assertThat(Mounts.under(privateDir)).isEmpty();
        assertThat(Files.exists(workspace, LinkOption.NOFOLLOW_LINKS)).isTrue();
    }

    private static String mountOptions(Path point) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] fields = line.split(" ");
            if (fields[4].equals(point.toString())) {
                return fields[5];
            }
        }
        throw new AccessDeniedException(point + " is not mounted");
    }
}
