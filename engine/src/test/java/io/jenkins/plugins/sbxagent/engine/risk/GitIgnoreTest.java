package io.jenkins.plugins.sbxagent.engine.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.sbxagent.engine.change.FileTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** git's ignore rules, as git applies them: each case here gives what git check-ignore gives for the same tree. */
class GitIgnoreTest {
    @TempDir
    Path root;

    private void write(String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private GitIgnore ignore() throws IOException {
        return new GitIgnore(FileTree.directory(root));
    }

    @Test
    void shouldApplyNamesAnchorsFoldersAndNegationsAsGitDoes() throws IOException {
        write(".gitignore", "# comment\n*.log\n!keep.log\n/top.txt\nbuild/\ndocs/**/*.tmp\n[Tt]emp?\nfoo\\ \n");
        write("sub/.gitignore", "local.cfg\n!*.log\n");
        GitIgnore ignore = ignore();

        assertThat(ignore.ignored("a.log", false)).isTrue();
        assertThat(ignore.ignored("deep/x/a.log", false)).isTrue();
        assertThat(ignore.ignored("keep.log", false)).isFalse();
        assertThat(ignore.ignored("top.txt", false)).isTrue();
        assertThat(ignore.ignored("sub/top.txt", false)).isFalse();
        assertThat(ignore.ignored("build", true)).isTrue();
        assertThat(ignore.ignored("build", false)).as("a file named build").isFalse();
        assertThat(ignore.ignored("x/build/out.o", false)).isTrue();
        assertThat(ignore.ignored("docs/a/b/c.tmp", false)).isTrue();
        assertThat(ignore.ignored("docs/c.tmp", false)).isTrue();
        assertThat(ignore.ignored("other/c.tmp", false)).isFalse();
        assertThat(ignore.ignored("Temp1", false)).isTrue();
        assertThat(ignore.ignored("temp12", false)).isFalse();
        assertThat(ignore.ignored("foo ", false)).isTrue();
        // a deeper .gitignore wins over the root's, and applies below its own folder only
        assertThat(ignore.ignored("sub/a.log", false)).isFalse();
        assertThat(ignore.ignored("sub/local.cfg", false)).isTrue();
        assertThat(ignore.ignored("local.cfg", false)).isFalse();
    }

    @Test
    void shouldNotReincludeWhatAnIgnoredFolderHolds() throws IOException {
        write(".gitignore", "cache/\n!cache/keep.txt\n");
        write(".git/info/exclude", "secret.env\n");

        assertThat(ignore().ignored("cache/keep.txt", false)).isTrue();
        assertThat(ignore().ignored("secret.env", false)).isTrue();
        assertThat(ignore().ignored(".git/config", false)).isFalse();
    }
}
