package io.jenkins.plugins.sbxagent.engine.deliver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pushes a delivered branch. git asks an askpass program of sbx-agent's for the user name and password, which reads them
 * from its own environment; no credential helper of the node's takes part, and the remote must not have the branch yet.
 */
final class BranchPush {
    /** Answers git's two questions from the environment git passes on; the script itself holds no secret. */
    private static final String ASKPASS = """
            #!/bin/sh
            case "$1" in
              [Uu]sername*) printf '%s\\n' "$SBX_AGENT_PUSH_USERNAME" ;;
              *) printf '%s\\n' "$SBX_AGENT_PUSH_PASSWORD" ;;
            esac
            """;

    private BranchPush() {
    }

    static void push(HostRepository repository, PushTarget target, String ref, Path scratch) throws IOException, InterruptedException {
        Map<String, String> variables = new LinkedHashMap<>();
        if (target.password() != null || target.username() != null) {
            Path askpass = scratch.resolve("push-askpass");
            Files.writeString(askpass, ASKPASS, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(askpass, PosixFilePermissions.fromString("r-x------"));
            variables.put("GIT_ASKPASS", askpass.toString());
            variables.put("SBX_AGENT_PUSH_USERNAME", target.username() == null ? "" : target.username());
            variables.put("SBX_AGENT_PUSH_PASSWORD", target.password() == null ? "" : target.password());
        }
        // refs/heads/NAME:refs/heads/NAME without '+': a branch the remote already has is refused, never overwritten
        repository.call(List.of("push", "--porcelain", "--no-verify", target.remote(), ref + ":" + ref), null, variables);
    }
}
