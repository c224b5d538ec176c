package io.jenkins.plugins.sbxagent.engine.backend.docker;

/**
 * One mount of the sandbox, written as a {@code --mount} value.
 *
 * @param volume   whether {@code source} names a Docker volume (else a host path)
 * @param source   the volume name or host path; null for an overlay the container's own volume mounts
 * @param target   where the sandbox sees it
 * @param readOnly whether the sandbox may only read it
 * @param overlay  for an overlay, its mount options; else null
 */
public record Mount(boolean volume, String source, String target, boolean readOnly, String overlay) {
    public static Mount volume(String name, String target) {
        return new Mount(true, name, target, false, null);
    }

    public static Mount bind(String hostPath, String target, boolean readOnly) {
        return new Mount(false, hostPath, target, readOnly, null);
    }

    /**
     * An overlay mounted by the container's own anonymous volume of the local driver: created with the container and
     * removed with it ({@code rm --volumes}), so no docker call of its own on either side of the run.
     */
    public static Mount overlay(String options, String target) {
        return new Mount(true, null, target, false, options);
    }

    /** The {@code --mount} value; fields with a comma or quote are quoted as the client's CSV parser expects. */
    public String argument() {
        StringBuilder value = new StringBuilder();
        value.append(field("type=" + (volume ? "volume" : "bind"))).append(',');
        if (source != null) {
            value.append(field("source=" + source)).append(',');
        }
        value.append(field("target=" + target));
        if (readOnly) {
            value.append(",readonly");
        }
        if (volume) {
            // the image's own /workspace content must not be copied into the workspace
            value.append(",volume-nocopy");
        } else {
            value.append(",bind-propagation=rprivate");
        }
        if (overlay != null) {
            value.append(",volume-driver=local,volume-opt=type=overlay,volume-opt=device=overlay,").append(field("volume-opt=o=" + overlay));
        }
        return value.toString();
    }

    private static String field(String text) {
        boolean quote = text.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r');
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }
}
