package io.jenkins.plugins.sbxagent.engine.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.sbxagent.engine.risk.Severity;
import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Policy files (YAML or JSON) over the strict default; a typo never weakens the gate silently. */
class PolicyTest {
    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    @Test
    void shouldHaveTheDocumentedStrictDefault() {
        Policy strict = Policy.strict();

        assertThat(strict.failOn()).isEqualTo(Severity.CRITICAL);
        assertThat(strict.reviewOn()).isEqualTo(Severity.HIGH);
        assertThat(strict.unstableOn()).isEqualTo(Severity.MEDIUM);
        assertThat(strict.protectedPaths()).isEmpty();
        assertThat(strict.allowedPaths()).isEmpty();
        assertThat(strict.maxChangedFiles()).isEqualTo(500);
        assertThat(strict.maxChangedLines()).isEqualTo(10_000L);
    }

    @Test
    void shouldReadEveryKeyFromYaml() throws IOException {
        Path yaml = file("policy.yaml", """
                # policy.yaml
                failOn: high
                reviewOn: medium
                unstableOn: none
                protectedPaths: [Jenkinsfile, ".github/**", "deploy/**"]
                allowedPaths:
                  - "src/**"
                  - test/**
                maxChangedFiles: 50
                maxChangedLines: 2000
                """);

        Policy policy = Policy.read(yaml);

        assertThat(policy).isEqualTo(new Policy(Severity.HIGH, Severity.MEDIUM, Severity.NONE, List.of("Jenkinsfile", ".github/**", "deploy/**"),
                List.of("src/**", "test/**"), 50, 2000));
    }

    @Test
    void shouldReadEveryKeyFromJson() throws IOException {
        Path json = file("policy.json", """
                {
                  "failOn": "medium",
                  "reviewOn": "low",
                  "unstableOn": "low",
                  "protectedPaths": ["Jenkinsfile"],
                  "allowedPaths": ["docs/**"],
                  "maxChangedFiles": 0,
                  "maxChangedLines": 12345678901
                }
                """);

        Policy policy = Policy.read(json);

        assertThat(policy).isEqualTo(new Policy(Severity.MEDIUM, Severity.LOW, Severity.LOW, List.of("Jenkinsfile"), List.of("docs/**"), 0,
                12_345_678_901L));
    }

    @Test
    void shouldReadTheDocumentedExample() throws IOException {
        Path yaml = file("policy.yaml", """
                # policy.yaml
                failOn: critical
                reviewOn: high
                unstableOn: none
                protectedPaths: [Jenkinsfile, ".github/**", "deploy/**"]
                allowedPaths: ["src/**", "test/**", "docs/**"]
                maxChangedFiles: 50
                """);

        Policy policy = Policy.read(yaml);

        assertThat(policy.unstableOn()).isEqualTo(Severity.NONE);
        assertThat(policy.maxChangedFiles()).isEqualTo(50);
        assertThat(policy.maxChangedLines()).isEqualTo(10_000L);
        assertThat(policy.protectedGlobs()).hasSize(3);
        assertThat(policy.allowedGlobs()).hasSize(3);
    }

    @Test
    void shouldKeepTheStrictDefaultForKeysLeftOut() throws IOException {
        assertThat(Policy.read(file("one.yaml", "unstableOn: none\n"))).isEqualTo(Policy.strict().withUnstableOn(Severity.NONE));
        assertThat(Policy.read(file("empty.json", "{}"))).isEqualTo(Policy.strict());
        assertThat(Policy.read(file("caps.yaml", "maxChangedLines: 7\n"))).isEqualTo(Policy.strict().withMaxChangedLines(7));
    }

    @Test
    void shouldParseSeveritiesCaseInsensitively() throws IOException {
        assertThat(Policy.read(file("p.yaml", "failOn: HIGH\nreviewOn: ' Medium '\n")))
                .extracting(Policy::failOn, Policy::reviewOn).containsExactly(Severity.HIGH, Severity.MEDIUM);
    }

    @ParameterizedTest
    @ValueSource(strings = {"failon: none\n", "FailOn: none\n", "fail_on: none\n", "failOn: critical\nprotectedPath: [Jenkinsfile]\n"})
    void shouldRefuseAnUnknownKeyNamingIt(String text) throws IOException {
        Path yaml = file("typo.yaml", text);
        String key = text.lines().filter(l -> !l.startsWith("failOn:")).findFirst().orElseThrow().split(":")[0];

        assertThatThrownBy(() -> Policy.read(yaml)).isInstanceOf(SpecException.class)
                .hasMessageStartingWith("--policy: ")
                .hasMessageContaining("unknown key '" + key + "'")
                .hasMessageContaining(yaml.toString())
                .hasMessageContaining("failOn");
    }

    @Test
    void shouldRefuseAnUnknownKeyInJson() throws IOException {
        Path json = file("typo.json", "{\"failOn\": \"critical\", \"maxChangedfiles\": 1}");

        assertThatThrownBy(() -> Policy.read(json)).isInstanceOf(SpecException.class).hasMessageContaining("unknown key 'maxChangedfiles'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"failOn", "reviewOn", "unstableOn"})
    void shouldRefuseABadSeverityNamingTheKey(String key) throws IOException {
        Path yaml = file("bad.yaml", key + ": loud\n");

        assertThatThrownBy(() -> Policy.read(yaml)).isInstanceOf(SpecException.class)
                .hasMessageStartingWith(key + ": 'loud' is not a severity.")
                .satisfies(e -> assertThat(((SpecException) e).field()).isEqualTo(key));
    }

    @Test
    void shouldRefuseASeverityGivenAsAList() throws IOException {
        Path yaml = file("bad.yaml", "failOn: [critical]\n");

        assertThatThrownBy(() -> Policy.read(yaml)).isInstanceOf(SpecException.class).hasMessageStartingWith("failOn: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"maxChangedFiles: -1\n", "maxChangedLines: -5\n", "{\"maxChangedFiles\": -100}"})
    void shouldRefuseNegativeCaps(String text) throws IOException {
        Path file = file("neg.yaml", text);

        assertThatThrownBy(() -> Policy.read(file)).isInstanceOf(SpecException.class).hasMessageContaining("cannot be negative");
    }

    @Test
    void shouldRefuseNegativeCapsInTheConstructor() {
        assertThatThrownBy(() -> Policy.strict().withMaxChangedFiles(-1)).isInstanceOf(SpecException.class);
        assertThatThrownBy(() -> Policy.strict().withMaxChangedLines(-1)).isInstanceOf(SpecException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"protectedPaths", "allowedPaths"})
    void shouldRefuseAnEmptyGlobNamingTheKey(String key) throws IOException {
        Path yaml = file("empty-glob.yaml", key + ": [\"src/**\", \"  \"]\n");

        assertThatThrownBy(() -> Policy.read(yaml)).isInstanceOf(SpecException.class)
                .hasMessageStartingWith(key + ": holds an empty path glob.")
                .satisfies(e -> assertThat(((SpecException) e).field()).isEqualTo(key));
    }

    @ParameterizedTest
    @ValueSource(strings = {"protectedPaths", "allowedPaths"})
    void shouldRefuseAGlobThatCouldNeverMatchOrAValueThatIsNoGlob(String key) throws IOException {
        assertThatThrownBy(() -> Policy.read(file("folder-glob.yaml", key + ": [\"docs/\"]\n"))).isInstanceOf(SpecException.class)
                .hasMessageStartingWith(key + ": 'docs/' ends with '/', and no path does: write 'docs/**'");
        assertThatThrownBy(() -> Policy.read(file("number-glob.yaml", key + ": {src: 1}\n"))).isInstanceOf(SpecException.class)
                .hasMessageStartingWith(key + ": is object {\"src\":1}, not a text or a list of texts.");
    }

    @Test
    void shouldRefuseAnEmptyGlobInTheConstructor() {
        assertThatThrownBy(() -> Policy.strict().withProtectedPaths(List.of(""))).isInstanceOf(SpecException.class)
                .hasMessageStartingWith("protectedPaths: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"- failOn: none\n", "just text\n", "[]"})
    void shouldRefuseAFileThatIsNoMapping(String text) throws IOException {
        Path file = file("list.yaml", text);

        assertThatThrownBy(() -> Policy.read(file)).isInstanceOf(SpecException.class)
                .hasMessageStartingWith("--policy: ")
                .hasMessageContaining("is not a YAML or JSON mapping");
    }

    @Test
    void shouldRefuseAnEmptyFile() throws IOException {
        Path file = file("empty.yaml", "");

        assertThatThrownBy(() -> Policy.read(file)).isInstanceOf(SpecException.class).hasMessageStartingWith("--policy: ");
    }

    @Test
    void shouldCopyTheGlobListsSoThatLaterChangesDoNotLeakIn() {
        List<String> globs = new java.util.ArrayList<>(List.of("a/**"));
        Policy policy = Policy.strict().withProtectedPaths(globs);

        globs.add("b/**");

        assertThat(policy.protectedPaths()).containsExactly("a/**");
    }

    /**
     * A single glob written as a YAML scalar instead of a list must not be dropped: reading
     * {@code protectedPaths: Jenkinsfile} as "no protected paths" would weaken the gate silently.
     */
    @ParameterizedTest
    @ValueSource(strings = {"protectedPaths", "allowedPaths"})
    void shouldNotSilentlyDropAGlobWrittenAsAScalar(String key) throws IOException {
        Path yaml = file("scalar.yaml", key + ": Jenkinsfile\n");

        Policy policy;
        try {
            policy = Policy.read(yaml);
        } catch (SpecException refused) {
            assertThat(refused).hasMessageContaining(key);
            return;
        }
        List<String> globs = key.equals("protectedPaths") ? policy.protectedPaths() : policy.allowedPaths();
        assertThat(globs).as("%s read from '%s: Jenkinsfile'", key, key).containsExactly("Jenkinsfile");
    }

    /**
     * A cap that is not a number must be refused, not read as 0, which means "no cap" and
     * weakens the gate silently.
     */
    @ParameterizedTest
    @ValueSource(strings = {"maxChangedFiles: lots\n", "maxChangedLines: \"ten thousand\"\n", "maxChangedFiles:\n"})
    void shouldRefuseACapThatIsNotANumber(String text) throws IOException {
        Path yaml = file("cap.yaml", text);
        String key = text.split(":")[0];

        assertThatThrownBy(() -> Policy.read(yaml)).as("reading %s", text.strip()).isInstanceOf(SpecException.class)
                .hasMessageContaining(key);
    }
}
