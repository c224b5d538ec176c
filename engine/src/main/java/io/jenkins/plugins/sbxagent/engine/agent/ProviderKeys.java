package io.jenkins.plugins.sbxagent.engine.agent;

import io.jenkins.plugins.sbxagent.engine.spec.Backend;
import io.jenkins.plugins.sbxagent.engine.spec.KeyGateway;
import io.jenkins.plugins.sbxagent.engine.spec.NetworkMode;
import io.jenkins.plugins.sbxagent.engine.spec.RunSpec;
import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import java.io.Serializable;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The model providers' keys the agents' clients know, and the key gateways a run gets for them. Under
 * network {@code allowlist} on the docker backend, a bound key of a known provider stays outside the
 * sandbox unless the run keeps it in; a key of any other provider does when its gateway is declared.
 */
public final class ProviderKeys {
    /**
     * How a known provider's client takes its key and base URL.
     *
     * @param header      the header the provider reads the key from
     * @param urlVariable the variable the client reads its base URL from
     * @param upstream    the provider's base URL, as the client's own default has it
     */
    private record Provider(String header, String urlVariable, String upstream) {
    }

    private static final Provider ANTHROPIC = new Provider("x-api-key", "ANTHROPIC_BASE_URL", "https://api.anthropic.com");
    private static final Provider OPENAI = new Provider("Authorization", "OPENAI_BASE_URL", "https://api.openai.com/v1");
    private static final Provider GEMINI = new Provider("x-goog-api-key", "GOOGLE_GEMINI_BASE_URL", "https://generativelanguage.googleapis.com");
    /** The key variables by provider; Claude Code's OAuth token is not among them (it signs in to more than the API). */
    private static final Map<String, Provider> KNOWN = Map.of("ANTHROPIC_API_KEY", ANTHROPIC, "OPENAI_API_KEY", OPENAI,
            "CODEX_API_KEY", OPENAI, "GEMINI_API_KEY", GEMINI);

    /**
     * A key of a provider the table does not know (or one whose header differs), as a run declares it.
     *
     * @param variable    the bound secret that holds the key
     * @param header      the header the provider reads it from
     * @param urlVariable the variable the agent's client reads the base URL from; the run sets it to the provider's URL
     */
    public record Custom(String variable, String header, String urlVariable) implements Serializable {
        private static final long serialVersionUID = 1L;

        /**
         * Reads {@code VARIABLE=HEADER,URL_VARIABLE}.
         *
         * @throws SpecException naming {@code field}
         */
        public static Custom parse(String field, String text) {
            int equals = text.indexOf('=');
            int comma = text.indexOf(',', equals + 1);
            if (equals <= 0 || comma < 0 || comma == text.length() - 1 || comma == equals + 1) {
                throw new SpecException(field, "'" + text + "' is not VARIABLE=HEADER,URL_VARIABLE.",
                        "Write e.g. LLM_API_KEY=Authorization,LLM_BASE_URL, and give the provider's URL with --env LLM_BASE_URL=https://...");
            }
            return new Custom(text.substring(0, equals).strip(), text.substring(equals + 1, comma).strip(), text.substring(comma + 1).strip());
        }
    }

    /**
     * What a run asks of the gateway.
     *
     * @param inSandbox the bound keys the sandbox holds itself, gateway or not
     * @param custom    the keys of other providers to hold outside
     */
    public record Choice(Set<String> inSandbox, List<Custom> custom) {
        /** Every known provider's key behind a gateway, and no other. */
        public static final Choice DEFAULT = new Choice(Set.of(), List.of());

        public Choice {
            inSandbox = Set.copyOf(inSandbox);
            custom = List.copyOf(custom);
        }
    }

    /**
     * The gateways of a run, its plain variables without the base URLs they took as their upstreams, and
     * what the agent's command line needs besides.
     *
     * @param gateways       one per key held outside
     * @param environment    the plain variables the sandbox still gets
     * @param agentArguments arguments for an agent that reads its base URL from its configuration, not a variable (codex)
     */
    public record Routing(List<KeyGateway> gateways, Map<String, String> environment, List<String> agentArguments) {
        public Routing {
            gateways = List.copyOf(gateways);
            environment = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environment));
            agentArguments = List.copyOf(agentArguments);
        }

        /** Gives a spec the plain variables and the gateways (the agent's arguments go into its command line). */
        public void applyTo(RunSpec.Builder spec) {
            environment.forEach(spec::withEnv);
            gateways.forEach(spec::withKeyGateway);
        }
    }

    private ProviderKeys() {
    }

    /** Whether a variable is a known provider's key. */
    public static boolean isKnown(String variable) {
        return KNOWN.containsKey(variable);
    }

    /**
     * Decides which bound keys stay outside. A gateway's upstream is the base URL the run gives in the
     * client's own variable ({@code --env ANTHROPIC_BASE_URL=...}), or the provider's default.
     *
     * @param agent       which agent's client the base URL's default is for
     * @param secrets     the bound secret variables' names
     * @param environment the run's plain variables
     * @throws SpecException naming the field, for a declared gateway the run cannot have
     */
    public static Routing route(AgentKind agent, NetworkMode network, Backend backend, Collection<String> secrets,
            Map<String, String> environment, Choice choice) {
        Map<String, Custom> declared = new LinkedHashMap<>();
        for (Custom custom : choice.custom()) {
            if (declared.put(custom.variable(), custom) != null) {
                throw new SpecException("--key-gateway", custom.variable() + " is declared twice.", "Declare each key's gateway once.");
            }
            if (choice.inSandbox().contains(custom.variable())) {
                throw new SpecException("--key-gateway", custom.variable() + " is both kept in the sandbox and given a gateway.",
                        "Choose one.");
            }
            if (!secrets.contains(custom.variable())) {
                throw new SpecException("--key-gateway", custom.variable() + " is not a bound secret.",
                        "Bind the key with --secret-env " + custom.variable() + ".");
            }
        }
        if (network != NetworkMode.ALLOWLIST || backend != Backend.DOCKER) {
            if (!declared.isEmpty()) {
                throw new SpecException("--key-gateway", "the key gateway serves the docker backend with network 'allowlist'.",
                        "Add --network allowlist (and the provider's host), or leave the gateway out.");
            }
            return new Routing(List.of(), environment, List.of());
        }
        Map<String, String> remaining = new LinkedHashMap<>(environment);
        List<KeyGateway> gateways = new ArrayList<>();
        for (String variable : secrets) {
            Custom custom = declared.get(variable);
            Provider known = KNOWN.get(variable);
            if (choice.inSandbox().contains(variable) || custom == null && known == null) {
                continue;
            }
            String header = custom != null ? custom.header() : known.header();
            String urlVariable = custom != null ? custom.urlVariable() : known.urlVariable();
            String given = remaining.remove(urlVariable);
            if (given == null && custom != null) {
                throw new SpecException("--key-gateway", "the gateway of " + variable + " needs the provider's base URL in " + urlVariable + ".",
                        "Add --env " + urlVariable + "=https://provider.example/v1.");
            }
            URI upstream = KeyGateway.upstream("--env", urlVariable, given != null ? given : defaultUpstream(agent, known));
            gateways.add(new KeyGateway(variable, header, urlVariable, upstream));
        }
        List<String> agentArguments = new ArrayList<>();
        for (int i = 0; i < gateways.size(); i++) {
            // codex's built-in OpenAI provider takes its base URL from configuration only
            if (agent == AgentKind.CODEX && gateways.get(i).urlVariable().equals(OPENAI.urlVariable())) {
                agentArguments.addAll(List.of("-c", "openai_base_url=\"" + KeyGateway.sandboxUrl(gateways, i) + "\""));
            }
        }
        return new Routing(gateways, remaining, agentArguments);
    }

    /** The client's own default: OpenCode's Anthropic client (the AI SDK's) puts the API version in its base URL. */
    private static String defaultUpstream(AgentKind agent, Provider provider) {
        return agent == AgentKind.OPENCODE && provider == ANTHROPIC ? provider.upstream() + "/v1" : provider.upstream();
    }
}
