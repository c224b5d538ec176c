package io.jenkins.plugins.sbxagent.engine.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Measures the phases of a run, in the order they ran, and tells each one as it begins. */
public final class PhaseClock {
    private final Map<String, Long> millis = new LinkedHashMap<>();
    private final Consumer<String> begun;
    private String current;
    private long started;

    public PhaseClock() {
        this(phase -> { });
    }

    /** @param begun told the name of each phase as it begins, on the run's thread */
    public PhaseClock(Consumer<String> begun) {
        this.begun = begun;
    }

    /** Ends the phase that runs, if any, and starts {@code phase}. */
    public void start(String phase) {
        synchronized (this) {
            stop();
            current = phase;
            started = System.nanoTime();
        }
        begun.accept(phase);
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
