package io.jenkins.plugins.sbxagent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Jenkins' class filter (JEP-200) deserializes a library's classes, over remoting and from a build's XML,
 * only when they are listed in a {@code META-INF/hudson.remoting.ClassFilter}. The engine lists exactly
 * its serializable classes, all plain values: a new one must be added to the list on purpose.
 */
class SerializableClassesTest {
    @Test
    void shouldListForJenkinsClassFilterExactlyTheEnginesSerializableClasses() throws Exception {
        List<String> listed;
        try (InputStream in = AgentRun.class.getResourceAsStream("/META-INF/hudson.remoting.ClassFilter")) {
            assertThat(in).as("META-INF/hudson.remoting.ClassFilter in the engine's resources").isNotNull();
            listed = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .toList();
        }
        Path classes = Path.of(AgentRun.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> serializable;
        try (Stream<Path> files = Files.walk(classes)) {
            serializable = files.filter(file -> file.toString().endsWith(".class"))
                    .map(file -> classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", ""))
                    .filter(SerializableClassesTest::isPlainSerializable).toList();
        }

        assertThat(listed).containsExactlyInAnyOrderElementsOf(serializable);
    }

    /** Throwables and enums pass the class filter anyway. */
    private static boolean isPlainSerializable(String name) {
        try {
            Class<?> type = Class.forName(name, false, SerializableClassesTest.class.getClassLoader());
            return Serializable.class.isAssignableFrom(type) && !Throwable.class.isAssignableFrom(type) && !Enum.class.isAssignableFrom(type);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(name, e);
        }
    }
}
