package io.jenkins.plugins.sbxagent;

import hudson.Extension;
import hudson.model.AsyncPeriodicWork;
import hudson.model.Computer;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.sbxagent.agent.ReapOnAgent;
import io.jenkins.plugins.sbxagent.config.SbxAgentGlobalConfiguration;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.docker.commons.tools.DockerTool;

/**
 * Every 30 minutes, removes on each connected node the expired sandboxes that crashed runs or
 * controller restarts left behind, found by their labels.
 */
@Extension
public final class SbxSandboxSweep extends AsyncPeriodicWork {
    public SbxSandboxSweep() {
        super("sbx-agent sandbox sweep");
    }

    @Override
    public long getRecurrencePeriod() {
        return TimeUnit.MINUTES.toMillis(30);
    }

    @Override
    protected void execute(TaskListener listener) throws IOException, InterruptedException {
        for (Computer computer : Jenkins.get().getComputers()) {
            VirtualChannel channel = computer.getChannel();
            if (channel == null || computer.isOffline()) {
                continue;
            }
            try {
                // the same docker client the runs use (the administrator's Docker installation), not whatever is on the PATH
                String docker = DockerTool.getExecutable(SbxAgentGlobalConfiguration.get().getDockerToolName(), computer.getNode(), listener, null);
                List<String> removed = channel.call(new ReapOnAgent(null, docker, Map.of()));
                if (!removed.isEmpty()) {
                    listener.getLogger().println("removed expired sandbox resources on " + computer.getName() + ": " + String.join(", ", removed));
                }
            } catch (IOException e) {
                listener.getLogger().println("could not sweep " + computer.getName() + ": " + e.getMessage());
            }
        }
    }
}
