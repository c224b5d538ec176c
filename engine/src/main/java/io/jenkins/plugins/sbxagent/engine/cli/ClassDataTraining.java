package io.jenkins.plugins.sbxagent.engine.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Not a command: the build runs it once with {@code -XX:ArchiveClassesAtExit} to make the command-line
 * tool's class-data-sharing archive ({@code engine/target/sbx-agent.jsa}), which {@code scripts/sbx-agent}
 * hands the JVM when present. It loads what a run loads (every engine class, the rules' YAML, the JSON
 * writers, the command line's parsing) and runs nothing: no process, no file but a temporary one.
 */
public final class ClassDataTraining {
    private ClassDataTraining() {
    }

    public static void main(String[] args) throws IOException, URISyntaxException {
        Path jar = Path.of(ClassDataTraining.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        int loaded = 0;
        try (JarFile file = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (name.startsWith("io/jenkins/plugins/sbxagent/") && name.endsWith(".class")) {
                    loaded += load(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
                }
            }
        }
        WarmUp.writers();
        SbxAgentCommand.commandLine().parseArgs("run", "--image", "sbx-agent/busybox:1", "--", "true");
        if (loaded == 0) {
            throw new IllegalStateException("no engine class found in " + jar + ": run it from the tool's jar");
        }
    }

    private static int load(String name) {
        try {
            Class.forName(name, false, ClassDataTraining.class.getClassLoader());
            return 1;
        } catch (ClassNotFoundException | LinkageError e) {
            return 0;
        }
    }
}
