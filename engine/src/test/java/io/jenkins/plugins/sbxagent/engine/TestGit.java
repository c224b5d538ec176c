package io.jenkins.plugins.sbxagent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.sbxagent.engine.process.CommandRunner;
import io.jenkins.plugins.sbxagent.engine.process.ProcessCommandRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The real git, for tests that make and read repositories. */
final class TestGit {
    /**
     * The tests run as root on workspaces owned by the sandbox's user, which no CI agent does; git's ownership check
     * is told, in the command scope it honours, that these repositories are trusted.
     */
    static final Map<String, String> TRUST_ALL = Map.of("GIT_CONFIG_COUNT", "1", "GIT_CONFIG_KEY_0", "safe.directory", "GIT_CONFIG_VALUE_0", "*");

    private TestGit() {
    }

    /** Runs git in {@code repository} and returns its output; a failure fails the test with git's words. */
    static String git(Path repository, String... arguments) throws Exception {
        List<String> argv = new ArrayList<>(List.of("git", "-C", repository.toString()));
        argv.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
        builder.environment().putAll(TRUST_ALL);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("git %s: %s", String.join(" ", arguments), out).isZero();
        return out;
    }

    /** Makes {@code workspace} a repository whose one commit holds everything in it. */
    static String commitAll(Path workspace) throws Exception {
        git(workspace, "init", "-q", "-b", "main");
        git(workspace, "add", "-A");
        git(workspace, "-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "base");
        return git(workspace, "rev-parse", "HEAD").strip();
    }

    /** Gives a whole tree, links included, to {@code uid}:{@code uid}. */
    static void chownTree(Path root, int uid) throws Exception {
        Process process = new ProcessBuilder("chown", "-R", "-h", uid + ":" + uid, root.toString()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(out).isZero();
    }

    /** The process runner of the engine, with git told to trust the tests' repositories ({@link #TRUST_ALL}). */
    static CommandRunner trustingRunner() {
        return new RewritingRunner(new ProcessCommandRunner(),
                command -> command.argv().get(0).equals("git") ? command.withEnvironment(TRUST_ALL) : command);
    }
}
