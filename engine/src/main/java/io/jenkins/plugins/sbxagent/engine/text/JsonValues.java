package io.jenkins.plugins.sbxagent.engine.text;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;

/**
 * Plain values (maps, collections, text, numbers, booleans, enum constants, null) written as JSON, as an
 * {@code ObjectMapper} writes them, without one: making one costs a cold JVM about 0.1 s of processor. Anything else
 * is refused (a {@code Path}, say, which is iterable), so that a new kind of value in an output is noticed rather than
 * written by guesswork.
 */
public final class JsonValues {
    private JsonValues() {
    }

    public static void write(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                json.writeFieldName(String.valueOf(entry.getKey()));
                write(json, entry.getValue());
            }
            json.writeEndObject();
        } else if (value instanceof Collection<?> items) {
            json.writeStartArray();
            for (Object item : items) {
                write(json, item);
            }
            json.writeEndArray();
        } else if (value instanceof CharSequence text) {
            json.writeString(text.toString());
        } else if (value instanceof Boolean flag) {
            json.writeBoolean(flag);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            json.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double number) {
            json.writeNumber(number);
        } else if (value instanceof Float number) {
            json.writeNumber(number);
        } else if (value instanceof java.math.BigDecimal decimal) {
            json.writeNumber(decimal);
        } else if (value instanceof java.math.BigInteger whole) {
            json.writeNumber(whole);
        } else if (value instanceof Enum<?> constant) {
            json.writeString(constant.name());
        } else {
            throw new IllegalArgumentException("not a plain JSON value: " + value.getClass().getName());
        }
    }
}
