package io.jenkins.plugins.sbxagent.engine.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import java.util.Iterator;
import java.util.Map;

/**
 * Puts parts of an agent's configuration together: objects merge key by key, and a key both parts set to different
 * values is refused, never silently decided, since either the pipeline's choice or sbx-agent's would be lost.
 */
final class JsonMerge {
    private JsonMerge() {
    }

    /**
     * Adds {@code addition} into {@code target}.
     *
     * @param field the option the refusal names
     * @param owner who set the key first, for the refusal, e.g. "sbx-agent (for gemini)"
     */
    static void into(ObjectNode target, JsonNode addition, String field, String owner) {
        merge(target, addition, "", field, owner);
    }

    private static void merge(ObjectNode target, JsonNode addition, String path, String field, String owner) {
        for (Iterator<Map.Entry<String, JsonNode>> it = addition.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = path.isEmpty() ? entry.getKey() : path + "." + entry.getKey();
            JsonNode present = target.get(entry.getKey());
            if (present == null) {
                target.set(entry.getKey(), entry.getValue().deepCopy());
            } else if (present.isObject() && entry.getValue().isObject()) {
                merge((ObjectNode) present, entry.getValue(), key, field, owner);
            } else if (!present.equals(entry.getValue())) {
                // values unquoted: an MCP server's environment may hold what no message should
                throw new SpecException(field, "sets " + key + ", which " + owner + " sets otherwise.", "Leave " + key + " out.");
            }
        }
    }
}
