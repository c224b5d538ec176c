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

    /** Every value, for masking: variables and the text of files. */
    public List<String> values() {
        List<String> values = new ArrayList<>(variables.values());
        for (SecretFile file : files) {
            values.add(new String(file.content(), java.nio.charset.StandardCharsets.UTF_8).strip());
        }
        return values;
    }

    @Override
    public String toString() {
        return "BoundSecrets" + variables.keySet() + files;
    }
}
