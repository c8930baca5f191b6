# METADATA
# title: Agent permission depth
# description: |
#   What the allow lists, directories and environment of the assistants' settings files
#   grant beyond the agent-hardening basics: every edit, edits outside the project,
#   destructive or escalating shell commands, credentials and secret files, the home
#   directory or the file-system root as a working directory, and model traffic sent to
#   another endpoint or without TLS checks. Deny and ask rules are protection and are
#   never read here; only allow rules, directories and `env` are.
package aipolicy.rules.permissions

import data.aipolicy.lib.findings

# METADATA
# title: Every file edit allowed without asking
# description: |
#   A Claude Code allow rule lets the agent write or edit any file of the project without
#   asking: `Edit`, `Write`, `MultiEdit` or `NotebookEdit` with no path, or with a path
#   that matches everything (`*`, `**`, `/**`, `./**`), or a Gemini CLI `tools.allowed`
#   entry for its write tools (`write_file`, `replace`; v1 `WriteFileTool`, `EditTool`).
#   The agent can then change build scripts, CI workflows and git hooks that run later.
#   Rules scoped to a part of the project (`Edit(src/**)`) are not reported.
# custom:
#   id: AIP180
#   severity: medium
#   cwe: [CWE-276]
#   owasp: [LLM06:2025, ASI02:2026]
#   evidence:
#     - https://code.claude.com/docs/en/permissions (verified 2026-12-05)
#     - https://docs.anthropic.com/en/docs/claude-code/iam (Read and Edit path patterns) (verified 2026-12-05)
#     - https://geminicli.com/docs/reference/configuration (not verified)
#   remediation: |
#     Allow edits only where the agent needs them (e.g. `Edit(src/**)`, `Edit(tests/**)`),
#     and let every other edit ask; deny edits to `.github/**` and other files that run code.
#   risk: A prompt-injected agent rewrites build scripts, CI workflows or hooks that later run with the developer's or CI's rights.
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	some r in _every_edit_rules
	message := concat("", [r.path, " allows editing every file without asking: ", r.rule])
	location := {"path": r.path, "line": r.line}
}

# METADATA
# title: File edits outside the project allowed without asking
# description: |
#   A Claude Code allow rule for `Edit`, `Write`, `MultiEdit` or `NotebookEdit` names a
#   path outside the project: home-relative (`~/...`), absolute (`//...`, Claude Code's
#   syntax for the file-system root) or a parent directory (`../...`). The agent can change
#   shell start-up files, SSH `authorized_keys`, other repositories or its own user
#   settings without asking.
# custom:
#   id: AIP181
#   severity: high
#   cwe: [CWE-276, CWE-668]
#   owasp: [LLM06:2025, ASI02:2026, ASI05:2026]
#   evidence:
#     - https://code.claude.com/docs/en/permissions (verified 2026-12-05)
#     - https://docs.anthropic.com/en/docs/claude-code/iam (Read and Edit path patterns) (verified 2026-12-05)
#   remediation: Remove the rule; edits outside the project should always ask.
#   risk: Persistence or credential theft through files outside the repository (shell profiles, SSH keys, other projects).
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	some f in input.agent_config.claude_code
	some r in f.allow
	r.tool in _edit_tools
	is_string(r.specifier)
	_outside_project(trim_space(r.specifier))
	message := concat("", [f.path, " allows editing files outside the project without asking: ", r.rule])
	location := {"path": f.path, "line": r.line}
}

# METADATA
# title: Home directory, credentials or system files readable without asking
# description: |
#   A Claude Code `Read` allow rule reaches outside the project to the whole home
#   directory or file system (`~/**`, `//**`, `//home/<user>/**`), to a credential store
#   (`~/.ssh`, `~/.aws`, `~/.gnupg`, `~/.kube`, `~/.azure`, `~/.docker`,
#   `~/.config/gcloud`, `~/.config/gh`, `~/.netrc`, `~/.git-credentials`, `~/.npmrc`,
#   `~/.pypirc`) or to system files (`//etc`, `//root`, `//proc`, `//var/log`,
#   `//run/secrets`, `//var/run/secrets`). Reading outside the project normally asks.
#   Other paths outside the project are not reported.
# custom:
#   id: AIP184
#   severity: high
#   cwe: [CWE-200, CWE-522]
#   owasp: [LLM02:2025, ASI03:2026]
#   evidence:
#     - https://code.claude.com/docs/en/permissions (verified 2026-12-05)
#     - https://docs.anthropic.com/en/docs/claude-code/iam (Read and Edit path patterns) (verified 2026-12-05)
#   remediation: |
#     Remove the rule, and add the credential paths to `permissions.deny`
#     (e.g. `Read(~/.ssh/**)`, `Read(~/.aws/**)`).
#   risk: Keys and cloud credentials read into the agent's context, the vendor's logs, and any exfiltration a prompt injection attempts.
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	some f in input.agent_config.claude_code
	some r in f.allow
	r.tool == "Read"
	is_string(r.specifier)
	_sensitive_outside(trim_space(r.specifier))
	message := concat("", [f.path, " allows reading credentials or files outside the project without asking: ", r.rule])
	location := {"path": f.path, "line": r.line}
}

# METADATA
# title: Secret files or the environment readable without asking
# description: |
#   An allow rule pre-approves reading the project's secret files or dumping the
#   environment: a Claude Code `Read` rule naming `.env` files (`.env`, `.env.*`,
#   `**/.env`, `*.env`, not `.env.example`/`.sample`/`.template`/`.dist`), private keys
#   (`*.pem`, `*.key`, `id_rsa`, `id_ed25519`, `id_ecdsa`), or a shell rule that allows
#   `printenv` or a bare `env` (Claude Code `Bash(...)`, Gemini CLI
#   `run_shell_command(...)`). Such files belong in the deny list (AIP106).
# custom:
#   id: AIP185
#   severity: medium
#   cwe: [CWE-200, CWE-526]
#   owasp: [LLM02:2025]
#   evidence:
#     - https://code.claude.com/docs/en/permissions (verified 2026-12-05)
#     - https://code.claude.com/docs/en/settings (not verified)
#   remediation: |
#     Remove the rule and deny the files instead (`Read(./.env)`, `Read(./.env.*)`,
#     `Read(**/*.pem)`); let environment dumps ask.
#   risk: Local credentials read into the agent's context and the vendor's logs.
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	some r in _secret_reads
	message := concat("", [r.path, " allows ", r.what, " without asking: ", r.rule])
	location := {"path": r.path, "line": r.line}
}

# METADATA
# title: Home directory or file-system root opened to the agent
# description: |
#   A Claude Code `permissions.additionalDirectories` entry, or a Codex
#   `sandbox_workspace_write.writable_roots` entry, is the file-system root (`/`, `C:\`),
#   the home directory (`~`, `$HOME`, `${HOME}`, `%USERPROFILE%`, `/root`,
#   `/home/<user>`, `/Users/<user>`, `C:\Users\<user>`) or every home (`/home`,
#   `/Users`). The agent then works on every file there as if it were part of the
#   project (Codex: may write there from its sandbox).
# custom:
#   id: AIP186
#   severity: high
#   cwe: [CWE-668, CWE-276]
#   owasp: [LLM06:2025, ASI02:2026]
#   evidence:
#     - https://code.claude.com/docs/en/permissions (verified 2026-12-05)
#     - https://developers.openai.com/codex/config-reference (not verified)
#   remediation: |
#     Add only the directories the task needs (a sibling repository, a build output
#     directory), never the home directory or the root.
#   risk: Credentials, SSH keys and other projects in the agent's reach, for reading and (Codex) writing.
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	some d in _opened_directories
	message := concat("", [d.path, " adds ", d.value, " to ", d.key])
	location := {"path": d.path, "line": d.line}
}

# METADATA
# title: Model traffic sent to another endpoint, provider or proxy
# description: |
#   A Claude Code settings file's `env` sets a variable that sends the session's prompts,
#   code and tool results somewhere other than the vendor the organisation approved:
#   `ANTHROPIC_BASE_URL`, `ANTHROPIC_BEDROCK_BASE_URL`, `ANTHROPIC_VERTEX_BASE_URL`,
#   `ANTHROPIC_FOUNDRY_BASE_URL` (a gateway or proxy), `CLAUDE_CODE_USE_BEDROCK`,
#   `CLAUDE_CODE_USE_VERTEX`, `CLAUDE_CODE_USE_FOUNDRY` (another cloud provider),
#   `HTTPS_PROXY`/`HTTP_PROXY` (either case), or `NODE_EXTRA_CA_CERTS` (a CA that may
#   intercept TLS). Only the name is read (values are never collected), so a variable set
#   to a disabling value is reported too. Telemetry switches such as `DISABLE_TELEMETRY`
#   are not reported.
# custom:
#   id: AIP187
#   severity: medium
#   cwe: [CWE-200, CWE-923]
#   owasp: [LLM02:2025, LLM03:2025]
#   evidence:
#     - https://code.claude.com/docs/en/env-vars (verified 2026-12-05)
#     - https://code.claude.com/docs/en/network-config (verified 2026-12-05)
#     - https://docs.anthropic.com/en/docs/claude-code/bedrock-vertex-proxies (verified 2026-12-05)
#   remediation: |
#     Remove the variable from the committed settings; if the organisation runs an
#     approved gateway or proxy, set it in managed settings, and waive this finding in
#     the org data.
#   risk: Source code and prompts sent to an endpoint or vendor the organisation has not approved, or read by a proxy in between.
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	some f in input.agent_config.claude_code
	some e in f.env_keys
	e.value in _endpoint_env
	message := concat("", [f.path, " sets ", e.value, " in env: model traffic goes to another endpoint, provider or proxy"])
	location := {"path": f.path, "line": e.line}
}

# METADATA
# title: TLS certificate checks turned off for the agent
# description: |
#   A Claude Code settings file's `env` sets `NODE_TLS_REJECT_UNAUTHORIZED`. Node.js reads
#   the variable only to turn certificate verification off (with `0`), so every HTTPS
#   connection of the agent (model API, web fetches, MCP over HTTP) accepts any
#   certificate. Only the name is read (values are never collected).
# custom:
#   id: AIP188
#   severity: high
#   cwe: [CWE-295]
#   owasp: [LLM02:2025]
#   evidence:
#     - https://nodejs.org/api/cli.html#node_tls_reject_unauthorizedvalue (verified 2026-12-05)
#     - https://code.claude.com/docs/en/network-config (verified 2026-12-05)
#   remediation: |
#     Remove `NODE_TLS_REJECT_UNAUTHORIZED`; behind a TLS-inspecting proxy, trust its CA
#     with `NODE_EXTRA_CA_CERTS` in managed settings instead.
#   risk: Anyone on the network path reads and alters the agent's traffic, including its API credentials and the code it sends.
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	some f in input.agent_config.claude_code
	some e in f.env_keys
	e.value == "NODE_TLS_REJECT_UNAUTHORIZED"
	message := concat("", [f.path, " sets NODE_TLS_REJECT_UNAUTHORIZED in env"])
	location := {"path": f.path, "line": e.line}
}

# --- Helpers -------------------------------------------------------------------------

# Claude Code tools whose path rules grant writes (Write/MultiEdit/NotebookEdit path
# rules are ignored by current versions, which use Edit for all; older ones read them).
_edit_tools := {"Edit", "Write", "MultiEdit", "NotebookEdit"}

_gemini_write_tools := {"write_file", "replace", "WriteFileTool", "EditTool"}

_every_edit_rules contains {"path": f.path, "line": r.line, "rule": r.rule} if {
	some f in input.agent_config.claude_code
	some r in f.allow
	r.tool in _edit_tools
	_whole_project(r.specifier)
}

_every_edit_rules contains {"path": f.path, "line": s.line, "rule": concat(" ", [s.key, entry])} if {
	some f in input.agent_config.gemini
	some s in f.allowed_tools
	is_array(s.value)
	some entry in s.value
	entry in _gemini_write_tools
}

_secret_reads contains {"path": f.path, "line": r.line, "rule": r.rule, "what": "reading secret files"} if {
	some f in input.agent_config.claude_code
	some r in f.allow
	r.tool == "Read"
	is_string(r.specifier)
	spec := trim_space(r.specifier)
	not _outside_project(spec)
	_secret_file(spec)
}

_secret_reads contains {"path": r.path, "line": r.line, "rule": r.rule, "what": "dumping the environment"} if {
	some r in _shell_allow_rules
	some command in ["printenv", "env"]
	_matches(r, command)
}

_opened_directories contains {"path": f.path, "line": d.line, "value": d.value, "key": "permissions.additionalDirectories"} if {
	some f in input.agent_config.claude_code
	some d in f.additional_directories
	_home_or_root(d.value)
}

_opened_directories contains {"path": f.path, "line": f.writable_roots.line, "value": root, "key": "sandbox_workspace_write.writable_roots"} if {
	some f in input.agent_config.codex
	roots := f.writable_roots.value
	is_array(roots)
	some root in roots
	is_string(root)
	_home_or_root(root)
}

_whole_project(null)

_whole_project(spec) if _strip_root(trim_space(spec)) in {"", ".", "*", "**", "**/*", "*/**", "**/**"}

# `./x` and `/x` (the settings file's root) are inside the project; `//x` is absolute.
_strip_root(spec) := s2 if {
	s1 := trim_prefix(spec, "./")
	s2 := _strip_slash(s1)
}

_strip_slash(s) := substring(s, 1, -1) if {
	startswith(s, "/")
	not startswith(s, "//")
} else := s

_outside_project(spec) if startswith(spec, "~")

_outside_project(spec) if startswith(spec, "//")

_outside_project(spec) if spec == ".."

_outside_project(spec) if startswith(spec, "../")

# A home directory or a user's home as a path prefix, in Claude Code's rule syntax.
_home_prefix := `(~|//root|//(home|Users)/[^/]+|//(home|Users)/\*{1,2})`

# The whole home directory, every home, or the whole file system.
_sensitive_outside(spec) if {
	regex.match(concat("", [`^(`, _home_prefix, `|//|//(home|Users))/?(\*{1,2}(/\*{1,2})*)?$`]), spec)
}

_sensitive_outside(spec) if {
	regex.match(concat("", [`^`, _home_prefix, `(/\*\*)?/`, _credential_stores, `(/|$)`]), spec)
}

_sensitive_outside(spec) if regex.match(`^//(etc|root|proc|var/log|run/secrets|var/run/secrets|private/etc)(/|$)`, spec)

_credential_stores := `(\.ssh|\.aws|\.gnupg|\.kube|\.azure|\.docker|\.config/gcloud|\.config/gh|\.netrc|\.git-credentials|\.npmrc|\.pypirc)`

_secret_file(spec) if {
	regex.match(`(^|/)(\.env[^/]*|\*\.env|[^/]*\.pem|[^/]*\.key|id_(rsa|ed25519|ecdsa)[^/]*)$`, spec)
	not regex.match(`\.env\.(example|sample|template|dist)$`, spec)
}

_home_or_root(path) if {
	p := trim_space(path)
	p != ""
	_root_or_home_path(trim_right(p, `/\`))
}

_root_or_home_path("")

_root_or_home_path(p) if p in {"~", "$HOME", "${HOME}", "%USERPROFILE%", "/root", "/home", "/Users"}

_root_or_home_path(p) if regex.match(`^(/home/[^/]+|/Users/[^/]+|[A-Za-z]:|[A-Za-z]:[\\/]Users[\\/][^\\/]+)$`, p)

_endpoint_env := {
	"ANTHROPIC_BASE_URL", "ANTHROPIC_BEDROCK_BASE_URL", "ANTHROPIC_VERTEX_BASE_URL",
	"ANTHROPIC_FOUNDRY_BASE_URL", "CLAUDE_CODE_USE_BEDROCK", "CLAUDE_CODE_USE_VERTEX",
	"CLAUDE_CODE_USE_FOUNDRY", "HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy",
	"NODE_EXTRA_CA_CERTS",
}
