package io.jenkins.plugins.sbxagent.engine.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.sbxagent.engine.spec.RunSpec;
import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The secrets a host binds for a run: checked, never shown, and handed to the spec in a private folder. */
class RunSecretsTest {
    @Test
    void shouldRefuseAVariableBoundTwiceOrNotAVariableNameNamingTheCredential() {
        RunSecrets secrets = new RunSecrets();
        secrets.addVariable("API_KEY", "s3cr3t-value", "anthropic-key");

        assertThatThrownBy(() -> secrets.addVariable("API_KEY", "other", "second-key")).isInstanceOf(SpecException.class)
                .hasMessageStartingWith("credentials: the variable API_KEY is bound twice (again by 'second-key').");
        assertThatThrownBy(() -> secrets.addPlainVariable("API_KEY", "user", "login")).hasMessageContaining("bound twice");
        assertThatThrownBy(() -> secrets.addVariable("1BAD", "v", "key")).hasMessageStartingWith("variable: '1BAD' (credentials 'key')");
        assertThatThrownBy(() -> secrets.addVariable("PIN", "123", "pin")).hasMessageStartingWith("credentials: PIN is shorter than 4 bytes.");
        assertThatThrownBy(() -> secrets.addVariable("KEY2", "two\nlines", "multi")).hasMessageContaining("control character");
        assertThat(RunSecrets.isVariableName("GITHUB_TOKEN")).isTrue();
        assertThat(RunSecrets.isVariableName("A-B")).isFalse();
    }

    @Test
    void shouldPlaceSecretFilesInTheSandboxHomeAndRefuseAPathOrSizeThatCannotWork() {
        RunSecrets secrets = new RunSecrets();
        secrets.addFile(".npmrc", "x".getBytes(StandardCharsets.UTF_8), "npmrc");
        secrets.addFile("/home/agent/.config/tool.json", "{}".getBytes(StandardCharsets.UTF_8), "tool");

        assertThat(secrets.files()).extracting(RunSecrets.SecretFile::target).containsExactly("/tmp/.npmrc", "/home/agent/.config/tool.json");
        // the last one is taken already
        for (String bad : List.of("../etc/passwd", "./npmrc", "a//b", "conf/", "/workspace/.npmrc", "/etc/npmrc", ".npmrc")) {
            assertThatThrownBy(() -> secrets.addFile(bad, new byte[1], "evil")).as(bad).isInstanceOf(SpecException.class)
                    .hasMessageStartingWith("credentials: target '").hasMessageNotContaining("--put");
        }
        assertThatThrownBy(() -> secrets.addFile(" ", new byte[1], "blank")).hasMessageStartingWith("path: ");
        assertThatThrownBy(() -> secrets.addFile("big.bin", new byte[RunSecrets.LARGEST_FILE + 1], "big"))
                .hasMessageContaining("larger than 1 MiB");
        assertThatThrownBy(() -> {
            secrets.setDockerLogin("me", "dckr_pat_1", false, "docker");
            secrets.setDockerLogin("me", "dckr_pat_2", false, "docker-again");
        }).hasMessageContaining("a second Docker account");
    }

    @Test
    void shouldMaskEachSecretFilesSecretLinesButNotItsPlainOnes() {
        RunSecrets secrets = new RunSecrets();
        secrets.addFile(".npmrc", ("registry=https://registry.example/\n//registry.example/:_authToken=\"npm_AbCdEf0123456789\"\n"
                + "password: hunter2-but-longer\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n").getBytes(StandardCharsets.UTF_8), "npmrc");

        assertThat(secrets.fileValues()).contains("npm_AbCdEf0123456789", "hunter2-but-longer", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC")
                .doesNotContain("https://registry.example/");
    }

    @Test
    void shouldWriteSecretFilesIntoANewOwnerOnlyFolderAndNameNoValue(@TempDir Path temp) throws Exception {
        RunSecrets secrets = new RunSecrets();
        secrets.addVariable("API_KEY", "s3cr3t-value", "key");
        secrets.addFile(".netrc", "machine x password pw-0123456789abcdef".getBytes(StandardCharsets.UTF_8), "netrc");
        Path left = Files.createDirectory(temp.resolve("sbx-agent-secrets-b1"));

        Path folder = secrets.addTo(RunSpec.builder(), temp);

        assertThat(folder).as("a folder of its own, never one that was there").isNotEqualTo(left).startsWith(temp);
        assertThat(Files.getPosixFilePermissions(folder)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.readString(folder.resolve("secret-0"))).isEqualTo("machine x password pw-0123456789abcdef");
        assertThat(secrets.toString()).contains("API_KEY", "/tmp/.netrc").doesNotContain("s3cr3t-value").doesNotContain("pw-0123");
        assertThat(new RunSecrets().addTo(RunSpec.builder(), temp)).as("no files, no folder").isNull();
    }

    @Test
    void shouldNeverNameADockerIdTheCredentialMarksSecret() {
        RunSecrets open = new RunSecrets();
        open.setDockerLogin("octocat", "dckr_pat_0123456789", false, "docker");
        RunSecrets hidden = new RunSecrets();
        hidden.setDockerLogin("secret-id-4242", "dckr_pat_0123456789", true, "docker");

        assertThat(open.names()).isEqualTo("the Docker account octocat");
        assertThat(hidden.names()).isEqualTo("a Docker account");
        assertThat(hidden.toString()).doesNotContain("secret-id-4242").doesNotContain("dckr_pat");
        assertThat(open.toString()).doesNotContain("dckr_pat");
    }

    @Test
    void shouldMaskThePushPasswordAndNameOnlyTheAccount(@TempDir Path temp) throws Exception {
        RunSecrets secrets = new RunSecrets();
        secrets.setPushLogin("ci-bot", "ghp_pushToken0123456789", "github-token");
        RunSpec.Builder spec = RunSpec.builder().withWorkspace(Files.createDirectories(temp.resolve("ws"))).withOutputs(temp.resolve("out"))
                .withImage("sbx-agent/busybox:1").withCommand("true");

        assertThat(secrets.addTo(spec, temp)).as("no secret folder for a push account").isNull();
        assertThat(spec.build().secretValues()).contains("ghp_pushToken0123456789");
        assertThat(spec.build().environment()).isEmpty();
        assertThat(secrets.names()).isEqualTo("the push account ci-bot");
        assertThat(secrets.toString()).doesNotContain("ghp_pushToken");
        assertThatThrownBy(() -> secrets.setPushLogin("other", "x", "second")).isInstanceOf(SpecException.class)
                .hasMessageContaining("second push account");
    }
}
