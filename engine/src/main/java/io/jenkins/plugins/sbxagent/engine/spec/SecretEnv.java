package io.jenkins.plugins.sbxagent.engine.spec;

import java.util.Objects;

/**
 * A secret passed into the sandbox as an environment variable. Its value never appears in
 * {@link #toString()}, an argument vector, a log or an artifact: only its name does.
 *
 * @param name  the variable name inside the sandbox
 * @param value the secret value
 */
public record SecretEnv(String name, String value) {
    public SecretEnv {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return "SecretEnv[" + name + "=****]";
    }
}
