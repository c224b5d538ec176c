package io.jenkins.plugins.sbxagent.engine.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Refuses host paths that must never cross into a sandbox: the root, system folders, the Docker
 * socket, home folders and what holds them, credential folders, and a Jenkins home.
 *
 * <p>Paths are judged by their real location (symbolic links resolved), so a link cannot smuggle a
 * refused folder in under another name.
 */
public final class MountGuard {
    /** Folders of the host system; nothing at or below them is a workspace or a file to put. */
    private static final List<Path> SYSTEM = paths("/etc", "/proc", "/sys", "/dev", "/boot", "/run", "/var/run",
            "/var/lib/docker", "/var/lib/containerd", "/usr", "/bin", "/sbin", "/lib", "/lib64", "/var/lib/jenkins/secrets");
    /** Where credentials live inside a home folder. */
    private static final List<String> CREDENTIAL_FOLDERS = List.of(".ssh", ".aws", ".docker", ".kube", ".config/gcloud",
            ".gnupg", ".azure", ".config/gh", ".git-credentials", ".netrc", ".npmrc", ".pypirc", ".m2/settings.xml",
            ".m2/settings-security.xml", ".gradle/gradle.properties", ".config/sbx");

    private final List<Path> homes;
    private final List<Path> jenkinsHomes;

    private MountGuard(List<Path> homes, List<Path> jenkinsHomes) {
        this.homes = List.copyOf(homes);
        this.jenkinsHomes = List.copyOf(jenkinsHomes);
    }

    /** A guard that knows this host's home folders and the Jenkins home named in the environment. */
    public static MountGuard forHost(Map<String, String> environment) {
        List<Path> homes = new ArrayList<>();
        homes.add(Path.of("/root"));
        homes.add(Path.of(System.getProperty("user.home")));
        Optional.ofNullable(environment.get("HOME")).filter(h -> !h.isBlank()).map(Path::of).ifPresent(homes::add);
        try (var entries = Files.list(Path.of("/home"))) {
            entries.forEach(homes::add);
        } catch (IOException e) {
            // no /home on this host: nothing more to guard
        }
        List<Path> jenkins = new ArrayList<>();
        Optional.ofNullable(environment.get("JENKINS_HOME")).filter(h -> !h.isBlank()).map(Path::of).ifPresent(jenkins::add);
        jenkins.add(Path.of("/var/lib/jenkins"));
        return new MountGuard(realAll(homes), realAll(jenkins));
    }

    /**
     * Checks a folder or file that would be visible in the sandbox.
     *
     * @param field the option it came from, named in the error
     * @throws SpecException when it is refused
     */
    public void check(String field, Path path) {
        Path real = real(path);
        if (real.getParent() == null) {
            refuse(field, real, "is the root of the host file system.");
        }
        for (Path system : SYSTEM) {
            if (real.startsWith(system)) {
                refuse(field, real, "lies in the host system folder " + system + ".");
            }
        }
        if (isSocket(real)) {
            refuse(field, real, "is a socket; a Docker or other daemon socket gives the agent control of the host.");
        }
        for (Path home : homes) {
            if (home.startsWith(real)) {
                refuse(field, real, "is the home folder " + home + (home.equals(real) ? "" : " or holds it") + ".");
            }
            for (String credential : CREDENTIAL_FOLDERS) {
                Path secretPlace = home.resolve(credential);
                if (real.startsWith(secretPlace)) {
                    refuse(field, real, "lies in the credential location " + secretPlace + ".");
                }
            }
        }
        for (Path jenkins : jenkinsHomes) {
            if (jenkins.startsWith(real)) {
                refuse(field, real, "is the Jenkins home " + jenkins + (jenkins.equals(real) ? "" : " or holds it") + ".");
            }
            if (real.startsWith(jenkins.resolve("secrets")) || real.startsWith(jenkins.resolve("users"))
                    || real.equals(jenkins.resolve("credentials.xml")) || real.equals(jenkins.resolve("secret.key"))
                    || real.equals(jenkins.resolve("secret.key.not-so-secret")) || real.equals(jenkins.resolve("identity.key.enc"))) {
                refuse(field, real, "holds the Jenkins home's secrets.");
            }
        }
        for (Path candidate = real; candidate != null; candidate = candidate.getParent()) {
            // a Jenkins home not named in the environment is known by its keys, at the path or above it
            if (Files.isRegularFile(candidate.resolve("secrets/master.key")) || Files.isRegularFile(candidate.resolve("secret.key"))) {
                refuse(field, real, "is or lies in what looks like a Jenkins home (" + candidate + " holds secret.key or secrets/master.key).");
            }
        }
    }

    private static void refuse(String field, Path real, String why) {
        throw new SpecException(field, real + " " + why,
                "Never give a sandbox this path: point it at a project folder of its own.");
    }

    private static boolean isSocket(Path path) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return attributes.isOther() && !attributes.isRegularFile() && !attributes.isDirectory();
        } catch (IOException e) {
            return false;
        }
    }

    static Path real(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    private static List<Path> realAll(List<Path> paths) {
        return paths.stream().map(MountGuard::real).distinct().toList();
    }

    private static List<Path> paths(String... names) {
        return java.util.Arrays.stream(names).map(Path::of).toList();
    }
}
