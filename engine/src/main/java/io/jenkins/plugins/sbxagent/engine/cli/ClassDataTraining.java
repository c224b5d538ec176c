package io.jenkins.plugins.sbxagent.engine.cli;

import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Not a command: the build runs it once with {@code -XX:ArchiveClassesAtExit} to make the command-line
 * tool's class-data-sharing archive ({@code engine/target/sbx-agent.jsa}), which {@code scripts/sbx-agent}
 * hands the JVM when present. It loads every class of the tool's jar, and runs what a run runs without a sandbox
 * (the rules' YAML, the JSON writers, the line diff, the command line's parsing): no process, no file.
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
                // every class of the tool and its libraries (a run's paths differ with its agent and options), but not
                // a multi-release jar's versioned copies nor a module descriptor
                if (name.endsWith(".class") && !name.startsWith("META-INF/") && !name.endsWith("module-info.class")) {
                    loaded += load(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
                }
            }
        }
        WarmUp.exercise();
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        // a run's command line, parsed and made a spec as a run does it; the spec is not run
        new SbxAgentCommand(nowhere, nowhere, Map.of()).execute("--version");
        Arguments arguments = Arguments.parse("sbx-agent run", RunOptions.table(), List.of("--image", "sbx-agent/busybox:1", "--", "true"));
        try {
            new RunCommand(Map.of(), nowhere, nowhere).spec(arguments, null);
        } catch (SpecException e) {
            // where the training runs may not be a workspace a run accepts: what it loaded is loaded
        }
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
