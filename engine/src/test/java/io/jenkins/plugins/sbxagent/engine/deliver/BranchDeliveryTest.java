package io.jenkins.plugins.sbxagent.engine.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class BranchDeliveryTest {
    @ParameterizedTest
    @ValueSource(strings = {"sbx/fix-123", "agent+claude/JIRA-42", "a", "release/1.2.x"})
    void shouldTakeAPlainBranchName(String name) {
        assertThat(BranchDelivery.of(name).ref()).isEqualTo("refs/heads/" + name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-f", "a..b", "a/.hidden", "a.lock", "a/b.lock/c", "trailing/", "/leading", "a//b", "dot.", "HEAD", "with space",
        "a~1", "a^", "a:b", "a?", "a*", "a[b", "back\\slash", "at@{1}", "new\nline", "ünï"})
    void shouldRefuseWhatGitWouldNotNameABranchOrAShellCouldMisread(String name) {
        assertThatThrownBy(() -> BranchDelivery.of(name)).isInstanceOf(SpecException.class).hasMessageStartingWith("--deliver-branch: ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void shouldRefuseASubjectThatIsNotOneShortLine() {
        assertThatThrownBy(() -> BranchDelivery.of("a").withSubject("two\nlines")).isInstanceOf(SpecException.class)
                .hasMessageStartingWith("--deliver-message: ");
        assertThatThrownBy(() -> BranchDelivery.of("a").withSubject("x".repeat(201))).isInstanceOf(SpecException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"origin", "https://git.example/org/repo.git", "git@git.example:org/repo.git", "ssh://git@git.example/repo",
        "/srv/git/repo.git", "https://bot@git.example/org/repo.git"})
    void shouldTakeARemoteNameOrAUrlWithoutAPassword(String remote) {
        assertThat(PushTarget.to(remote).remote()).isEqualTo(remote);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "--upload-pack=sh", "has space", "https://bot:token@git.example/repo.git", "ori gin", "weird!"})
    void shouldRefuseARemoteThatIsNoneOrCarriesAPassword(String remote) {
        assertThatThrownBy(() -> PushTarget.to(remote)).isInstanceOf(SpecException.class).hasMessageStartingWith("--push-remote: ")
                .hasMessageNotContaining("token");
    }

    @Test
    void shouldNeverShowThePasswordInItsText() {
        assertThat(new PushTarget("origin", "bot", "s3cret-token").toString()).doesNotContain("s3cret-token").contains("****");
    }
}
