package io.jenkins.plugins.sbxagent.engine.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Git's configuration syntax, read as git reads it. */
class GitConfigTest {
    private static List<GitConfig.Entry> parse(String text) {
        return GitConfig.parse(List.of(text.split("\n", -1)));
    }

    @Test
    void shouldReadSectionsSubsectionsAndAVariableOnTheHeadersLine() {
        assertThat(parse("""
                [core] FsMonitor = "sh -c 'id'"   # a comment
                [Remote "Up]stream"]
                \turl = https://example.com/a.git ; another
                [url.HTTPS://Mirror/]
                \tinsteadOf = https://github.com/
                \tbare
                """)).extracting(GitConfig.Entry::key, GitConfig.Entry::value, GitConfig.Entry::line)
                .containsExactly(tuple("core.fsmonitor", "sh -c 'id'", 1), tuple("remote.Up]stream.url", "https://example.com/a.git", 3),
                        tuple("url.https://mirror/.insteadof", "https://github.com/", 5), tuple("url.https://mirror/.bare", "", 6));
    }

    @Test
    void shouldJoinAContinuedValueAndResolveEscapes() {
        assertThat(parse("[core]\n\tsshCommand = ssh \\\n  -o \"Proxy\\\"Command\"=id\\t\n\tpager = less"))
                .extracting(GitConfig.Entry::key, GitConfig.Entry::value, GitConfig.Entry::line)
                .containsExactly(tuple("core.sshcommand", "ssh   -o Proxy\"Command=id", 2), tuple("core.pager", "less", 4));
    }

    @Test
    void shouldSkipWhatSetsNothing() {
        assertThat(parse("orphan = 1\n# [alias]\n; x = y\n[broken\n\tname = v\n[ok]\n\t= novalue\n\tgood = yes")).extracting(GitConfig.Entry::key)
                .containsExactly("ok.good");
    }

    @Test
    void shouldTellWhatRunsOrRedirects() {
        List<GitConfig.Entry> entries = parse("""
                [core]
                \tfsmonitor = .git/hook
                \tfsmonitor = true
                \tfilemode = true
                [credential "https://github.com"]
                \thelper = store
                [alias]
                \tst = status
                [includeIf "gitdir:~/work/"]
                \tpath = team.cfg
                [branch "main"]
                \tremote = origin
                [hook "lint"]
                \tcommand = ./lint.sh
                """);

        assertThat(entries.stream().filter(GitConfig::runsOrRedirects).map(GitConfig.Entry::key))
                .containsExactly("core.fsmonitor", "credential.https://github.com.helper", "alias.st", "includeif.gitdir:~/work/.path",
                        "hook.lint.command");
    }
}
