package io.jenkins.plugins.sbxagent.engine.deliver;

import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import java.io.Serializable;
import java.util.regex.Pattern;

/**
 * Where a delivered branch is pushed, and with which credential. The password reaches git through an askpass program
 * that reads it from git's environment: never in an argument vector, a URL or a file.
 *
 * @param remote   a remote of the host repository (e.g. {@code origin}) or a URL without a password in it
 * @param username the user name git is to answer with, or null
 * @param password the password or token, or null to push with what the remote needs nothing of (or the node's own ssh key)
 */
public record PushTarget(String remote, String username, String password) implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String FIELD = "--push-remote";
    private static final Pattern REMOTE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern PASSWORD_IN_URL = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://[^/@]*:[^/@]*@.*");

    public PushTarget {
        if (remote == null || remote.isBlank() || remote.startsWith("-") || remote.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            throw new SpecException(FIELD, "'" + (remote == null ? "" : remote.replaceAll("\\p{Cntrl}", "?")) + "' is not a remote.",
                    "Name a remote of the repository, e.g. origin, or give its URL.");
        }
        if (PASSWORD_IN_URL.matcher(remote).matches()) {
            throw new SpecException(FIELD, "the URL holds a password, which would show in the process list and the logs.",
                    "Give the URL without it and bind the password as the push credential.");
        }
        if (!REMOTE_NAME.matcher(remote).matches() && !remote.contains("/") && !remote.contains(":")) {
            throw new SpecException(FIELD, "'" + remote + "' is neither a remote name nor a URL.", "Use e.g. origin or https://host/org/repo.git.");
        }
        if (password != null && password.isEmpty()) {
            password = null;
        }
    }

    /** A push to {@code remote} with no credential of sbx-agent's. */
    public static PushTarget to(String remote) {
        return new PushTarget(remote, null, null);
    }

    /** The same remote, answered with this user name and password. */
    public PushTarget withLogin(String user, String secret) {
        return new PushTarget(remote, user, secret);
    }

    @Override
    public String toString() {
        return "PushTarget[remote=" + remote + ", username=" + username + ", password=" + (password == null ? "none" : "****") + "]";
    }
}
