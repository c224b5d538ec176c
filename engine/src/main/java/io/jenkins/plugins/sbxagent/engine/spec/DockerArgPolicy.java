package io.jenkins.plugins.sbxagent.engine.spec;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Extra {@code docker create} arguments a run may add. Only a short allow-list passes: anything that
 * weakens the sandbox (privileges, capabilities, host namespaces, devices, mounts, security
 * profiles) is refused with the reason.
 */
public final class DockerArgPolicy {
    private static final Pattern ALLOWED = Pattern.compile(
            "--(runtime|ulimit|shm-size|cpu-shares|cpuset-cpus|memory-reservation|stop-timeout|hostname)=[A-Za-z0-9._:=,/-]+");

    private DockerArgPolicy() {
    }

    /**
     * Checks each argument, which must have the form {@code --flag=value}.
     *
     * @throws SpecException naming the first argument refused and why
     */
    public static List<String> check(List<String> arguments) {
        for (String argument : arguments) {
            String lower = argument.toLowerCase(Locale.ROOT).replace(' ', '=');
            String why = dangerous(lower);
            if (why != null) {
                throw new SpecException("--docker-arg", "'" + argument + "' is refused: " + why,
                        "The sandbox's hardening cannot be switched off from a run.");
            }
            if (!ALLOWED.matcher(argument).matches()) {
                throw new SpecException("--docker-arg", "'" + argument + "' is not on the allow-list.",
                        "Allowed, as --flag=value: --runtime, --ulimit, --shm-size, --cpu-shares, --cpuset-cpus, "
                                + "--memory-reservation, --stop-timeout, --hostname.");
            }
        }
        return List.copyOf(arguments);
    }

    private static String dangerous(String argument) {
        if (argument.startsWith("--privileged")) {
            return "privileged mode gives the sandbox every capability and every host device.";
        }
        if (argument.matches("--(network|net)=host.*")) {
            return "the host network lets the sandbox reach every service on the host.";
        }
        if (argument.matches("--(pid|ipc|uts|userns|cgroupns)=host.*")) {
            return "sharing a host namespace lets the sandbox see or signal host processes.";
        }
        if (argument.startsWith("--cap-add")) {
            return "capabilities are dropped, all of them, on purpose.";
        }
        if (argument.startsWith("--device") || argument.startsWith("--gpus")) {
            return "host devices do not cross into the sandbox.";
        }
        if (argument.startsWith("-v") || argument.startsWith("--volume") || argument.startsWith("--mount")
                || argument.startsWith("--volumes-from") || argument.startsWith("--tmpfs")) {
            return "mounts are made by sbx-agent only (the workspace and put files).";
        }
        if (argument.startsWith("--security-opt")) {
            return "seccomp and AppArmor keep Docker's default profiles, and no-new-privileges stays on.";
        }
        if (argument.startsWith("--user") || argument.startsWith("-u") || argument.startsWith("--group-add")) {
            return "use the run's user option; the sandbox never runs as root.";
        }
        if (argument.startsWith("--env") || argument.startsWith("-e") || argument.startsWith("--label")) {
            return "environment and labels are set by sbx-agent only.";
        }
        return null;
    }
}
