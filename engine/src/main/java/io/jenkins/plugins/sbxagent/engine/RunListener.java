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

    /**
     * A phase of the run begins: preflight, stage, start, agent, collect, diff, risk, publish or cleanup (the audit
     * times each). Told on the run's thread: a listener returns at once.
     */
    default void phase(String name) {
    }

    /**
     * A listener that prints: the output as it comes, each message as a line marked {@code [sbx-agent]}.
     * Each write is flushed, so that a stream that crosses a network (a Jenkins build log on an agent
     * node) holds every line before the run's answer does. The two may be one stream.
     */
    static RunListener printing(java.io.PrintStream output, java.io.PrintStream messages) {
        return new RunListener() {
            @Override
            public void output(byte[] bytes, int offset, int length) {
                synchronized (output) {
                    output.write(bytes, offset, length);
                    output.flush();
                }
            }

            @Override
            public void message(String line) {
                synchronized (messages) {
                    messages.println("[sbx-agent] " + line);
                    messages.flush();
                }
            }
        };
    }

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
