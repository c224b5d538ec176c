package io.jenkins.plugins.sbxagent.model;

import hudson.model.Run;
import jenkins.model.RunAction2;

/** An action of one build, which knows its build once Jenkins attaches it or loads it with the build. */
public abstract class RunBoundAction implements RunAction2 {
    private transient Run<?, ?> run;

    @Override
    public void onAttached(Run<?, ?> r) {
        run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        run = r;
    }

    public Run<?, ?> getRun() {
        return run;
    }

    /** The name of the {@code index}th such action of a build: the first has the plain name. */
    protected static String numbered(String name, String separator, int index) {
        return name + (index > 1 ? separator + index : "");
    }
}
