package io.jenkins.plugins.sbxagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.cloudbees.hudson.plugins.folder.Folder;
import com.cloudbees.hudson.plugins.folder.properties.FolderCredentialsProvider;
import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.Util;
import hudson.model.Descriptor;
import hudson.model.Run;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.slaves.DumbSlave;
import hudson.slaves.RetentionStrategy;
import io.jenkins.plugins.sbxagent.engine.backend.SandboxLabels;
import io.jenkins.plugins.sbxagent.engine.backend.docker.DockerCli;
import io.jenkins.plugins.sbxagent.engine.process.CommandResult;
import io.jenkins.plugins.sbxagent.engine.process.ProcessCommandRunner;
import io.jenkins.plugins.sbxagent.model.SbxAgentAction;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import jenkins.util.VirtualFile;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * What the JenkinsRule tests share: the Docker engine they need, an agent whose workspaces the
 * engine accepts, the Pipelines of {@code test-pipelines/}, credentials, and reading what a run
 * archived or left on the engine.
 */
public final class SbxAgentTestSupport {
    /** Built offline by scripts/docker/build-images.sh: busybox-static, users root and agent (1000). */
    public static final String IMAGE = "sbx-agent/busybox:1";
    /** The label of the agent with the Docker engine, as the Pipelines ask for it. */
    public static final String LABEL = "docker";
    /** The outputs every run archives, at least. */
    public static final List<String> OUTPUTS = List.of("diff.patch", "agent.log", "risk-summary.md", "audit.json", "review.html");

    private SbxAgentTestSupport() {
    }

    /**
     * Fails (never skips) when no Docker engine answers or the test image is missing: these tests run
     * real sandboxes, and a green run without them would prove nothing.
     */
    public static void requireDockerAndImage() {
        DockerCli docker = docker();
        try {
            docker.serverVersion();
        } catch (Exception e) {
            fail("These tests run real sandboxes and need a Docker engine, but `docker version` does not answer (" + e.getMessage()
                    + "). Start one with scripts/docker/start-engine.sh, or run the tests on an agent with Docker"
                    + " (ci.jenkins.io: useContainerAgent: false).", e);
        }
        try {
            if (docker.imageId(IMAGE).isEmpty()) {
                fail("The test image " + IMAGE + " is missing from the Docker engine. Build it with scripts/docker/build-images.sh"
                        + " (it needs no registry).");
            }
        } catch (IOException e) {
            fail("Cannot ask the Docker engine for the image " + IMAGE + ": " + e.getMessage()
                    + ". Build it with scripts/docker/build-images.sh.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("Interrupted while looking for the image " + IMAGE, e);
        }
    }

    /**
     * An agent labelled {@code docker}, on this machine, whose workspaces lie outside JENKINS_HOME.
     * {@code r.createSlave(name, labels, env)} puts an agent's root under
     * {@code JENKINS_HOME/agent-work-dirs/}, and the engine refuses any workspace in what looks like
     * a Jenkins home (a folder holding secret.key or secrets/master.key, at the path or above it).
     */
    public static DumbSlave createDockerAgent(JenkinsRule r) throws Exception {
        Path root = Files.createTempDirectory("sbx-agent-it-").toRealPath();
        // best effort: the agent may still hold files while Jenkins shuts down after the test
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Util.deleteRecursive(root.toFile());
            } catch (IOException e) {
                // left in the temporary folder
            }
        }));
        Path home = r.jenkins.getRootDir().toPath().toRealPath();
        assertThat(root.startsWith(home)).as("the agent root %s must lie outside JENKINS_HOME %s", root, home).isFalse();
        assertThat(home.startsWith(root)).as("the agent root %s must not hold JENKINS_HOME %s", root, home).isFalse();
        DumbSlave agent = new DumbSlave("docker-agent", root.toString(), r.createComputerLauncher(null));
        agent.setLabelString(LABEL);
        agent.setRetentionStrategy(RetentionStrategy.NOOP);
        r.jenkins.addNode(agent);
        r.waitOnline(agent);
        return agent;
    }

    /** A Pipeline of {@code test-pipelines/}; the tests run with the plugin module as working directory. */
    public static String pipeline(String name) throws IOException {
        return Files.readString(Path.of("../test-pipelines/" + name), StandardCharsets.UTF_8);
    }

    /** A sandboxed Pipeline job running {@code script}. */
    public static WorkflowJob pipelineJob(JenkinsRule r, String name, String script) throws IOException, Descriptor.FormException {
        WorkflowJob job = r.createProject(WorkflowJob.class, name);
        job.setDefinition(new CpsFlowDefinition(script, true));
        return job;
    }

    /** A job name no earlier run on the same Docker engine used, so that its leftovers cannot interfere. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The run id of the {@code index}-th sbx-agent run of a build (its id has a random part: read it from the build). */
    public static String runId(Run<?, ?> run, int index) {
        return artifactFolder(run, index).substring("sbx-agent/".length());
    }

    /** Where the {@code index}-th run of a build archived its outputs, as its build page action records it. */
    public static String artifactFolder(Run<?, ?> run, int index) {
        return run.getActions(SbxAgentAction.class).stream().filter(action -> action.getIndex() == index).findFirst()
                .orElseThrow(() -> new AssertionError("build " + run + " has no sbx-agent run #" + index))
                .getArtifactFolder();
    }

    /** The paths of every archived artifact of a build. */
    public static List<String> artifactPaths(Run<?, ?> run) {
        return run.getArtifacts().stream().map(artifact -> artifact.relativePath).toList();
    }

    /** One archived artifact's content, read through the build's artifact manager. */
    public static String readArtifact(Run<?, ?> run, String path) throws IOException {
        VirtualFile file = run.getArtifactManager().root();
        for (String part : path.split("/")) {
            file = file.child(part);
        }
        assertThat(file.isFile()).as("archived artifact %s", path).isTrue();
        try (InputStream in = file.open()) {
            // Latin-1 maps every byte to one char: binary outputs can be searched as well
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** Adds credentials to the system (root) store. */
    public static void addGlobalCredentials(Credentials... credentials) throws IOException {
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            // the system store itself is private; its provider's list is public, and saving it is what the store does
            SystemCredentialsProvider system = SystemCredentialsProvider.getInstance();
            system.getCredentials().addAll(Arrays.asList(credentials));
            system.save();
        }
    }

    /** Adds credentials to a folder's own store (Folder » Credentials). */
    public static void addFolderCredentials(Folder folder, Credentials... credentials) throws IOException {
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            CredentialsStore folderStore = null;
            for (CredentialsStore store : CredentialsProvider.lookupStores(folder)) {
                if (store.getProvider() instanceof FolderCredentialsProvider && store.getContext() == folder) {
                    folderStore = store;
                    break;
                }
            }
            assertThat(folderStore).as("the credentials store of folder %s", folder.getFullName()).isNotNull();
            for (Credentials credential : credentials) {
                assertThat(folderStore.addCredentials(Domain.global(), credential)).as("added %s", credential).isTrue();
            }
        }
    }

    /** Names of the containers, in any state, that belong to a job (the engine labels them with its full name). */
    public static List<String> containersOf(String jobFullName) throws Exception {
        return lines("ps", "--all", "--filter", "label=" + SandboxLabels.TENANT + "=" + jobFullName, "--format", "{{.Names}}");
    }

    /** Names of the volumes that belong to a job. */
    public static List<String> volumesOf(String jobFullName) throws Exception {
        return lines("volume", "ls", "--filter", "label=" + SandboxLabels.TENANT + "=" + jobFullName, "--format", "{{.Name}}");
    }

    /**
     * Waits until no container or volume of the job is left, and returns what is left after
     * {@code patience} (empty when all is gone). A removal may end a moment after the build does.
     */
    public static List<String> awaitNothingLeftOf(String jobFullName, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            List<String> left = new java.util.ArrayList<>(containersOf(jobFullName));
            left.addAll(volumesOf(jobFullName));
            if (left.isEmpty() || System.nanoTime() > deadline) {
                return left;
            }
            Thread.sleep(500);
        }
    }

    private static List<String> lines(String... arguments) throws Exception {
        CommandResult result = docker().tryCall(List.of(arguments));
        assertThat(result.exitCode()).as("docker %s: %s", String.join(" ", arguments), result.stderr()).isZero();
        String out = result.stdout().strip();
        return out.isEmpty() ? List.of() : Arrays.asList(out.split("\\R"));
    }

    private static DockerCli docker() {
        return new DockerCli(new ProcessCommandRunner(), "docker");
    }
}
