package io.jenkins.plugins.sbxagent.engine.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/api.md shows the example as it is compiled and run: the two never drift apart. */
class ApiExampleTest {
    private static final String START = "// example:start";
    private static final String END = "// example:end";

    static String example() throws Exception {
        String source = Files.readString(Path.of("src/test/java/io/jenkins/plugins/sbxagent/engine/example/ApiExample.java"));
        return source.substring(source.indexOf(START) + START.length(), source.indexOf(END)).stripIndent().strip();
    }

    @Test
    void shouldShowTheExampleThatIsCompiledAndRun() throws Exception {
        String docs = Files.readString(Path.of("..", "docs", "api.md"));

        assertThat(example()).isNotBlank().contains("new AgentRun(");
        assertThat(docs).as("docs/api.md quotes ApiExample between its markers, exactly").contains(example());
    }
}
