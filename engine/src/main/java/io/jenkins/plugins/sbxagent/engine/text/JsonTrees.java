package io.jenkins.plugins.sbxagent.engine.text;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A JSON or YAML document read into a {@link JsonNode} tree straight from the streaming parser, as
 * {@code ObjectMapper.readTree} reads it (a key given twice keeps its last value), without an {@code ObjectMapper}:
 * making one costs a cold JVM about 0.1 s of processor, which the command-line tool pays on every run.
 */
public final class JsonTrees {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTrees() {
    }

    /** The document in {@code in}, parsed by {@code factory} (JSON's or YAML's); null when it is empty. */
    public static JsonNode read(JsonFactory factory, InputStream in) throws IOException {
        try (JsonParser parser = factory.createParser(in)) {
            JsonToken first = parser.nextToken();
            return first == null ? null : value(parser, first);
        }
    }

    /**
     * A list of texts as a file gives it: a list, or one text for a list of one. Anything else (a number, a mapping,
     * a list holding one) is refused: read as a list it would be dropped without a word.
     */
    public static List<String> texts(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (node.isTextual()) {
            return List.of(node.asText());
        }
        List<String> texts = new ArrayList<>();
        if (node.isArray()) {
            for (JsonNode item : node) {
                if (!item.isTextual() && !item.isNumber() && !item.isBoolean()) {
                    throw new IllegalArgumentException("holds " + item.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                            + " " + item + " where a text belongs");
                }
                texts.add(item.asText());
            }
            return texts;
        }
        throw new IllegalArgumentException("is " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + node
                + ", not a text or a list of texts");
    }

    /** The value that begins at {@code token}, read from the parser that is at it: one element of a stream at a time. */
    public static JsonNode value(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                for (JsonToken next = parser.nextToken(); next == JsonToken.FIELD_NAME; next = parser.nextToken()) {
                    String name = parser.currentName();
                    object.set(name, value(parser, parser.nextToken()));
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    array.add(value(parser, next));
                }
                return array;
            }
            case VALUE_STRING -> {
                return NODES.textNode(parser.getText());
            }
            case VALUE_NUMBER_INT -> {
                return switch (parser.getNumberType()) {
                    case INT -> NODES.numberNode(parser.getIntValue());
                    case LONG -> NODES.numberNode(parser.getLongValue());
                    default -> NODES.numberNode(parser.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(parser.getDoubleValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return NODES.booleanNode(token == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> throw new JsonParseException(parser, "a value of a kind JSON does not have (" + token + ")");
        }
    }
}
