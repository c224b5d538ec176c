package io.jenkins.plugins.sbxagent.engine.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jenkins.plugins.sbxagent.engine.risk.RuleBook;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The tree read from the streaming parser is the tree an ObjectMapper reads. */
class JsonTreesTest {
    private static InputStream text(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadTheShippedRulesAsAnObjectMapperDoes() throws IOException {
        byte[] rules;
        try (InputStream in = RuleBook.class.getResourceAsStream("risk-rules.yaml")) {
            rules = in.readAllBytes();
        }

        assertThat(JsonTrees.read(new YAMLFactory(), new ByteArrayInputStream(rules)))
                .isEqualTo(new ObjectMapper(new YAMLFactory()).readTree(rules));
    }

    @Test
    void shouldReadEveryKindOfValueAsAnObjectMapperDoes() throws IOException {
        String json = "{\"text\":\"é\\u0000\",\"int\":7,\"long\":12345678901,\"big\":123456789012345678901234567890,\"float\":1.25,"
                + "\"true\":true,\"false\":false,\"null\":null,\"list\":[1,[2,{}],[]],\"same\":1,\"same\":2}";
        String yaml = "text: plain\nquoted: '7'\nint: 7\nfloat: 1.5\nflag: true\nnothing: ~\nlist:\n  - a\n  - {b: [1, 2]}\n";

        assertThat(JsonTrees.read(new JsonFactory(), text(json))).isEqualTo(new ObjectMapper().readTree(json));
        assertThat(JsonTrees.read(new YAMLFactory(), text(yaml))).isEqualTo(new ObjectMapper(new YAMLFactory()).readTree(yaml));
        assertThat(JsonTrees.read(new JsonFactory(), text("{\"same\":1,\"same\":2}")).get("same").asInt()).isEqualTo(2);
    }

    @Test
    void shouldAnswerNullForAnEmptyDocumentAndRefuseABrokenOne() throws IOException {
        assertThat(JsonTrees.read(new YAMLFactory(), text(""))).isNull();
        assertThatThrownBy(() -> JsonTrees.read(new JsonFactory(), text("{\"a\": [1, 2}"))).isInstanceOf(JsonParseException.class);
    }
}
