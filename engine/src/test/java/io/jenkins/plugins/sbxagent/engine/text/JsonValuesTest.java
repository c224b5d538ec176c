package io.jenkins.plugins.sbxagent.engine.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Plain values come out byte for byte as an indenting ObjectMapper writes them. */
class JsonValuesTest {
    private static String written(Object value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            json.useDefaultPrettyPrinter();
            JsonValues.write(json, value);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldWriteWhatAnObjectMapperWrites() throws IOException {
        Map<String, Object> audit = new LinkedHashMap<>();
        audit.put("schemaVersion", 1);
        audit.put("text", "quote \" backslash \\ newline \n é 🙂 \u0001");
        audit.put("long", 12_345_678_901L);
        audit.put("double", 0.1);
        audit.put("float", 0.1f);
        audit.put("big", new BigDecimal("1.50"));
        audit.put("huge", new BigInteger("123456789012345678901234567890"));
        audit.put("flag", false);
        audit.put("nothing", null);
        audit.put("unit", ChronoUnit.SECONDS);
        audit.put("set", new LinkedHashSet<>(List.of("b", "a")));
        audit.put("list", new ArrayList<>(Arrays.asList(1, null, List.of(), Map.of())));
        audit.put("nested", Map.of("limits", Map.of("pids", 1024)));
        audit.put("empty", Map.of());

        // as bytes, as the outputs are written (text outside the Basic Multilingual Plane is escaped then)
        assertThat(written(audit)).isEqualTo(new String(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(audit),
                StandardCharsets.UTF_8));
    }

    @Test
    void shouldRefuseAValueThatIsNotPlain() {
        assertThatThrownBy(() -> written(Map.of("path", Path.of("/tmp"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a plain JSON value: ");
    }
}
