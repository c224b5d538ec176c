package io.jenkins.plugins.sbxagent;

import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Run;
import io.jenkins.plugins.sbxagent.engine.session.SessionManifest;
import io.jenkins.plugins.sbxagent.model.SbxAgentAction;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import jenkins.util.VirtualFile;

/**
 * The session an earlier run of the build archived, laid out on the node for a step that continues it: the run's
 * {@code session/} artifacts copied, as they are, into a folder shaped like that run's outputs. The engine checks them.
 */
final class SessionArtifacts {
    private SessionArtifacts() {
    }

    /**
     * Copies the archived session {@code sessionId} into {@code target}/session/ and returns {@code target}.
     *
     * @throws AbortException when no run of the build ended with that session
     */
    static FilePath layOut(Run<?, ?> run, String sessionId, FilePath target) throws IOException, InterruptedException {
        List<SbxAgentAction> runs = run.getActions(SbxAgentAction.class);
        SbxAgentAction earlier = null;
        for (SbxAgentAction action : runs) {
            if (sessionId.equals(action.getReport().getSessionId())) {
                earlier = action; // the latest run that ended with it
            }
        }
        if (earlier == null) {
            throw new AbortException("sbxAgent: resumeSession: no earlier sbxAgent run of this build ended with session " + sessionId
                    + ". Give the sessionId an earlier step returned.");
        }
        VirtualFile session = run.getArtifactManager().root().child(earlier.getArtifactFolder()).child(SessionManifest.FOLDER);
        if (!session.isDirectory()) {
            throw new AbortException("sbxAgent: resumeSession: sbx-agent #" + earlier.getIndex() + " archived no session to continue.");
        }
        target.deleteRecursive();
        copy(session, target.child(SessionManifest.FOLDER));
        return target;
    }

    /**
     * The session id of the build's latest run that ended with one: the session {@code sbxSession()} without an id continues.
     *
     * @throws AbortException when no run of the build ended with a session
     */
    static String latest(Run<?, ?> run) throws AbortException {
        List<SbxAgentAction> runs = run.getActions(SbxAgentAction.class);
        for (int i = runs.size() - 1; i >= 0; i--) {
            String id = runs.get(i).getReport().getSessionId();
            if (id != null) {
                return id;
            }
        }
        throw new AbortException("sbxAgent: resumeSession: no earlier sbxAgent run of this build ended with a session to continue."
                + " Run a known agent first, or leave resumeSession out.");
    }

    private static void copy(VirtualFile from, FilePath to) throws IOException, InterruptedException {
        to.mkdirs();
        for (VirtualFile child : from.list()) {
            if (child.isDirectory()) {
                copy(child, to.child(child.getName()));
            } else if (child.isFile()) {
                try (InputStream in = child.open()) {
                    to.child(child.getName()).copyFrom(in);
                }
            }
        }
    }
}
