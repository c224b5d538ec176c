package io.jenkins.plugins.sbxagent.engine.backend.sbx;

import java.nio.file.Path;

/**
 * What a Docker Sandboxes run needs on its node.
 *
 * @param cli   the sbx client
 * @param kvm   the KVM device, {@code /dev/kvm}
 * @param login a Docker account to sign in with when the client is not signed in, or null
 */
public record SbxBackend(SbxCli cli, Path kvm, SbxPreflight.DockerLogin login) {
    public static final Path KVM = Path.of("/dev/kvm");
}
