package io.jenkins.plugins.sbxagent.engine.backend.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The engine's answers are read whole: sized, chunked or ended by the close; a failure carries the engine's message. */
class EngineAnswerTest {
    private static EngineAnswer parse(String answer) throws IOException {
        return EngineAnswer.parse(answer.getBytes(StandardCharsets.UTF_8), "/version");
    }

    @Test
    void shouldReadABodySizedByContentLength() throws IOException {
        EngineAnswer answer = parse("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n{\"Version\":\"20.10\"}\n");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"Version\":\"20.10\"}\n");
    }

    @Test
    void shouldJoinTheChunksOfAChunkedBody() throws IOException {
        String body = parse("HTTP/1.1 200 OK\r\ntransfer-encoding: Chunked\r\n\r\n"
                + "b\r\n{\"Image\":\"s\r\n" + "a;name=value\r\nha256:1\"}\n\r\n" + "0\r\n\r\n").body();

        assertThat(body).isEqualTo("{\"Image\":\"sha256:1\"}\n");
    }

    @Test
    void shouldReadABodyEndedByTheClose() throws IOException {
        assertThat(parse("HTTP/1.0 200 OK\r\n\r\n{}").body()).isEqualTo("{}");
    }

    @Test
    void shouldCarryTheEnginesMessageOnAFailure() {
        assertThatThrownBy(() -> parse("HTTP/1.1 404 Not Found\r\nContent-Length: 45\r\n\r\n{\"message\":\"No such container: sbx-agent-x\"}\n"))
                .isInstanceOf(IOException.class)
                .hasMessage("the Docker engine answered /version with 404: No such container: sbx-agent-x");
    }

    @Test
    void shouldRefuseWhatIsNotAWholeAnswer() {
        assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\nContent-Length: 10")).hasMessageContaining("ended before its headers did");
        assertThatThrownBy(() -> parse("SSH-2.0-OpenSSH_9.2\r\n\r\n")).hasMessageContaining("is not HTTP");
        assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{}")).hasMessageContaining("shorter than its Content-Length");
        assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n{}")).hasMessageContaining("bad Content-Length");
        assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nff\r\n{}")).hasMessageContaining("ended inside a chunk");
        assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}")).hasMessageContaining("bad chunk size");
    }

    @Test
    void shouldReadATopLevelFieldOnly() throws IOException {
        String json = "{\"Config\":{\"Image\":\"sbx-agent/busybox:1\"},\"Mounts\":[{\"Image\":\"x\"}],\"Image\":\"sha256:abc\",\"Id\":\"1\"}";

        assertThat(EngineAnswer.topLevelText(json, "Image")).contains("sha256:abc");
        assertThat(EngineAnswer.topLevelText("{\"Config\":{\"Image\":\"name\"}}", "Image")).isEmpty();
        assertThat(EngineAnswer.topLevelText("[1,2]", "Image")).isEmpty();
        assertThat(EngineAnswer.topLevelText("{\"Image\":7}", "Image")).isEmpty();
    }
}
