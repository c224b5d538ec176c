package io.jenkins.plugins.sbxagent.engine.spec;

/**
 * A file sbx-agent writes for the run, such as an agent's configuration, made visible read-only at an
 * absolute path in the sandbox outside the workspace. Like a put file it is a deliberate input: the
 * audit records its target, size and SHA-256.
 *
 * @param target  where the sandbox sees it
 * @param content its text (UTF-8)
 */
public record GeneratedFile(String target, String content) {
    @Override
    public String toString() {
        // the content may be long, and is in the audit by hash only
        return "generated:" + target;
    }
}
