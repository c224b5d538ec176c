package io.jenkins.plugins.sbxagent.engine.audit;

import java.util.LinkedHashMap;
import java.util.Map;

/** Measures the phases of a run, in the order they ran. */
public final class PhaseClock {
    private final Map<String, Long> millis = new LinkedHashMap<>();
    private String current;
    private long started;

    /** Ends the phase that runs, if any, and starts {@code phase}. */
    public synchronized void start(String phase) {
        stop();
        current = phase;
        started = System.nanoTime();
    }

    /** Ends the phase that runs. */
    public synchronized void stop() {
        if (current != null) {
            millis.merge(current, (System.nanoTime() - started) / 1_000_000, Long::sum);
            current = null;
        }
    }

    /** Milliseconds per phase. */
    public synchronized Map<String, Long> millis() {
        return new LinkedHashMap<>(millis);
    }
}
