package io.jenkins.plugins.sbxagent.engine.cli;

import io.jenkins.plugins.sbxagent.engine.spec.RunSpec;

/** What {@code sbx-agent run} takes, in the order its help lists it. {@link RunCommand} reads them. */
final class RunOptions {
    static final String SBX_TOKEN_VARIABLE = "SBX_AGENT_DOCKER_TOKEN";

    private RunOptions() {
    }

    static OptionTable table() {
        OptionTable table = new OptionTable()
                .value("--workspace", "DIR", "The project folder the agent works on (default: .).")
                .value("--out", "DIR", "The outputs folder; the agent can never write there (default: sbx-agent-out).")
                .value("--work-dir", "DIR", "Where staging keeps its private folders (default: the system temp folder).")
                .value("--image", "IMAGE", "The sandbox image (required).")
                .value("--tenant", "NAME", "Whom the run belongs to (default: local).")
                .value("--run-id", "ID", "The run's id (default: random).")
                .value("--workspace-mode", "MODE", "copy (default with docker): a private copy-on-write view; mount: the host workspace"
                        + " itself (weaker); clone (default with docker-sbx): a git clone inside the microVM.")
                .value("--staging", "MODE", "How a copy is made: auto (default), overlay or copy.")
                .value("--network", "MODE", "none (default): loopback only; allowlist: only --allow-host hosts, through a proxy; "
                        + "open: Docker's bridge, recorded in the audit.")
                .value("--allow-host", "HOST[:PORT]", "With --network allowlist: a host the agent may reach (ports 80 and 443 without a port)."
                        + " Repeatable.")
                .value("--egress-network", "NETWORK", "With --network allowlist: the Docker network the proxy reaches the outside through"
                        + " (default: bridge).")
                .value("--proxy-image", "IMAGE", "With --network allowlist: the egress proxy's image (default: " + RunSpec.DEFAULT_PROXY_IMAGE + ").")
                .value("--secret-env", "NAME", "Passes this tool's environment variable NAME into the sandbox as a secret. Repeatable.")
                .flag("--no-key-gateway", "With --network allowlist: passes model keys into the sandbox, as secrets, instead of holding them"
                        + " in the key gateway (docs/security-model.md).")
                .value("--key-gateway", "VAR=HEADER,URL_VAR", "With --network allowlist: holds the key in secret VAR outside the sandbox for a"
                        + " provider sbx-agent does not know; the gateway sends it in HEADER to the URL given with --env URL_VAR=URL. Repeatable.")
                .value("--env", "NAME=VALUE", "A plain, non-secret variable for the sandbox. Repeatable.")
                .value("--put", "SRC:DEST", "Makes host file SRC visible read-only at absolute sandbox path DEST. Repeatable.")
                .value("--read", "PATH", "Copies workspace file PATH from after the run into <out>/files/. Repeatable.")
                .value("--hide", "PATH", "Covers workspace PATH with an empty read-only folder or file: the agent neither reads nor changes it."
                        + " Repeatable.")
                .value("--timeout", "DURATION", "How long the agent may run: 90s, 30m, 2h (default: 30m).")
                .value("--cpus", "N", "CPUs the sandbox may use (default: 2).")
                .value("--memory", "SIZE", "Memory the sandbox may use, e.g. 4g (default: 4g).")
                .value("--pids", "N", "Processes the sandbox may have at once (default: 1024).")
                .value("--max-log-bytes", "SIZE", "Bytes of output kept in agent.log (default: 64m).")
                .value("--max-read-bytes", "SIZE", "Largest file --read copies back (default: 16m).")
                .value("--tmpfs-size", "SIZE", "Size of the sandbox's /tmp (default: 1g).")
                .value("--max-file-size", "SIZE", "Largest file the agent may write (default: 1g).")
                .value("--user", "UID:GID", "Who the agent runs as (default: the workspace's owner; never root).")
                .flag("--writable-root", "Lets the agent write the image's root file system (default: read-only).")
                .value("--docker-arg", "--FLAG=VALUE", "An allow-listed extra docker create argument, e.g. --docker-arg=--runtime=runsc."
                        + " Repeatable.")
                .value("--docker", "PATH", "The docker client (default: docker on the PATH).")
                .value("--backend", "NAME", "docker (default): a hardened container; docker-sbx: a Docker Sandboxes microVM"
                        + " (docs/backends.md).")
                .value("--sbx", "PATH", "With --backend docker-sbx: the sbx client (default: sbx).")
                .value("--sbx-login", "DOCKER_ID", "With --backend docker-sbx: signs sbx in as DOCKER_ID when it is not, with the token in"
                        + " this tool's environment variable " + SBX_TOKEN_VARIABLE + ".")
                .flag("--apply", "Copies the agent's changes into the workspace when the run succeeded and the gate passed.");
        DeliveryOptions.declare(table);
        table.value("--rules", "FILE", "Extra risk rules laid over the shipped ones (same YAML schema).");
        PolicyOptions.declare(table);
        return table
                .value("--agent", "NAME", "claude, codex, gemini, opencode, or command (default): which agent runs; a known agent gets"
                        + " its headless command line and its events are read.")
                .value("--prompt", "TEXT", "The agent's instructions (with --agent other than command).")
                .value("--prompt-file", "FILE", "A file with the agent's instructions.")
                .value("--model", "NAME", "The agent's model (default: the agent's own).")
                .value("--max-turns", "N", "The most turns the agent may take; sbx-agent stops it past them.")
                .value("--max-cost-usd", "USD", "The most the agent may spend in US dollars, as it reports (claude, opencode).")
                .value("--mcp-config", "FILE", "The MCP servers the agent may start (a .mcp.json-style file, translated for codex,"
                        + " gemini and opencode); the repository's are ignored.")
                .value("--agent-settings", "FILE", "The agent's settings, a JSON object (claude: settings.json; codex: config.toml's keys;"
                        + " gemini: its settings; opencode: opencode.json's keys); the repository's are ignored.")
                .value("--skills", "DIR", "A folder of skills (NAME/SKILL.md) the agent may use; the repository's are ignored.")
                .value("--output-schema", "FILE", "A JSON Schema the agent's final answer must meet: codex takes it as its own option,"
                        + " the others are told it; the answer is checked and written as answer.json, and a run without a valid one fails.")
                .value("--resume-session", "OUT", "Continues the session the run with outputs folder OUT left (claude, codex, opencode): checked, then"
                        + " put into this sandbox, and recorded in the audit.")
                .flag("--fork-session", "With --resume-session: continues the session as a new one, leaving it as it was.")
                .value("--agent-arg", "ARG", "A further argument for the agent's command line, e.g. --agent-arg=--verbose. Repeatable.");
    }
}
