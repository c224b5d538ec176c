package io.jenkins.plugins.sbxagent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The engine jar as the Jenkins plugin bundles it. Jenkins' class filter (JEP-200) deserializes a
 * library's classes, over remoting and from a build's XML, only when the jar declares itself safe; the
 * engine does, so every serializable class in it must be a plain value, listed here on purpose.
 */
class EngineJarITest {
    /** Plain values that cross between a Jenkins controller and its nodes or are kept in a build's record. */
    private static final List<String> SERIALIZABLE = List.of(
            "io.jenkins.plugins.sbxagent.engine.gate.Policy",
            "io.jenkins.plugins.sbxagent.engine.spec.Limits",
            "io.jenkins.plugins.sbxagent.engine.request.AgentInputs",
            "io.jenkins.plugins.sbxagent.engine.request.CheckedRun",
            "io.jenkins.plugins.sbxagent.engine.request.PolicyFields",
            "io.jenkins.plugins.sbxagent.engine.request.ReviewRequest",
            "io.jenkins.plugins.sbxagent.engine.request.RunReport",
            "io.jenkins.plugins.sbxagent.engine.request.RunReport$FindingLine",
            "io.jenkins.plugins.sbxagent.engine.request.RunSecrets",
            "io.jenkins.plugins.sbxagent.engine.request.RunSecrets$DockerLogin",
            "io.jenkins.plugins.sbxagent.engine.request.RunSecrets$SecretFile");

    @Test
    void shouldDeclareItselfSafeForJenkinsClassFilterAndHoldOnlyPlainSerializableValues() throws Exception {
        Path jar = Path.of(System.getProperty("sbx.engine.jar", "target/sbx-agent-engine.jar"));
        assertThat(jar).as("the engine jar, built in the package phase").isRegularFile();

        List<String> serializable = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            assertThat(file.getManifest().getMainAttributes().getValue("Jenkins-ClassFilter-Whitelisted")).isEqualTo("true");
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (name.endsWith(".class") && !name.endsWith("module-info.class")) {
                    Class<?> type = Class.forName(name.substring(0, name.length() - ".class".length()).replace('/', '.'), false,
                            getClass().getClassLoader());
                    // throwables and enums pass the filter anyway
                    if (Serializable.class.isAssignableFrom(type) && !Throwable.class.isAssignableFrom(type) && !type.isEnum()
                            && !Enum.class.isAssignableFrom(type)) {
                        serializable.add(type.getName());
                    }
                }
            }
        }

        assertThat(serializable).containsExactlyInAnyOrderElementsOf(SERIALIZABLE);
        assertThat(Files.size(jar)).isPositive();
    }
}
