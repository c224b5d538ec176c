package io.jenkins.plugins.sbxagent.engine.spec;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Where the agent runs (docs/backends.md). */
public enum Backend {
    /** A hardened container on the node's Docker engine. */
    DOCKER,
    /** A Docker Sandboxes microVM, driven through the sbx CLI. */
    DOCKER_SBX;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Backend parse(String field, String value) {
        for (Backend backend : values()) {
            if (backend.id().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return backend;
            }
        }
        List<String> ids = Arrays.stream(values()).map(Backend::id).toList();
        throw new SpecException(field, "'" + value + "' is not one of " + ids + ".", "Choose one of " + ids + ".");
    }
}
