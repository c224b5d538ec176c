package io.jenkins.plugins.sbxagent.engine.stage;

import java.io.IOException;

/** What mounts an overlay for a sandbox: for the docker backend, a volume of the local driver. */
@FunctionalInterface
public interface OverlayVolumes {
    /** Makes a volume that mounts an overlay of {@code lower} (read-only) with writes into {@code upper}; returns its name. */
    String create(String lower, String upper, String work) throws IOException, InterruptedException;
}
