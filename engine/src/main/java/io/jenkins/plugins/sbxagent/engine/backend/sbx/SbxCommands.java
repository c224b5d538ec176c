package io.jenkins.plugins.sbxagent.engine.backend.sbx;

import io.jenkins.plugins.sbxagent.engine.agent.AgentKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every {@code sbx} command line the engine runs, as argument vectors: never a shell string, never a
 * secret (tokens and keys go to standard input, variables to a file). Flags as documented for sbx
 * 0.42 and later (docs.docker.com/reference/cli/sbx); each builder has a golden test.
 *
 * @param executable the {@code sbx} client
 */
public record SbxCommands(String executable) {
    /** The sandbox agent sbx prepares for each agent kind; a plain command gets the bare shell sandbox. */
    public static String sandboxAgent(AgentKind kind) {
        return switch (kind) {
            case CLAUDE -> "claude";
            case CODEX -> "codex";
            case GEMINI -> "gemini";
            case OPENCODE -> "opencode";
            case COMMAND -> "shell";
        };
    }

    public List<String> version() {
        return List.of(executable, "version");
    }

    /** Signs in with a Docker token read from standard input. */
    public List<String> login(String user) {
        return List.of(executable, "login", "--username", user, "--password-stdin");
    }

    /** The sandboxes, as JSON: how preflight checks the daemon and the sign-in, and how gc finds leftovers. */
    public List<String> list() {
        return List.of(executable, "ls", "--json");
    }

    /** The network rules, as JSON: how preflight checks that a policy was initialised. */
    public List<String> policies() {
        return List.of(executable, "policy", "ls", "--json");
    }

    /**
     * Creates the sandbox without attaching to it. In clone mode the workspace is mounted read-only and the
     * agent works on a clone inside the VM, whose commits come back as a git remote; otherwise it is mounted
     * read-write.
     */
    public List<String> create(String name, AgentKind kind, Path workspace, boolean clone, String template, double cpus, long memoryBytes) {
        List<String> argv = new ArrayList<>(List.of(executable, "create", "--name", name, "--quiet"));
        if (clone) {
            argv.add("--clone");
        }
        if (template != null) {
            argv.addAll(List.of("--template", template));
        }
        if (cpus > 0) {
            argv.addAll(List.of("--cpus", cpus == Math.rint(cpus) ? Long.toString((long) cpus) : String.format(Locale.ROOT, "%.2f", cpus)));
        }
        if (memoryBytes > 0) {
            // sbx takes whole mebibytes at least
            argv.addAll(List.of("--memory", Math.max(1, memoryBytes >> 20) + "m"));
        }
        argv.add(sandboxAgent(kind));
        argv.add(workspace.toString());
        return List.copyOf(argv);
    }

    /** Lets this sandbox reach HOST or HOST:PORT; every other destination stays under the deny-all default. */
    public List<String> allow(String name, String hostAndPort) {
        return List.of(executable, "policy", "allow", "network", "--sandbox", name, hostAndPort);
    }

    /** Denies this sandbox every destination, including those an agent kit allows by itself (a deny beats an allow). */
    public List<String> denyAll(String name) {
        return List.of(executable, "policy", "deny", "network", "--sandbox", name, "**");
    }

    /** Stores a service credential for this sandbox only, read from standard input: the proxy injects it, the VM never holds it. */
    public List<String> secret(String service, String name) {
        return List.of(executable, "secret", "set", service, "--sandbox", name, "--force");
    }

    /**
     * Runs the command in the sandbox, in the workspace.
     *
     * @param envFile plain variables and secrets no proxy can inject, in a file only this user reads; null for none
     */
    public List<String> exec(String name, Path envFile, String workdir, List<String> command) {
        List<String> argv = new ArrayList<>(List.of(executable, "exec"));
        if (envFile != null) {
            argv.addAll(List.of("--env-file", envFile.toString()));
        }
        if (workdir != null) {
            argv.addAll(List.of("--workdir", workdir));
        }
        argv.add(name);
        argv.addAll(command);
        return List.copyOf(argv);
    }

    /**
     * Copies a host file into the sandbox: how put files and generated configuration cross in, since a VM takes
     * no bind mounts. The target must be absolute, and its folder must exist in the sandbox.
     */
    public List<String> copyIn(String name, Path source, String target) {
        return List.of(executable, "cp", source.toString(), name + ":" + target);
    }

    /** Runs a command in the sandbox as root: for what sbx-agent itself sets up there, never for the agent. */
    public List<String> execAsRoot(String name, List<String> command) {
        List<String> argv = new ArrayList<>(List.of(executable, "exec", "--user", "root", name));
        argv.addAll(command);
        return List.copyOf(argv);
    }

    /** Removes a service credential from this sandbox's proxy. */
    public List<String> secretRemove(String service, String name) {
        return List.of(executable, "secret", "rm", service, "--sandbox", name, "--force");
    }

    /** Removes the sandbox, its VM and its state, without a prompt. */
    public List<String> remove(String name) {
        return List.of(executable, "rm", "--force", name);
    }
}
