# METADATA
# title: Sandbox
# description: |
#   AI agents run commands on their own; on sensitive projects they must run confined
#   (a dev container with a restricted network, or the assistant's own sandbox), and
#   the container an agent runs in must not hand it the host (privileged mode, escape
#   capabilities, the container engine's socket, switched-off confinement, the host's
#   namespaces).
package aipolicy.rules.sandbox

import data.aipolicy.lib.findings
import data.aipolicy.lib.project

_sandbox_facts := object.get(input, "sandbox", {})

_devcontainers := object.get(_sandbox_facts, "devcontainers", [])

_services := object.get(_sandbox_facts, "compose_services", [])

_dockerfiles := object.get(_sandbox_facts, "dockerfiles", [])

_agent_config := object.get(input, "agent_config", {})

# The org requires a sandbox for this project and AI assistants are in use (a prohibited
# project is left to the eligibility rule).
_sandbox_required if {
	project.control_required("sandbox")
	count(project.in_use) > 0
	project.ai_assistance != "prohibited"
}

# ---------------------------------------------------------------------------
# What counts as a sandbox

# A lifecycle hook that runs inside the container each time it is created or started
# sets up a firewall: a script named like the Claude Code reference dev container's
# init-firewall.sh (any *firewall*.sh), or iptables/nft rules that drop or reject.
_firewall_hooks := {"postCreateCommand", "postStartCommand"}

_firewall_script := `(?i)[\w./-]*firewall[\w.-]*\.sh`

_firewall_rules := `(?i)\b(ip6?tables|nft)\b.*\b(drop|reject)\b`

_sets_up_firewall(d) if {
	some c in d.commands
	c.hook in _firewall_hooks
	regex.match(_firewall_script, c.command)
}

_sets_up_firewall(d) if {
	some c in d.commands
	c.hook in _firewall_hooks
	regex.match(_firewall_rules, c.command)
}

# A dev container restricts the network: no network (--network=none), a firewall set up
# by a lifecycle hook, or a compose service it attaches to with network_mode: none.
_restricts_network(d) if d.network == "none"

_restricts_network(d) if _sets_up_firewall(d)

_restricts_network(d) if {
	is_string(d.service)
	some s in _services
	s.devcontainer
	s.service == d.service
	s.network_mode == "none"
}

# Gemini CLI's sandbox: true, or a command or profile name (docker, podman,
# sandbox-exec, ...), or an object that does not switch it off. The first key holding it
# wins (the v2 nested key is listed first).
_gemini_sandbox(v) if v == true

_gemini_sandbox(v) if {
	is_string(v)
	not lower(trim_space(v)) in {"", "false", "0", "none", "off"}
}

_gemini_sandbox(v) if {
	is_object(v)
	object.get(v, "enabled", true) != false
}

# Where a sandbox is in place.
_sandboxes contains d.path if {
	some d in _devcontainers
	_restricts_network(d)
}

_sandboxes contains s.path if {
	some s in _services
	_agent_service(s)
	s.network_mode == "none"
}

_sandboxes contains c.path if {
	some c in object.get(_agent_config, "claude_code", [])
	c.sandbox.enabled.value == true
}

_sandboxes contains g.path if {
	some g in object.get(_agent_config, "gemini", [])
	count(g.sandbox) > 0
	_gemini_sandbox(g.sandbox[0].value)
}

_sandboxes contains x.path if {
	some x in object.get(_agent_config, "codex", [])
	x.sandbox_mode.value in {"read-only", "workspace-write"}
}

# METADATA
# title: AI agents run without a sandbox
# description: |
#   The organisation requires agents to run in a sandbox for this classification, AI
#   assistants are in use, and nothing in the repository confines them. A sandbox is
#   any of: a dev container (devcontainer.json) whose network is restricted, meaning
#   `--network=none` / `--net=none` in runArgs, a compose service it attaches to with
#   `network_mode: none`, or a postCreateCommand / postStartCommand that runs a firewall
#   script (a `*firewall*.sh` such as the Claude Code reference dev container's
#   init-firewall.sh) or iptables/nft rules that drop or reject; an agent's compose
#   service with `network_mode: none`; Claude Code settings with `sandbox.enabled: true`;
#   Gemini CLI settings with a sandbox (`tools.sandbox` / `sandbox`: true, docker, podman,
#   sandbox-exec ...); Codex configuration with `sandbox_mode` read-only or
#   workspace-write. A dev container whose network is open or attached to a named
#   network does not count: its network cannot be judged from the repository.
# custom:
#   id: AIP330
#   severity: high
#   cwe: [CWE-250, CWE-693]
#   owasp: [LLM06:2025, ASI05:2026]
#   evidence:
#     - https://docs.claude.com/pt/docs/claude-code/devcontainer (verified 2026-11-25)
#     - https://code.claude.com/docs/en/sandboxing (not verified)
#     - https://developers.openai.com/codex/concepts/sandboxing (verified 2026-11-25)
#     - https://geminicli.com/docs/reference/configuration (verified 2026-11-25)
#   remediation: |
#     Run agents in a dev container that restricts egress (e.g. the Claude Code reference
#     dev container with init-firewall.sh), or enable the assistant's own sandbox
#     (`"sandbox": {"enabled": true}` in .claude/settings.json, `tools.sandbox` in
#     .gemini/settings.json, `sandbox_mode = "workspace-write"` in .codex/config.toml).
#   risk: An agent misled by prompt injection reads and exfiltrates code and credentials, or damages the host.
violations contains findings.finding(rego.metadata.rule(), message, {"path": "."}) if {
	_sandbox_required
	count(_sandboxes) == 0
	message := concat("", [
		"No sandbox confines the AI assistants in use (",
		concat(", ", sort([a.tool | some a in project.in_use])),
		"): no dev container restricts the network and no assistant's own sandbox is enabled",
	])
}

# ---------------------------------------------------------------------------
# Which containers are an agent's

_agent_words := `(?i)(claude|anthropic|codex|openai|gemini|aider|copilot|cursor|cline|opencode|goose|amazon-q|\bagents?\b)`

_agent_command := `(?i)((^|[\s;&|/(])(claude|codex|gemini|aider|opencode|goose|cursor-agent)(\s|$)|@anthropic-ai/claude-code|@openai/codex|@google/gemini-cli)`

# A dev container is an agent's when it installs or runs one, its Dockerfile mentions
# one, or its path or name says so.
_agent_devcontainer(d) if count(d.agent_flags) > 0

_agent_devcontainer(d) if {
	some f in d.features
	regex.match(_agent_words, f)
}

_agent_devcontainer(d) if {
	some c in d.commands
	regex.match(_agent_command, c.command)
}

_agent_devcontainer(d) if {
	some f in _dockerfiles
	f.path == d.dockerfile_path
	count(f.mentions) > 0
}

_agent_devcontainer(d) if regex.match(_agent_words, d.path)

_agent_devcontainer(d) if {
	is_string(d.name)
	regex.match(_agent_words, d.name)
}

# A compose service is an agent's when its file, name, image or command mentions one.
_agent_service(s) if count(s.mentions) > 0

# The containers judged: an agent's container always, whatever the classification; every
# dev container (where assistants run) when the org requires a sandbox.
_judged_devcontainers contains d if {
	some d in _devcontainers
	_agent_devcontainer(d)
}

_judged_devcontainers contains d if {
	_sandbox_required
	some d in _devcontainers
}

_judged_services contains s if {
	some s in _services
	_agent_service(s)
}

_judged_services contains s if {
	_sandbox_required
	some s in _services
	s.devcontainer
}

_dc_name(d) := concat("", ["dev container ", d.path])

_svc_name(s) := concat("", ["compose service '", s.service, "' in ", s.path])

# Line of the first of these keys the configuration has (else its first line).
_dc_line(d, keys) := l if {
	ls := [d.lines[k] | some k in keys; d.lines[k]]
	count(ls) > 0
	l := ls[0]
} else := 1

_svc_line(s, key) := object.get(s.lines, key, s.line)

# ---------------------------------------------------------------------------
# Privileged

# Dev container features that make the container privileged.
_privileged_feature := `(?i)/docker-in-docker(:|$)`

_privileged contains {"path": d.path, "line": _dc_line(d, ["privileged", "runArgs"]), "what": _dc_name(d), "how": "is privileged"} if {
	some d in _judged_devcontainers
	d.privileged
}

_privileged contains {"path": d.path, "line": _dc_line(d, ["features"]), "what": _dc_name(d), "how": concat("", ["installs ", f, ", which runs it privileged"])} if {
	some d in _judged_devcontainers
	not d.privileged
	some f in d.features
	regex.match(_privileged_feature, f)
}

_privileged contains {"path": s.path, "line": _svc_line(s, "privileged"), "what": _svc_name(s), "how": "is privileged"} if {
	some s in _judged_services
	s.privileged
}

# METADATA
# title: Agent container runs privileged
# description: |
#   A dev container or agent container runs with `privileged: true` / `--privileged`
#   (or installs the docker-in-docker feature, which does so). A privileged container
#   has every capability and the host's devices: an agent in it can take over the host.
#   Judged for every agent's container whatever the classification, and for every dev
#   container when the org requires a sandbox and assistants are in use.
# custom:
#   id: AIP331
#   severity: high
#   cwe: [CWE-250, CWE-269]
#   owasp: [LLM06:2025, ASI05:2026]
#   evidence:
#     - https://docs.docker.com/engine/security/ (verified 2026-11-25)
#     - https://docs.claude.com/pt/docs/claude-code/devcontainer (verified 2026-11-25)
#   remediation: |
#     Remove `privileged` / `--privileged` (and the docker-in-docker feature); add only
#     the capabilities the tooling needs.
#   risk: Container escape, an agent under prompt injection gains root on the developer's or CI host.
violations contains findings.finding(rego.metadata.rule(), message, {"path": h.path, "line": h.line}) if {
	some h in _privileged
	message := concat("", ["The ", h.what, " ", h.how])
}

# ---------------------------------------------------------------------------
# Capabilities

_dangerous_caps := {"ALL", "SYS_ADMIN", "NET_ADMIN", "SYS_MODULE", "SYS_RAWIO", "DAC_READ_SEARCH", "BPF"}

_cap(c) := trim_prefix(upper(trim_space(c)), "CAP_")

# NET_ADMIN is what a firewall set up by a lifecycle hook needs (the Claude Code reference
# dev container adds it for init-firewall.sh): then it is the sandbox, not a finding.
_cap_needed(d, "NET_ADMIN") if _sets_up_firewall(d)

_capabilities contains {"path": d.path, "line": _dc_line(d, ["capAdd", "runArgs"]), "what": _dc_name(d), "cap": cap} if {
	some d in _judged_devcontainers
	some c in d.cap_add
	cap := _cap(c)
	cap in _dangerous_caps
	not _cap_needed(d, cap)
}

_capabilities contains {"path": s.path, "line": _svc_line(s, "cap_add"), "what": _svc_name(s), "cap": cap} if {
	some s in _judged_services
	some c in s.cap_add
	cap := _cap(c)
	cap in _dangerous_caps
}

# METADATA
# title: Agent container adds a dangerous capability
# description: |
#   A dev container or agent container adds a Linux capability that allows escaping or
#   reconfiguring the container: ALL, SYS_ADMIN, NET_ADMIN, SYS_MODULE, SYS_RAWIO,
#   DAC_READ_SEARCH or BPF (capAdd, --cap-add, cap_add; with or without the CAP_
#   prefix). NET_ADMIN is accepted in a dev container whose postCreateCommand or
#   postStartCommand sets up a firewall, which needs it (the Claude Code reference dev
#   container). Judged for every agent's container whatever the classification, and for
#   every dev container when the org requires a sandbox and assistants are in use.
# custom:
#   id: AIP332
#   severity: high
#   cwe: [CWE-250, CWE-269]
#   owasp: [LLM06:2025, ASI05:2026]
#   evidence:
#     - https://docs.docker.com/engine/security/ (verified 2026-11-25)
#     - https://docs.claude.com/pt/docs/claude-code/devcontainer (verified 2026-11-25)
#   remediation: |
#     Remove the capability; start from `--cap-drop=ALL` and add back only what the
#     tooling needs (NET_ADMIN only for a firewall script run at start).
#   risk: An agent escapes the container or switches off its network restrictions.
violations contains findings.finding(rego.metadata.rule(), message, {"path": h.path, "line": h.line}) if {
	some h in _capabilities
	message := concat("", ["The ", h.what, " adds the capability ", h.cap])
}

# ---------------------------------------------------------------------------
# Container engine socket

_engine_socket := `(?i)(docker|podman|containerd)\.sock`

# Dev container features that mount the host's Docker socket.
_socket_feature := `(?i)/(docker-outside-of-docker|docker-from-docker)(:|$)`

_sockets contains {"path": d.path, "line": m.line, "what": _dc_name(d), "how": concat("", ["mounts ", m.source])} if {
	some d in _judged_devcontainers
	some m in d.mounts
	regex.match(_engine_socket, m.spec)
	is_string(m.source)
}

_sockets contains {"path": d.path, "line": m.line, "what": _dc_name(d), "how": concat("", ["mounts ", m.spec])} if {
	some d in _judged_devcontainers
	some m in d.mounts
	regex.match(_engine_socket, m.spec)
	not is_string(m.source)
}

_sockets contains {"path": d.path, "line": _dc_line(d, ["features"]), "what": _dc_name(d), "how": concat("", ["installs ", f, ", which mounts the host's Docker socket"])} if {
	some d in _judged_devcontainers
	some f in d.features
	regex.match(_socket_feature, f)
}

_sockets contains {"path": s.path, "line": _svc_line(s, "volumes"), "what": _svc_name(s), "how": concat("", ["mounts ", split(v, ":")[0]])} if {
	some s in _judged_services
	some v in s.volumes
	regex.match(_engine_socket, v)
}

# METADATA
# title: Container engine socket mounted into an agent container
# description: |
#   A dev container or agent container mounts the Docker (or Podman, containerd) socket,
#   through mounts, workspaceMount, -v/--mount in runArgs, compose volumes, or the
#   docker-outside-of-docker feature. Whoever can use the socket can start a privileged
#   container with the host's file system: root on the host. Judged for every agent's
#   container whatever the classification, and for every dev container when the org
#   requires a sandbox and assistants are in use.
# custom:
#   id: AIP333
#   severity: high
#   cwe: [CWE-250, CWE-668]
#   owasp: [LLM06:2025, ASI05:2026]
#   evidence:
#     - https://docs.docker.com/engine/security/ (verified 2026-11-25)
#   remediation: |
#     Remove the socket mount. If the agent must build images, use rootless
#     docker-in-docker in a separate, non-privileged builder or a remote builder.
#   risk: Container escape, an agent under prompt injection gains root on the host through the engine API.
violations contains findings.finding(rego.metadata.rule(), message, {"path": h.path, "line": h.line}) if {
	some h in _sockets
	message := concat("", ["The ", h.what, " ", h.how])
}

# ---------------------------------------------------------------------------
# Confinement switched off

_unconfined := `(?i)^(seccomp|apparmor|systempaths)[=:]unconfined$|^label[=:]disable$`

_unconfined_opts contains {"path": d.path, "line": _dc_line(d, ["securityOpt", "runArgs"]), "what": _dc_name(d), "opt": o} if {
	some d in _judged_devcontainers
	some o in d.security_opt
	regex.match(_unconfined, trim_space(o))
}

_unconfined_opts contains {"path": s.path, "line": _svc_line(s, "security_opt"), "what": _svc_name(s), "opt": o} if {
	some s in _judged_services
	some o in s.security_opt
	regex.match(_unconfined, trim_space(o))
}

# METADATA
# title: Agent container switches off seccomp, AppArmor or SELinux
# description: |
#   A dev container or agent container sets a security option that removes a layer of
#   confinement: seccomp=unconfined, apparmor=unconfined, systempaths=unconfined or
#   label=disable (securityOpt, --security-opt, security_opt). Judged for every agent's
#   container whatever the classification, and for every dev container when the org
#   requires a sandbox and assistants are in use.
# custom:
#   id: AIP334
#   severity: medium
#   cwe: [CWE-693]
#   owasp: [LLM06:2025, ASI05:2026]
#   evidence:
#     - https://docs.docker.com/engine/security/ (verified 2026-11-25)
#   remediation: |
#     Remove the option and keep the engine's default profiles; if a debugger needs
#     ptrace, add SYS_PTRACE alone in a dev container agents do not use.
#   risk: Kernel attack surface opened to an agent, making container escapes feasible.
violations contains findings.finding(rego.metadata.rule(), message, {"path": h.path, "line": h.line}) if {
	some h in _unconfined_opts
	message := concat("", ["The ", h.what, " sets the security option ", h.opt])
}

# ---------------------------------------------------------------------------
# Host namespaces

_host_namespace_flags := {"--pid", "--ipc", "--network", "--net", "--uts", "--userns"}

_host_namespaces contains {"path": d.path, "line": _dc_line(d, ["runArgs"]), "what": _dc_name(d), "flag": concat("=", [flag, "host"])} if {
	some d in _judged_devcontainers
	some i, arg in d.run_args
	flag := arg
	flag in _host_namespace_flags
	d.run_args[i + 1] == "host"
}

_host_namespaces contains {"path": d.path, "line": _dc_line(d, ["runArgs"]), "what": _dc_name(d), "flag": arg} if {
	some d in _judged_devcontainers
	some arg in d.run_args
	parts := split(arg, "=")
	count(parts) == 2
	parts[0] in _host_namespace_flags
	parts[1] == "host"
}

_host_namespaces contains {"path": s.path, "line": _svc_line(s, "network_mode"), "what": _svc_name(s), "flag": "network_mode: host"} if {
	some s in _judged_services
	s.network_mode == "host"
}

# METADATA
# title: Agent container shares the host's namespaces
# description: |
#   A dev container or agent container joins a namespace of the host: --network=host,
#   --pid=host, --ipc=host, --uts=host or --userns=host in runArgs, or
#   `network_mode: host` in compose. With the host network the agent reaches every
#   service listening on the host and no container firewall applies; with the host PID
#   namespace it sees and signals the host's processes. Judged for every agent's
#   container whatever the classification, and for every dev container when the org
#   requires a sandbox and assistants are in use.
# custom:
#   id: AIP335
#   severity: medium
#   cwe: [CWE-668]
#   owasp: [LLM06:2025, ASI05:2026]
#   evidence:
#     - https://docs.docker.com/engine/security/ (verified 2026-11-25)
#   remediation: |
#     Remove the host namespace flags; publish only the ports the tooling needs, and use
#     --network=none or a firewall to restrict egress.
#   risk: An agent reaches host-only services and processes, or bypasses network restrictions.
violations contains findings.finding(rego.metadata.rule(), message, {"path": h.path, "line": h.line}) if {
	some h in _host_namespaces
	message := concat("", ["The ", h.what, " shares the host's namespace with ", h.flag])
}
