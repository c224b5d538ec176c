package io.jenkins.plugins.sbxagent.engine.risk;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlFactory;
import io.jenkins.plugins.sbxagent.engine.change.Change;
import io.jenkins.plugins.sbxagent.engine.change.EntryState;
import io.jenkins.plugins.sbxagent.engine.change.EntryType;
import io.jenkins.plugins.sbxagent.engine.change.FileTree;
import io.jenkins.plugins.sbxagent.engine.text.JsonTrees;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The {@code toml-build} detector: the settings of a TOML manifest that make the build run code, read as the build
 * tool reads them: TOML decoded, so that a quoted or escaped key ({@code "build\u002Dbackend"}), a dotted key
 * ({@code build-system.build-backend = ...}) or an inline table is the same key. Python's build backend (pyproject.toml)
 * and Cargo's build script (Cargo.toml); each one added or changed is a finding.
 */
final class BuildManifests {
    /** Per manifest name, the keys (as paths into the document) whose value is code the build runs. */
    private static final Map<String, List<List<String>>> RUNS_CODE = Map.of(
            "pyproject.toml", List.of(List.of("build-system", "build-backend"), List.of("build-system", "backend-path"),
                    List.of("build-system", "requires")),
            "Cargo.toml", List.of(List.of("package", "build"), List.of("workspace", "package", "build")));
    private static final long LARGEST = 8L * 1024 * 1024;

    private BuildManifests() {
    }

    static void inspect(RiskRule rule, Change change, AnalysisInput input, Consumer<Finding> out) throws IOException {
        List<List<String>> keys = RUNS_CODE.get(Path.of(change.path()).getFileName().toString());
        if (keys == null) {
            return;
        }
        JsonNode before = document(input.before(), change.path(), change.before());
        JsonNode after = document(input.after(), change.path(), change.after());
        for (List<String> key : keys) {
            JsonNode was = at(before, key);
            JsonNode now = at(after, key);
            if (!now.isMissingNode() && !now.equals(was)) {
                out.accept(Detectors.finding(rule, rule.severity(), change.path(), 0, String.join(".", key) + " is "
                        + (was.isMissingNode() ? "set" : "changed") + ": the build runs what it names", String.join(".", key) + " = " + now));
            }
        }
    }

    private static JsonNode at(JsonNode document, List<String> key) {
        JsonNode node = document;
        for (String part : key) {
            node = node.path(part);
        }
        return node;
    }

    /** The manifest as a tree; an empty one when it is missing or is not TOML (the build tool refuses it too). */
    private static JsonNode document(FileTree tree, String path, EntryState state) throws IOException {
        JsonNode empty = com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        if (state == null || state.type() != EntryType.FILE) {
            return empty;
        }
        Optional<Path> host = tree.locate(path);
        if (host.isEmpty() || Files.size(host.get()) > LARGEST) {
            return empty;
        }
        try (InputStream in = Files.newInputStream(host.get(), LinkOption.NOFOLLOW_LINKS)) {
            JsonNode document = JsonTrees.read(new TomlFactory(), in);
            return document == null ? empty : document;
        } catch (JacksonException e) {
            return empty;
        }
    }
}
