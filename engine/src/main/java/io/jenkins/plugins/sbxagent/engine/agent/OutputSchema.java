package io.jenkins.plugins.sbxagent.engine.agent;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import io.jenkins.plugins.sbxagent.engine.text.JsonTrees;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON Schema an agent's final answer must meet ({@code --output-schema}): Codex takes it as its own option, the
 * other agents are told it in their instructions, and the engine checks the answer against it either way (JSON Schema
 * 2020-12 unless the schema names its own dialect).
 */
public final class OutputSchema {
    private static final JsonFactory JSON = new JsonFactory();
    private static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";

    private final String json;
    private final Schema schema;

    private OutputSchema(String json, Schema schema) {
        this.json = json;
        this.schema = schema;
    }

    /**
     * An answer checked against the schema.
     *
     * @param value    the answer as JSON, or null when it is not JSON
     * @param problems why it does not meet the schema; empty when it does
     */
    public record Answer(JsonNode value, List<String> problems) {
        public Answer {
            problems = List.copyOf(problems);
        }

        public boolean valid() {
            return problems.isEmpty();
        }
    }

    /**
     * Reads a schema.
     *
     * @throws SpecException naming {@code field}, for text that is no JSON object or no schema
     */
    public static OutputSchema parse(String text, String field) {
        JsonNode tree;
        try {
            tree = text == null ? null : JsonTrees.read(JSON, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            tree = null;
        }
        if (tree == null || !tree.isObject()) {
            throw new SpecException(field, "is not a JSON Schema: a schema is a JSON object.",
                    "Write e.g. {\"type\": \"object\", \"required\": [\"summary\"], \"properties\": {\"summary\": {\"type\": \"string\"}}}.");
        }
        try {
            SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
            if (!tree.has("$schema")) {
                // checked against the 2020-12 meta-schema, which the validator carries: a broken schema is refused now, not after the run
                List<Error> errors = registry.getSchema(SchemaLocation.of(META_SCHEMA)).validate(tree);
                if (!errors.isEmpty()) {
                    throw new SpecException(field, "is not a JSON Schema: " + errors.get(0), "Check it against JSON Schema 2020-12.");
                }
            }
            Schema schema = registry.getSchema(tree);
            // compiled now, not on the first answer: a reference that leads nowhere is refused before the run
            schema.initializeValidators();
            return new OutputSchema(tree.toString(), schema);
        } catch (SchemaException | IllegalArgumentException e) {
            throw new SpecException(field, "is not a JSON Schema: " + e.getMessage(), "Check it against JSON Schema 2020-12.");
        }
    }

    /** Reads a schema file. */
    public static OutputSchema read(Path file) {
        try {
            return parse(Files.readString(file), "--output-schema");
        } catch (IOException e) {
            throw new SpecException("--output-schema", file + " cannot be read: " + e.getMessage(), "Name a readable JSON file.");
        }
    }

    /** The schema as compact JSON. */
    public String json() {
        return json;
    }

    /** What an agent that takes no schema of its own is told, after its instructions. */
    public String instructions() {
        return "When you are done, give your final answer as one JSON document, and nothing else (no prose, no code fence),"
                + " that meets this JSON Schema:\n" + json;
    }

    /** Checks an agent's final answer: JSON (in a code fence or not) that meets the schema. */
    public Answer check(String finalMessage) {
        String text = unfenced(finalMessage == null ? "" : finalMessage.strip());
        if (text.isEmpty()) {
            return new Answer(null, List.of("the agent gave no final answer"));
        }
        JsonNode value;
        try (var parser = JSON.createParser(text)) {
            value = JsonTrees.value(parser, parser.nextToken());
            if (parser.nextToken() != null) {
                // one document and nothing else: text after it is no part of a JSON answer
                value = null;
            }
        } catch (IOException | NullPointerException e) {
            value = null;
        }
        if (value == null) {
            return new Answer(null, List.of("the final answer is not JSON"));
        }
        List<String> problems = new ArrayList<>();
        for (Error error : schema.validate(value)) {
            problems.add(error.toString());
        }
        return new Answer(value, problems);
    }

    /** The text inside a Markdown code fence, where an agent put its answer in one. */
    private static String unfenced(String text) {
        if (!text.startsWith("```") || !text.endsWith("```") || text.length() < 6) {
            return text;
        }
        int firstLine = text.indexOf('\n');
        return firstLine < 0 ? "" : text.substring(firstLine + 1, text.length() - 3).strip();
    }

    @Override
    public String toString() {
        return "OutputSchema" + json;
    }
}
