package io.jenkins.plugins.sbxagent.credentials;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The secret values of one run, collected on the controller and carried to the agent node over the
 * remoting channel only. Never persisted: the step holds credential ids, not this.
 */
public final class BoundSecrets implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A secret file: its content and where the sandbox sees it. */
    public record SecretFile(String target, byte[] content) implements Serializable {
        @Override
        public String toString() {
            return "SecretFile[" + target + "]";
        }
    }

    private final Map<String, String> variables = new LinkedHashMap<>();
    private final Map<String, String> plain = new LinkedHashMap<>();
    private final List<SecretFile> files = new ArrayList<>();
    private DockerLogin dockerLogin;

    /** A Docker account for sbx to sign in with (docker-sbx): not a variable, it never enters the sandbox. */
    public record DockerLogin(String user, String token) implements Serializable {
        @Override
        public String toString() {
            return "DockerLogin[" + user + "]";
        }
    }

    void setDockerLogin(String user, String token, String credentialsId) throws hudson.AbortException {
        if (dockerLogin != null) {
            throw new hudson.AbortException("sbxAgent: a second Docker account is bound (by credentials '" + credentialsId
                    + "'); bind one sbxDockerLogin.");
        }
        dockerLogin = new DockerLogin(user, token);
    }

    /** The Docker account to sign sbx in with, or null. */
    public DockerLogin dockerLogin() {
        return dockerLogin;
    }

    void addVariable(String name, String value, String credentialsId) throws hudson.AbortException {
        if (variables.putIfAbsent(name, value) != null) {
            throw new hudson.AbortException("sbxAgent: the variable " + name + " is bound twice (again by credentials '" + credentialsId
                    + "'); name each variable once.");
        }
    }

    /** A value that is not secret (a username the credential does not mark secret): passed, not masked. */
    void addPlainVariable(String name, String value) throws hudson.AbortException {
        if (plain.putIfAbsent(name, value) != null || variables.containsKey(name)) {
            throw new hudson.AbortException("sbxAgent: the variable " + name + " is bound twice; name each variable once.");
        }
    }

    public Map<String, String> plainVariables() {
        return plain;
    }

    void addFile(String target, byte[] content) {
        files.add(new SecretFile(target, content));
    }

    public Map<String, String> variables() {
        return variables;
    }

    public List<SecretFile> files() {
        return files;
    }

    private static final java.util.regex.Pattern SENSITIVE_KEY =
            java.util.regex.Pattern.compile("(?i).*(auth|token|password|passwd|secret|key|credential).*");
    private static final java.util.regex.Pattern TOKEN_LIKE = java.util.regex.Pattern.compile("[A-Za-z0-9+/=_.~-]{16,}");

    /**
     * What to mask of the secret files: each file's whole text, the value of every line whose key
     * sounds secret ({@code _authToken=...}, {@code password: ...}), and every token-like line (a
     * private key's base64 lines). Not every line: a registry URL in an .npmrc is no secret, and
     * masking it would flag every log that names the registry.
     */
    public List<String> fileValues() {
        List<String> values = new ArrayList<>();
        for (SecretFile file : files) {
            String text = new String(file.content(), java.nio.charset.StandardCharsets.UTF_8);
            values.add(text.strip());
            for (String line : text.split("\\r?\\n")) {
                String trimmed = line.strip();
                int separator = indexOfSeparator(trimmed);
                if (separator > 0 && SENSITIVE_KEY.matcher(trimmed.substring(0, separator)).matches()) {
                    values.add(unquote(trimmed.substring(separator + 1).strip()));
                } else if (TOKEN_LIKE.matcher(trimmed).matches()) {
                    values.add(trimmed);
                }
            }
        }
        return values;
    }

    private static int indexOfSeparator(String line) {
        int equals = line.indexOf('=');
        int colon = line.indexOf(": ");
        if (equals < 0) {
            return colon;
        }
        return colon < 0 ? equals : Math.min(equals, colon);
    }

    private static String unquote(String value) {
        return value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))
                ? value.substring(1, value.length() - 1) : value;
    }

    @Override
    public String toString() {
        return "BoundSecrets" + variables.keySet() + files;
    }
}
