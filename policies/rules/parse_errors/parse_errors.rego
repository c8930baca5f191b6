# METADATA
# title: Parse errors
# description: |
#   Configuration files the collectors could not parse (`parse_errors`). Nothing in an
#   unreadable file can be checked, so it must not pass silently.
package aipolicy.rules.parse_errors

import data.aipolicy.lib.findings

# Folders that hold an assistant's own configuration (settings, MCP servers, rules).
agent_config_dirs := [
	".amazonq/",
	".claude/",
	".codex/",
	".continue/",
	".cursor/",
	".gemini/",
	".roo/",
	".windsurf/",
]

# Single files that configure an assistant or its MCP servers.
agent_config_files := {
	".aider.conf.yaml",
	".aider.conf.yml",
	".mcp.json",
	".vscode/mcp.json",
}

# Claude Code managed settings and MCP servers, wherever they are committed.
managed_config_pattern := `(^|/)(managed-settings\.json|managed-mcp\.json|managed-settings\.d/[^/]+\.json)$`

agent_config(path) if {
	some dir in agent_config_dirs
	startswith(path, dir)
}

agent_config(path) if path in agent_config_files

agent_config(path) if regex.match(managed_config_pattern, path)

workflow(path) if startswith(path, ".github/workflows/")

workflow(".gitlab-ci.yml")

location(e) := {"path": e.path, "line": e.line} if is_number(e.line)

else := {"path": e.path}

# What the parser said, without anything after " with value" (a duplicate-key message
# quotes the file's values, which may be secrets).
parser_said(message) := substring(message, 0, i) if {
	i := indexof(message, " with value")
	i >= 0
} else := message

what_is_lost(path) := "its AI agents and security controls are not checked" if workflow(path)

else := "what it configures is not checked"

# METADATA
# title: AI assistant configuration could not be parsed
# description: |
#   An assistant's settings or MCP configuration (`.claude/`, `.mcp.json`, `.gemini/`,
#   `.codex/`, `.cursor/`, `.vscode/mcp.json` ...) could not be parsed. Its permissions,
#   hooks and MCP servers are unknown to the policy, and the assistant itself may read
#   the file differently (or fall back to its defaults).
# custom:
#   id: AIP290
#   severity: high
#   cwe: [CWE-436]
#   owasp: []
#   evidence:
#     - https://code.claude.com/docs/en/settings (verified 2026-11-25)
#     - https://geminicli.com/docs/reference/configuration (verified 2026-11-25)
#   remediation: |
#     Fix the file's syntax at the reported line (it must be valid JSON, JSONC or TOML
#     in UTF-8) and run `aipolicy check` again.
#   risk: An agent configuration that escapes every check because it cannot be read.
violations contains findings.finding(rego.metadata.rule(), message, location(e)) if {
	some e in input.parse_errors
	agent_config(e.path)
	message := concat("", [
		"agent configuration ", e.path, " could not be parsed (",
		parser_said(e.message), "), so its settings are not checked",
	])
}

# METADATA
# title: Configuration file could not be parsed
# description: |
#   A CI workflow or another configuration file (dependency manifest, devcontainer,
#   pre-commit, Dependabot or Renovate configuration ...) could not be parsed. What it
#   holds is unknown to the policy: a CI workflow's AI agents and security controls, a
#   manifest's dependencies.
# custom:
#   id: AIP291
#   severity: medium
#   cwe: [CWE-436]
#   owasp: []
#   evidence: []
#   remediation: Fix the file's syntax at the reported line and run `aipolicy check` again.
#   risk: Configuration that escapes every check because it cannot be read.
violations contains findings.finding(rego.metadata.rule(), message, location(e)) if {
	some e in input.parse_errors
	not agent_config(e.path)
	message := concat("", [
		e.path, " could not be parsed (", parser_said(e.message), "), so ",
		what_is_lost(e.path),
	])
}
