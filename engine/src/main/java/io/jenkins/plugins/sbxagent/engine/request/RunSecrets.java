package io.jenkins.plugins.sbxagent.engine.request;

import io.jenkins.plugins.sbxagent.engine.agent.ProviderKeys;
import io.jenkins.plugins.sbxagent.engine.spec.RunSpec;
import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The secret values bound for one run: collected where the credentials are (a Jenkins controller)
 * and carried to the node that runs the sandbox. Never persisted, never printed: {@link #toString}
 * names, never values.
 */
public final class RunSecrets implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Secret files are configuration, not data. */
    public static final int LARGEST_FILE = 1 << 20;
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern SENSITIVE_KEY = Pattern.compile("(?i).*(auth|token|password|passwd|secret|key|credential).*");
    private static final Pattern TOKEN_LIKE = Pattern.compile("[A-Za-z0-9+/=_.~-]{16,}");

    /** A secret file: where the sandbox sees it, and its content. */
    public record SecretFile(String target, byte[] content) implements Serializable {
        @Override
        public String toString() {
            return "SecretFile[" + target + "]";
        }
    }

    /**
     * A Docker account for sbx to sign in with (docker-sbx): not a variable, it never enters the sandbox.
     *
     * @param userSecret whether the credential marks the Docker ID secret too: then it is masked and never named
     */
    public record DockerLogin(String user, String token, boolean userSecret) implements Serializable {
        @Override
        public String toString() {
            return "DockerLogin[" + (userSecret ? "****" : user) + "]";
        }
    }

    /** The account git answers with when a delivered branch is pushed: not a variable, it never enters the sandbox. */
    public record PushLogin(String user, String password) implements Serializable {
        @Override
        public String toString() {
            return "PushLogin[" + user + "]";
        }
    }

    private final Map<String, String> variables = new LinkedHashMap<>();
    private final Map<String, String> plain = new LinkedHashMap<>();
    private final List<SecretFile> files = new ArrayList<>();
    private final Set<String> keptInSandbox = new HashSet<>();
    private final List<ProviderKeys.Custom> gateways = new ArrayList<>();
    private DockerLogin dockerLogin;
    private PushLogin pushLogin;

    /**
     * A secret variable.
     *
     * @param source the credential it comes from, named in a refusal
     */
    public void addVariable(String name, String value, String source) {
        checkNew(name, source);
        try {
            RunSpec.checkSecretValue(name, value);
        } catch (SpecException e) {
            throw StepTerms.of(e);
        }
        variables.put(name, value);
    }

    /**
     * Where a bound key is held under network allowlist: by the key gateway (a known provider's key by
     * default; another provider's when its header and URL variable are named), or in the sandbox.
     *
     * @param gateway     false keeps the key in the sandbox
     * @param header      the header another provider reads the key from, or null for a known provider
     * @param urlVariable the variable the agent reads that provider's base URL from, with {@code header}
     */
    public void holdKey(String name, boolean gateway, String header, String urlVariable, String source) {
        if (!gateway) {
            if (header != null || urlVariable != null) {
                throw new SpecException("gatewayHeader", "credentials '" + source + "' keep the key in the sandbox and name a gateway header.",
                        "Leave gatewayHeader and gatewayUrlVariable out, or hold the key in the gateway.");
            }
            keptInSandbox.add(name);
        } else if (header != null || urlVariable != null) {
            if (header == null || urlVariable == null) {
                throw new SpecException(header == null ? "gatewayHeader" : "gatewayUrlVariable", "credentials '" + source
                        + "' need both the header and the URL variable of their provider's gateway.",
                        "Give e.g. gatewayHeader: 'Authorization', gatewayUrlVariable: 'LLM_BASE_URL', and the provider's URL in environment.");
            }
            gateways.add(new ProviderKeys.Custom(name, header, urlVariable));
        }
    }

    /** What the run asks of the key gateway. */
    public ProviderKeys.Choice gatewayChoice() {
        return new ProviderKeys.Choice(keptInSandbox, gateways);
    }

    /** The secret variables' names, in the order they were bound. */
    public List<String> variableNames() {
        return List.copyOf(variables.keySet());
    }

    /** A value the credential does not mark secret (a username): passed, not masked. */
    public void addPlainVariable(String name, String value, String source) {
        checkNew(name, source);
        plain.put(name, value);
    }

    private void checkNew(String name, String source) {
        if (!isVariableName(name)) {
            throw new SpecException("variable", "'" + name + "' (credentials '" + source + "') is not a variable name.",
                    "Use letters, digits and '_', not starting with a digit, e.g. API_KEY.");
        }
        if (variables.containsKey(name) || plain.containsKey(name)) {
            throw new SpecException("credentials", "the variable " + name + " is bound twice (again by '" + source + "').",
                    "Name each variable once.");
        }
    }

    /**
     * A secret file the sandbox sees read-only at {@code path}: absolute, or relative to its home ({@code /tmp}).
     *
     * @throws SpecException for a path that is no file's, or content over 1 MiB
     */
    public void addFile(String path, byte[] content, String source) {
        if (path == null || path.isBlank()) {
            throw new SpecException("path", "credentials '" + source + "' need a file path.", "Write e.g. .npmrc or /home/agent/.config/tool.json.");
        }
        if (content.length > LARGEST_FILE) {
            throw new SpecException("credentials", "the secret file '" + source + "' is larger than 1 MiB.", "Secret files are configuration: "
                    + "keep them small.");
        }
        String target = path.startsWith("/") ? path : "/tmp/" + path;
        Set<String> taken = new HashSet<>();
        files.forEach(file -> taken.add(file.target()));
        try {
            // the check every put file gets on the node, here before anything crosses to it
            RunSpec.checkTarget(target, taken);
        } catch (SpecException e) {
            throw StepTerms.of(e);
        }
        files.add(new SecretFile(target, content.clone()));
    }

    /** The Docker account sbx signs in with; one per run. */
    public void setDockerLogin(String user, String token, boolean userSecret, String source) {
        if (dockerLogin != null) {
            throw new SpecException("credentials", "a second Docker account is bound (by '" + source + "').", "Bind one sbxDockerLogin.");
        }
        dockerLogin = new DockerLogin(user, token, userSecret);
    }

    /** The account a delivered branch is pushed with; one per run. */
    public void setPushLogin(String user, String password, String source) {
        if (pushLogin != null) {
            throw new SpecException("credentials", "a second push account is bound (by '" + source + "').", "Bind one sbxGitPush.");
        }
        pushLogin = new PushLogin(user, password);
    }

    /** The account to push a delivered branch with, or null. */
    public PushLogin pushLogin() {
        return pushLogin;
    }

    /** Whether a variable name can be bound; a refusal names the credential. */
    public static boolean isVariableName(String name) {
        return name != null && VARIABLE.matcher(name).matches();
    }

    public Map<String, String> variables() {
        return Map.copyOf(variables);
    }

    public Map<String, String> plainVariables() {
        return Map.copyOf(plain);
    }

    public List<SecretFile> files() {
        return List.copyOf(files);
    }

    /** The Docker account to sign sbx in with, or null. */
    public DockerLogin dockerLogin() {
        return dockerLogin;
    }

    public boolean isEmpty() {
        return variables.isEmpty() && plain.isEmpty() && files.isEmpty() && dockerLogin == null && pushLogin == null;
    }

    /**
     * Adds these secrets to a spec: variables as secrets, files copied into a new owner-only folder under
     * {@code workRoot} and put read-only, and every value that must never be seen masked.
     *
     * @return the folder of the secret files, for the caller to delete when the run ends; null when there are none
     */
    Path addTo(RunSpec.Builder spec, Path workRoot) throws IOException {
        variables.forEach(spec::withSecretEnv);
        plain.forEach(spec::withEnv);
        fileValues().forEach(spec::withMaskedValue);
        if (dockerLogin != null) {
            spec.withMaskedValue(dockerLogin.token());
            if (dockerLogin.userSecret()) {
                spec.withMaskedValue(dockerLogin.user());
            }
        }
        if (pushLogin != null) {
            // git's output of a push is masked like the rest
            spec.withMaskedValue(pushLogin.password());
        }
        if (files.isEmpty()) {
            return null;
        }
        Path folder = Files.createTempDirectory(workRoot, "sbx-agent-secrets-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        int index = 0;
        for (SecretFile file : files) {
            Path copy = folder.resolve("secret-" + index++);
            Files.write(copy, file.content());
            spec.withPut(copy, file.target());
        }
        return folder;
    }

    /**
     * What to mask of the secret files: each file's whole text, the value of every line whose key
     * sounds secret ({@code _authToken=...}, {@code password: ...}), and every token-like line (a
     * private key's base64 lines). Not every line: a registry URL in an .npmrc is no secret, and
     * masking it would flag every log that names the registry.
     */
    List<String> fileValues() {
        List<String> values = new ArrayList<>();
        for (SecretFile file : files) {
            String text = new String(file.content(), StandardCharsets.UTF_8);
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

    /** What is bound, by name and place, never value: for the build log. */
    public String names() {
        List<String> names = new ArrayList<>(variables.keySet());
        names.addAll(plain.keySet());
        files.forEach(file -> names.add(file.target()));
        if (dockerLogin != null) {
            names.add(dockerLogin.userSecret() ? "a Docker account" : "the Docker account " + dockerLogin.user());
        }
        if (pushLogin != null) {
            names.add("the push account " + pushLogin.user());
        }
        return String.join(", ", names);
    }

    @Override
    public String toString() {
        return "RunSecrets" + variables.keySet() + plain.keySet() + files + (dockerLogin == null ? "" : dockerLogin) + (pushLogin == null ? "" : pushLogin);
    }
}
