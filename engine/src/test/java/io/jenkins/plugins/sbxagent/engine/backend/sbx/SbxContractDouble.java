package io.jenkins.plugins.sbxagent.engine.backend.sbx;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Installs the test double of the sbx CLI ({@code sbx-contract-double}: the documented subset of sbx on the
 * real Docker engine; the real sbx needs KVM and a Docker account) as {@code FOLDER/sbx}. Its state lives
 * in files beside it.
 */
public final class SbxContractDouble {
    private SbxContractDouble() {
    }

    /** A client in a fresh state: not signed in, no network policy. */
    public static Path install(Path folder) throws IOException {
        Path sbx = Files.createDirectories(folder).resolve("sbx");
        try (InputStream in = SbxContractDouble.class.getResourceAsStream("sbx-contract-double")) {
            Files.copy(in, sbx);
        }
        sbx.toFile().setExecutable(true);
        return sbx;
    }

    /** A client ready for runs: signed in, with a network policy set up. */
    public static Path installReady(Path folder) throws IOException {
        Path sbx = install(folder);
        Files.writeString(folder.resolve("signed-in"), "");
        Files.writeString(folder.resolve("policy"), "");
        return sbx;
    }
}
