# METADATA
# title: Agent hardening
# description: |
#   What the assistants' own settings files (Claude Code, Gemini CLI, Codex) allow an
#   agent to do without asking: permission bypass, unrestricted shell, network egress,
#   hooks that reach the network, and the hardening the organisation requires.
#   Deny and ask rules are protection and never a finding.
package aipolicy.rules.agent_hardening

import data.aipolicy.lib.findings
import data.aipolicy.lib.project
import data.aipolicy.lib.shell
import data.aipolicy.lib.wildcard

# METADATA
# title: Claude Code permission prompts bypassed by default
# description: |
#   A Claude Code settings file sets `permissions.defaultMode` to `bypassPermissions`:
#   every tool call (shell, edits, network) runs without asking. Only deny rules still apply.
# custom:
#   id: AIP100
#   severity: critical
#   cwe: [CWE-276, CWE-862]
#   owasp: [LLM06:2025, ASI02:2026, ASI05:2026]
#   evidence:
#     - https://code.claude.com/docs/en/permissions (verified 2026-11-25)
#     - https://code.claude.com/docs/en/settings (verified 2026-11-25)
#   remediation: |
#     Remove `defaultMode: bypassPermissions` (use `default`, `acceptEdits` or `plan`),
#     and set `permissions.disableBypassPermissionsMode` to "disable".
#   risk: An agent runs any command or edit, including ones steered by prompt injection, with no human check.
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	some f in input.agent_config.claude_code
	f.default_mode.value == "bypassPermissions"
	message := concat("", [f.path, " sets permissions.defaultMode to bypassPermissions"])
	location := {"path": f.path, "line": f.default_mode.line}
}

# METADATA
# title: Claude Code dangerous-mode warning skipped
# description: |
#   `skipDangerousModePermissionPrompt: true` in a committed local or managed settings
#   file (where Claude Code honours it) removes the warning shown before bypass-permissions
#   mode starts. Claude Code ignores the key in project settings (.claude/settings.json),
#   so it is not reported there.
# custom:
#   id: AIP101
#   severity: medium
#   cwe: [CWE-356]
#   owasp: [LLM06:2025]
#   evidence:
#     - https://code.claude.com/docs/en/settings (verified 2026-11-25)
#     - https://code.claude.com/docs/en/permissions (verified 2026-11-25)
#   remediation: Remove `skipDangerousModePermissionPrompt` from the file.
#   risk: Bypass-permissions mode starts without the user confirming they understand it.
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	some f in input.agent_config.claude_code
	f.scope in {"local", "managed"}
	f.skip_dangerous_mode_permission_prompt.value == true
	message := concat("", [f.path, " sets skipDangerousModePermissionPrompt to true"])
	location := {"path": f.path, "line": f.skip_dangerous_mode_permission_prompt.line}
}

# METADATA
# title: Unrestricted shell allowed without asking
# description: |
#   An allow rule lets the agent run any shell command without asking: Claude Code
#   `Bash`, `Bash(*)`, a wildcard shell such as `Bash(bash *)` or `Bash(sh -c *)`, a
#   wildcard interpreter or package runner (`Bash(python3:*)`, `Bash(node *)`,
#   `Bash(npx:*)`: `-c`/`-e` or any package runs any code), or a Gemini CLI
#   `tools.allowed` entry `run_shell_command` / `ShellTool` without a command.
# custom:
#   id: AIP102
#   severity: high
#   cwe: [CWE-78, CWE-250]
#   owasp: [LLM06:2025, ASI02:2026, ASI05:2026]
#   evidence:
#     - https://code.claude.com/docs/en/permissions (verified 2026-11-25)
#     - https://geminicli.com/docs/reference/configuration (verified 2026-11-25)
#   remediation: |
#     Allow only the specific commands the agent needs (e.g. `Bash(npm run test *)`,
#     `run_shell_command(git status)`); let everything else ask.
#   risk: Any command, including destructive or exfiltrating ones, runs with no human check.
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	some r in _shell_allow_rules
	_unrestricted_shell(r)
	message := concat("", [r.path, " allows every shell command without asking: ", r.rule])
	location := {"path": r.path, "line": r.line}
}

# METADATA
# title: Network tool allowed in the shell without asking
# description: |
#   An allow rule lets the agent run a network client (curl, wget, nc, ssh, scp, rsync, ...)
#   without asking, e.g. Claude Code `Bash(curl *)` or Gemini CLI `run_shell_command(curl)`.
#   Such a command can send any file the agent can read to any host.
# custom:
#   id: AIP103
#   severity: high
#   cwe: [CWE-200, CWE-250]
#   owasp: [LLM02:2025, LLM06:2025, ASI02:2026]
#   evidence:
#     - https://code.claude.com/docs/en/permissions (verified 2026-11-25)
#     - https://geminicli.com/docs/reference/configuration (verified 2026-11-25)
#   remediation: |
#     Remove the allow rule (or turn it into an `ask` rule); if the agent must download,
#     allow the exact command and host.
#   risk: Data exfiltration through a command the agent runs unprompted.
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	some r in _shell_allow_rules
	not _unrestricted_shell(r)
	regex.match(_network_command_prefix, r.command)
	message := concat("", [r.path, " allows a network command without asking: ", r.rule])
	location := {"path": r.path, "line": r.line}
}

# METADATA
# title: Web fetch to any domain allowed without asking
# description: |
#   A Claude Code allow rule `WebFetch` with no domain, or `WebFetch(domain:*)`, lets the
#   agent fetch any URL without asking. A URL can carry data out of the repository.
# custom:
#   id: AIP104
#   severity: medium
#   cwe: [CWE-200, CWE-918]
#   owasp: [LLM01:2025, LLM02:2025, LLM06:2025, ASI01:2026, ASI02:2026]
#   evidence:
#     - https://code.claude.com/docs/en/permissions (verified 2026-11-25)
#   remediation: Allow WebFetch only for named domains, e.g. `WebFetch(domain:docs.example.com)`.
#   risk: Data exfiltration in fetched URLs, and untrusted web content injected into the agent.
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	some f in input.agent_config.claude_code
	some r in f.allow
	r.tool == "WebFetch"
	_any_domain(r.specifier)
	message := concat("", [f.path, " allows fetching any domain without asking: ", r.rule])
	location := {"path": f.path, "line": r.line}
}

# METADATA
# title: No Claude Code deny rule for .env files
# description: |
#   Hardened agent settings are required for this project, Claude Code is in use, and no
#   settings file has a `Read` deny (or ask) rule covering the root `.env` file, e.g.
#   `Read(./.env)`, `Read(./.env*)` or `Read(**/.env)`. A `Read` rule also guards edits.
#   (Other secret-like files are judged by the secrets and data-sharing rules.)
# custom:
#   id: AIP106
#   severity: medium
#   cwe: [CWE-668, CWE-200]
#   owasp: [LLM02:2025]
#   evidence:
#     - https://code.claude.com/docs/en/settings (verified 2026-11-25)
#     - https://code.claude.com/docs/en/permissions (verified 2026-11-25)
#   remediation: |
#     Add `"Read(./.env)"` and `"Read(./.env.*)"` (and your secrets directories) to
#     `permissions.deny` in `.claude/settings.json`.
#   risk: The agent reads local credentials into its context and the vendor's logs.
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	_hardening_required
	files := _claude_files
	not _env_read_guarded
	message := "Claude Code is in use and no settings file denies reading .env files"
	location := {"path": _claude_home(files)}
}

# METADATA
# title: Claude Code bypass-permissions mode not disabled
# description: |
#   Hardened agent settings are required for this project, Claude Code is in use, and no
#   settings file sets `permissions.disableBypassPermissionsMode` to the string "disable"
#   (a boolean or other value is not honoured).
# custom:
#   id: AIP107
#   severity: low
#   cwe: [CWE-1188, CWE-276]
#   owasp: [LLM06:2025]
#   evidence:
#     - https://code.claude.com/docs/en/permissions (verified 2026-11-25)
#     - https://code.claude.com/docs/en/settings (verified 2026-11-25)
#   remediation: |
#     Set `"disableBypassPermissionsMode": "disable"` under `permissions` in
#     `.claude/settings.json`.
#   risk: Anyone can start the agent with `--dangerously-skip-permissions` and no prompt applies.
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	_hardening_required
	files := _claude_files
	not _bypass_disabled
	[message, location] := _bypass_setting_report(files)
}

# --- Helpers -------------------------------------------------------------------------

# Allow rules that run shell commands, from Claude Code (`Bash(...)`) and Gemini CLI
# (`run_shell_command(...)`, v1 `ShellTool(...)`), with the command as written (null = any).
_shell_allow_rules contains {"path": f.path, "line": r.line, "rule": r.rule, "command": r.specifier} if {
	some f in input.agent_config.claude_code
	some r in f.allow
	r.tool == "Bash"
}

_shell_allow_rules contains {"path": f.path, "line": s.line, "rule": entry, "command": command} if {
	some f in input.agent_config.gemini
	some s in f.allowed_tools
	is_array(s.value)
	some entry in s.value
	is_string(entry)
	[tool, command] := _gemini_shell_rule(entry)
	tool in {"run_shell_command", "ShellTool"}
}

_gemini_shell_rule(entry) := [entry, null] if {
	not contains(entry, "(")
}

_gemini_shell_rule(entry) := [tool, command] if {
	i := indexof(entry, "(")
	i > 0
	endswith(entry, ")")
	tool := substring(entry, 0, i)
	command := trim_space(substring(entry, i + 1, (count(entry) - i) - 2))
}

# No command, a bare wildcard, or a shell, interpreter or package runner followed only by a
# wildcard (`bash *`, `sh -c *`, `python3:*`, `npx *`): lib/shell.
_unrestricted_shell(r) if shell.every_command(r.command)

# A command that starts with a network client (optionally after sudo).
_network_command_prefix := `^\s*(sudo\s+)?(curl|wget|nc|ncat|netcat|socat|ssh|scp|sftp|rsync|ftp|telnet|http|https|xh)(\s|:|\*|$)`

_any_domain(null)

_any_domain(spec) if trim_space(spec) in {"", "*", "domain:*", "domain:"}

_hardening_required if {
	project.ai_assistance != "prohibited"
	project.control_required("hardened_agents")
}

# The files that show Claude Code is in use (undefined when it is not).
_claude_files := a.files if {
	some a in project.in_use
	a.tool == "claude-code"
}

# Where a missing Claude Code setting belongs: the project settings file, else the first
# file that shows Claude Code is in use.
_claude_home(files) := p if {
	paths := sort([f.path | some f in input.agent_config.claude_code; f.scope == "project"])
	count(paths) > 0
	p := paths[0]
} else := files[0].path

# A Read deny or ask rule covers the root .env file. Deny and ask lists merge across
# every settings file, so any file counts.
_env_read_guarded if {
	some f in input.agent_config.claude_code
	some r in array.concat(f.deny, f.ask)
	r.tool == "Read"
	_covers_root_env(r.specifier)
}

_covers_root_env(null)

# The pattern, rooted, is one path segment whose `*`s match ".env" (`**` included). No
# glob.match: deny rules are repository input, see lib/wildcard.
_covers_root_env(spec) if {
	is_string(spec)
	segment := _strip_root(trim_space(spec))
	not contains(segment, "/")
	wildcard.match(segment, ".env")
}

# `./x`, `/x` (the settings file's root) and `**/x` all reach the root file x.
_strip_root(spec) := s3 if {
	s1 := trim_prefix(spec, "./")
	s2 := _strip_slash(s1)
	s3 := trim_prefix(s2, "**/")
}

_strip_slash(s) := substring(s, 1, -1) if {
	startswith(s, "/")
	not startswith(s, "//")
} else := s

_bypass_disabled if {
	some f in input.agent_config.claude_code
	f.disable_bypass_permissions_mode.value == "disable"
}

# Report a wrongly typed value where it is written; otherwise the missing setting.
_bypass_setting_report(files) := [message, location] if {
	settings := sort([[f.path, f.disable_bypass_permissions_mode.line, f.disable_bypass_permissions_mode.value] |
		some f in input.agent_config.claude_code
		f.disable_bypass_permissions_mode != null
	])
	count(settings) > 0
	[path, line, value] := settings[0]
	message := concat("", [
		path, " sets permissions.disableBypassPermissionsMode to ", json.marshal(value),
		", but Claude Code only honours \"disable\"",
	])
	location := {"path": path, "line": line}
} else := [message, location] if {
	message := "Claude Code is in use and no settings file sets permissions.disableBypassPermissionsMode to \"disable\""
	location := {"path": _claude_home(files)}
}
