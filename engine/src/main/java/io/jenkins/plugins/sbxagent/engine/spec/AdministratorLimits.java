package io.jenkins.plugins.sbxagent.engine.spec;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What an administrator allows any run on their system to ask for: which images, how wide a
 * network, and caps on the limits. A run that asks for more is refused before it starts, with a
 * message that names the setting that forbids it.
 *
 * @param allowedImages  image globs ({@code *} any characters, e.g. {@code registry.example/agents/*}); empty: any image
 * @param widestNetwork  the widest network a run may ask for
 * @param maxTimeout     the longest timeout
 * @param maxCpus        the most CPUs
 * @param maxMemoryBytes the most memory
 */
public record AdministratorLimits(List<String> allowedImages, NetworkMode widestNetwork, Duration maxTimeout, double maxCpus,
        long maxMemoryBytes) {
    public AdministratorLimits {
        allowedImages = List.copyOf(allowedImages);
    }

    /** No restriction beyond what every run must obey. */
    public static AdministratorLimits none() {
        return new AdministratorLimits(List.of(), NetworkMode.OPEN, Duration.ofDays(1), 256, Long.MAX_VALUE);
    }

    /**
     * Checks a run against these limits.
     *
     * @param where how users reach the settings, named in the message (e.g. "Manage Jenkins » sbx-agent")
     * @throws SpecException naming the run's option and the setting that forbids it
     */
    public void check(RunSpec spec, String where) {
        check(spec.image(), spec.network(), spec.limits(), where);
    }

    /**
     * Checks what a run asks for before a spec exists (a host checks on its controller, before the
     * workspace is reached).
     */
    public void check(String image, NetworkMode network, Limits limits, String where) {
        if (!allowedImages.isEmpty() && allowedImages.stream().noneMatch(glob -> imagePattern(glob).matcher(image).matches())) {
            throw new SpecException("image", "'" + image + "' is not an allowed image.", "The setting 'Allowed images' in " + where
                    + " allows only " + allowedImages + ".");
        }
        if (network.ordinal() > widestNetwork.ordinal()) {
            throw new SpecException("network", "'" + network.id() + "' is wider than allowed.", "The setting 'Widest network' in "
                    + where + " allows at most '" + widestNetwork.id() + "'.");
        }
        if (limits.timeout().compareTo(maxTimeout) > 0) {
            throw new SpecException("timeout", limits.timeout().toMinutes() + " minutes is longer than allowed.",
                    "The setting 'Longest timeout' in " + where + " allows at most " + maxTimeout.toMinutes() + " minutes.");
        }
        if (limits.cpus() > maxCpus) {
            throw new SpecException("cpus", limits.cpus() + " CPUs is more than allowed.", "The setting 'Most CPUs' in " + where
                    + " allows at most " + maxCpus + ".");
        }
        if (limits.memoryBytes() > maxMemoryBytes) {
            throw new SpecException("memory", limits.memoryBytes() + " bytes is more than allowed.", "The setting 'Most memory' in "
                    + where + " allows at most " + maxMemoryBytes + " bytes.");
        }
    }

    private static Pattern imagePattern(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            regex.append(c == '*' ? ".*" : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString());
    }
}
