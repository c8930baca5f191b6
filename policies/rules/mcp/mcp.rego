# METADATA
# title: MCP servers
# description: |
#   The Model Context Protocol servers the repository configures for any assistant,
#   against the organisation's allowlist and deny list (data.org.mcp), and the settings
#   that let them run without the user approving them.
package aipolicy.rules.mcp

import data.aipolicy.lib.findings
import data.aipolicy.lib.mcp

# METADATA
# title: MCP server not on the organisation's allowlist
# description: |
#   The repository configures an MCP server that no entry of `mcp.allowed_servers` in the
#   org data matches. A server launched through a package runner (npx, uvx, bunx, pnpm dlx,
#   ...) matches an entry with the same `package` (version ignored); a remote server
#   matches an entry with the same `url` (`*` wildcards allowed); any server matches an
#   entry that gives only its `name`. Disabled or excluded servers are not reported.
#   Nothing is reported when the org data has no allowlist.
# custom:
#   id: AIP120
#   severity: high
#   cwe: [CWE-829, CWE-1357]
#   owasp: [LLM03:2025, ASI04:2026]
#   evidence:
#     - https://code.claude.com/docs/en/settings (verified 2026-11-25)
#     - https://geminicli.com/docs/tools/mcp-server (verified 2026-11-25)
#   remediation: |
#     Remove the server, or ask the policy owners to assess it and add it to
#     `mcp.allowed_servers`.
#   risk: An unassessed server receives the agent's context and gives the agent new powers (and prompt-injection paths).
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	allowed := data.org.mcp.allowed_servers
	some s in mcp.active_servers
	not _denied(s)
	not _allowed(s, allowed)
	message := concat("", ["MCP server '", s.name, "' (", _identity(s), ") is not on the organisation's allowlist"])
	location := {"path": s.path, "line": s.line}
}

# METADATA
# title: MCP server from a denied package
# description: |
#   The repository configures an MCP server whose package is on the organisation's list of
#   known-malicious or vulnerable MCP packages (`mcp.denied_packages`), even if disabled.
# custom:
#   id: AIP121
#   severity: critical
#   cwe: [CWE-506, CWE-1395]
#   owasp: [LLM03:2025, ASI04:2026]
#   evidence:
#     - https://genai.owasp.org/resource/owasp-top-10-for-agentic-applications-for-2026/ (not verified)
#   remediation: Remove the server from the file, and check the machines that ran it.
#   risk: Known-malicious or vulnerable code run with the developer's access.
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	some s in input.agent_config.mcp_servers
	some d in data.org.mcp.denied_packages
	lower(_package(s)) == lower(d.package)
	message := concat("", ["MCP server '", s.name, "' runs denied package ", d.package, " (", d.source, ")"])
	location := {"path": s.path, "line": s.line}
}

# METADATA
# title: Gemini CLI MCP server trusted
# description: |
#   A Gemini CLI MCP server has `trust: true`, which skips every confirmation for that
#   server's tools.
# custom:
#   id: AIP122
#   severity: high
#   cwe: [CWE-276, CWE-862]
#   owasp: [LLM06:2025, ASI02:2026]
#   evidence:
#     - https://geminicli.com/docs/tools/mcp-server (verified 2026-11-25)
#   remediation: |
#     Remove `trust: true`; allow individual tools with `includeTools` instead.
#   risk: Every action of the server's tools, including writes and remote calls, runs with no human check.
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	some s in mcp.active_servers
	s.trust == true
	message := concat("", ["MCP server '", s.name, "' in ", s.path, " is trusted (trust: true)"])
	location := {"path": s.path, "line": s.line}
}

# METADATA
# title: All project MCP servers auto-enabled
# description: |
#   A Claude Code settings file sets `enableAllProjectMcpServers: true`: every server in
#   `.mcp.json`, including ones added later by anyone who can change the repository, starts
#   without the user approving it.
# custom:
#   id: AIP123
#   severity: medium
#   cwe: [CWE-829]
#   owasp: [LLM03:2025, ASI04:2026, ASI05:2026]
#   evidence:
#     - https://code.claude.com/docs/en/settings (verified 2026-11-25)
#   remediation: |
#     Remove `enableAllProjectMcpServers`; approve servers by name with
#     `enabledMcpjsonServers` instead.
#   risk: A server added in a pull request runs on every developer's machine unreviewed.
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	some f in input.agent_config.claude_code
	f.enable_all_project_mcp_servers.value == true
	message := concat("", [f.path, " sets enableAllProjectMcpServers to true"])
	location := {"path": f.path, "line": f.enable_all_project_mcp_servers.line}
}

# --- Helpers -------------------------------------------------------------------------

_denied(s) if {
	some d in data.org.mcp.denied_packages
	lower(_package(s)) == lower(d.package)
}

_allowed(s, allowed) if {
	some e in allowed
	e.package
	lower(_package(s)) == lower(e.package)
}

_allowed(s, allowed) if {
	some e in allowed
	e.url
	is_string(s.url)
	_url_matches(e.url, s.url)
}

_allowed(s, allowed) if {
	some e in allowed
	e.name == s.name
	not e.package
	not e.url
}

_url_matches(pattern, url) if trim_suffix(pattern, "/") == trim_suffix(url, "/")

_url_matches(pattern, url) if {
	contains(pattern, "*")
	glob.match(pattern, [], url)
}

# How the message names what the server runs.
_identity(s) := concat("", ["package ", p]) if {
	p := _package(s)
}

else := concat("", ["url ", s.url]) if is_string(s.url)

else := concat("", ["command ", s.command]) if is_string(s.command)

else := "no command or url"

# --- Package of a server started through a package runner ------------------------------

# Runners whose arguments start with the package.
_runners := {"npx", "pnpx", "bunx", "uvx"}

# Runners that take a sub-command first (`pnpm dlx`, `npm exec`, `pipx run`, ...).
_runner_subcommands := {"pnpm": ["dlx"], "yarn": ["dlx"], "bun": ["x"], "npm": ["exec"], "pipx": ["run"], "uv": ["tool", "run"]}

_base_command(command) := name if {
	parts := split(replace(command, "\\", "/"), "/")
	name := trim_suffix(trim_suffix(lower(parts[count(parts) - 1]), ".cmd"), ".exe")
}

_runner_args(s) := s.args if {
	_base_command(s.command) in _runners
}

_runner_args(s) := array.slice(s.args, count(sub), count(s.args)) if {
	sub := _runner_subcommands[_base_command(s.command)]
	array.slice(s.args, 0, count(sub)) == sub
}

# The package a runner starts: given by -p/--package/--from, or its first positional argument.
_package_spec(args) := spec if {
	flagged := array.concat(
		[args[i + 1] | some i, a in args; a in {"-p", "--package", "--from", "--spec"}; i + 1 < count(args)],
		[substring(a, indexof(a, "=") + 1, -1) | some a in args; regex.match(`^--(package|from|spec)=`, a)],
	)
	count(flagged) > 0
	spec := flagged[0]
} else := spec if {
	positional := [a | some a in args; not startswith(a, "-")]
	spec := positional[0]
}

# The package name without version or extras: @scope/name@1.2.3 -> @scope/name, name==1.0 -> name.
_package(s) := _strip_version(_package_spec(_runner_args(s)))

_strip_version(spec) := concat("", ["@", split(spec, "@")[1]]) if startswith(spec, "@")

_strip_version(spec) := substring(name, 0, min(cuts)) if {
	not startswith(spec, "@")
	name := split(spec, "@")[0]
	cuts := array.concat([count(name)], [i |
		some c in ["=", "<", ">", "!", "~", "[", ";", " "]
		i := indexof(name, c)
		i >= 0
	])
}
