package io.jenkins.plugins.sbxagent.engine.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads configuration the pipeline gives as JSON, with errors that name the field and show the shape. */
final class JsonText {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonText() {
    }

    static String read(Path file, String field) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new SpecException(field, file + " cannot be read: " + e.getMessage(), "Name a readable JSON file.");
        }
    }

    /** The text as a JSON object, or an error naming the field. */
    static JsonNode object(String text, String field, String example) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new SpecException(field, "is not JSON: " + e.getOriginalMessage(), example);
        }
        if (node == null || !node.isObject()) {
            throw new SpecException(field, "is not a JSON object.", example);
        }
        return node;
    }
}
