package io.jenkins.plugins.sbxagent.engine.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Lists as a form's text area sends them. */
class TextLinesTest {
    @Test
    void shouldTrimEntriesButKeepAnArgumentsSpaces() {
        assertThat(TextLines.of(" src/**\r\n\r\n Jenkinsfile \n")).containsExactly("src/**", "Jenkinsfile");
        assertThat(TextLines.arguments("sh\r\n-c\r\n  make  fix \n\n")).containsExactly("sh", "-c", "  make  fix ");
        assertThat(TextLines.of(null)).isEmpty();
        assertThat(TextLines.join(List.of("a", "b"))).isEqualTo("a\nb");
    }
}
