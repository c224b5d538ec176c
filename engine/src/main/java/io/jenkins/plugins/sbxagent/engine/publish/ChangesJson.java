package io.jenkins.plugins.sbxagent.engine.publish;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.jenkins.plugins.sbxagent.engine.change.Change;
import io.jenkins.plugins.sbxagent.engine.change.EntryState;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Set;

/**
 * Writes {@code changes.json}: schema version, the staging used, and one object per changed entry, with whether git
 * ignores it (then {@code git status} and {@code git diff} do not show it).
 */
public final class ChangesJson {
    public static final int SCHEMA_VERSION = 1;

    private ChangesJson() {
    }

    public static void write(OutputStream out, String staging, List<Change> changes, Set<String> ignoredByGit) throws IOException {
        try (JsonGenerator json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeNumberField("schemaVersion", SCHEMA_VERSION);
            json.writeStringField("staging", staging);
            // folders are listed but not counted: the same count as the risk summary's and the gate's
            json.writeNumberField("count", Change.count(changes));
            json.writeNumberField("listed", changes.size());
            json.writeArrayFieldStart("changes");
            for (Change change : changes) {
                json.writeStartObject();
                json.writeStringField("path", change.path());
                json.writeStringField("kind", change.kind().id());
                json.writeStringField("type", change.type().id());
                json.writeBooleanField("binary", change.binary());
                json.writeBooleanField("gitInternal", change.isGitInternal());
                json.writeBooleanField("ignored", ignoredByGit.contains(change.path()));
                side(json, "before", change.before());
                side(json, "after", change.after());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
    }

    private static void side(JsonGenerator json, String name, EntryState state) throws IOException {
        if (state == null) {
            json.writeNullField(name);
            return;
        }
        json.writeObjectFieldStart(name);
        json.writeStringField("type", state.type().id());
        json.writeStringField("mode", String.format("%04o", state.mode()));
        if (state.type() == io.jenkins.plugins.sbxagent.engine.change.EntryType.FILE) {
            json.writeNumberField("size", state.size());
            if (state.sha256() != null) {
                json.writeStringField("sha256", state.sha256());
            } else {
                json.writeNullField("sha256");
            }
        }
        if (state.linkTarget() != null) {
            json.writeStringField("linkTarget", state.linkTarget());
        }
        json.writeEndObject();
    }
}
