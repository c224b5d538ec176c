package io.jenkins.plugins.sbxagent.engine.risk;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import io.jenkins.plugins.sbxagent.engine.change.Change;
import io.jenkins.plugins.sbxagent.engine.change.EntryState;
import io.jenkins.plugins.sbxagent.engine.change.EntryType;
import io.jenkins.plugins.sbxagent.engine.change.FileTree;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The {@code manifest-scripts} detector: the scripts a package manager runs by itself (npm's install and publish
 * lifecycle, Composer's install and update events), read from the manifest as the package manager reads it: JSON
 * decoded, so that {@code "post\u0069nstall"} is {@code postinstall}, and every {@code scripts} object counted, since a
 * parser keeps the last of two. Each such script the change adds or changes is one finding at its line.
 */
final class ManifestScripts {
    /** Per manifest name, the script names its package manager runs without being asked. */
    private static final Map<String, Set<String>> AUTOMATIC = Map.of(
            "package.json", Set.of("preinstall", "install", "postinstall", "prepublish", "preprepare", "prepare", "postprepare",
                    "prepublishOnly", "prepack", "postpack", "publish", "postpublish", "preuninstall", "uninstall", "postuninstall",
                    "preversion", "version", "postversion", "predependencies", "dependencies", "postdependencies"),
            "composer.json", Set.of("pre-install-cmd", "post-install-cmd", "pre-update-cmd", "post-update-cmd", "pre-autoload-dump",
                    "post-autoload-dump", "post-root-package-install", "post-create-project-cmd", "pre-package-install",
                    "post-package-install", "pre-package-update", "post-package-update", "pre-package-uninstall", "post-package-uninstall",
                    "pre-archive-cmd", "post-archive-cmd", "pre-status-cmd", "post-status-cmd"));
    private static final JsonFactory JSON = new JsonFactory();
    /** Manifests are small; past this the manifest is not read (the large-file rules see it). */
    private static final long LARGEST = 8L * 1024 * 1024;

    /** One script as the manifest sets it. */
    private record Script(String name, String value, int line) {
    }

    private ManifestScripts() {
    }

    static void inspect(RiskRule rule, Change change, AnalysisInput input, Evidence evidence, Consumer<Finding> out) throws IOException {
        String name = Path.of(change.path()).getFileName().toString();
        Set<String> automatic = AUTOMATIC.get(name);
        if (automatic == null) {
            return;
        }
        Set<String> had = new HashSet<>();
        for (Script script : scripts(input.before(), change.path(), change.before())) {
            had.add(script.name() + "\u0000" + script.value());
        }
        for (Script script : scripts(input.after(), change.path(), change.after())) {
            if (automatic.contains(script.name()) && !had.contains(script.name() + "\u0000" + script.value())) {
                out.accept(new Finding(rule.id(), rule.severity(), change.path(), script.line(), "the " + script.name()
                        + " script runs by itself when the package is installed or published", evidence.of(script.name() + ": " + script.value())));
            }
        }
    }

    /** Every entry of every top-level {@code scripts} object, names decoded; nothing for a manifest that is not JSON. */
    private static List<Script> scripts(FileTree tree, String path, EntryState state) throws IOException {
        List<Script> scripts = new ArrayList<>();
        if (state == null || state.type() != EntryType.FILE) {
            return scripts;
        }
        Optional<Path> host = tree.locate(path);
        if (host.isEmpty() || Files.size(host.get()) > LARGEST) {
            return scripts;
        }
        try (InputStream in = Files.newInputStream(host.get(), LinkOption.NOFOLLOW_LINKS); JsonParser json = JSON.createParser(in)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                return scripts;
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                if (field.equals("scripts") && value == JsonToken.START_OBJECT) {
                    while (json.nextToken() == JsonToken.FIELD_NAME) {
                        String name = json.currentName();
                        int line = json.currentTokenLocation().getLineNr();
                        JsonToken script = json.nextToken();
                        // Composer also takes a list of commands
                        String text = script == JsonToken.VALUE_STRING ? json.getText() : tree(json, script);
                        scripts.add(new Script(name, text, line));
                    }
                } else {
                    json.skipChildren();
                }
            }
        } catch (StreamReadException e) {
            // not JSON: the package manager refuses it too, and runs nothing from it
        }
        return scripts;
    }

    /** A value that is not text, as one line of its JSON tokens (for comparing before and after). */
    private static String tree(JsonParser json, JsonToken first) throws IOException {
        StringBuilder text = new StringBuilder(String.valueOf(json.getText()));
        if (first == JsonToken.START_ARRAY || first == JsonToken.START_OBJECT) {
            int depth = 1;
            while (depth > 0) {
                JsonToken token = json.nextToken();
                if (token == null) {
                    break;
                }
                depth += token.isStructStart() ? 1 : token.isStructEnd() ? -1 : 0;
                text.append(' ').append(json.getText());
            }
        }
        return text.toString();
    }
}
