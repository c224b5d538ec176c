package io.jenkins.plugins.sbxagent.engine;

/**
 * Where a run reports while it goes: the agent's output (already masked) and the engine's own
 * messages. The engine never prints; its host decides where these go.
 */
public interface RunListener {
    /** A chunk of the agent's output, secrets masked. */
    void output(byte[] bytes, int offset, int length);

    /** A line from the engine about what it does. */
    void message(String line);

    /** A listener that drops everything. */
    RunListener SILENT = new RunListener() {
        @Override
        public void output(byte[] bytes, int offset, int length) {
        }

        @Override
        public void message(String line) {
        }
    };
}
