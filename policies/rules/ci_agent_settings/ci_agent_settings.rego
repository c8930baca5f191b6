# METADATA
# title: AI agent settings in CI
# description: |
#   The settings an AI agent is given in a CI workflow: its tool allowlist, its sandbox,
#   and who may start it. (Untrusted triggers, permission-skipping flags and tokens are
#   judged by aipolicy.rules.ai_in_ci; prompt injection by aipolicy.rules.ci_injection.)
package aipolicy.rules.ci_agent_settings

import data.aipolicy.lib.findings

# METADATA
# title: AI agent in CI allowed an unrestricted shell
# description: |
#   The agent's tool allowlist in the workflow (`--allowedTools`, `allowed_tools`) grants
#   the whole shell (`Bash`, `Bash(*)`, `Bash(:*)`), so any text that reaches the prompt
#   can run any command on the runner, with its token and secrets.
# custom:
#   id: AIP240
#   severity: high
#   remediation: |
#     List the exact commands the agent needs (e.g. `Bash(npm test:*)`) instead of the
#     whole shell, and keep the job's token read-only.
#   risk: Prompt-injected agents running arbitrary commands in CI.
#   cwe: [CWE-78, CWE-250]
#   owasp: [LLM06:2025, ASI02:2026, ASI05:2026]
#   evidence:
#     - "https://github.com/trailofbits/skills/tree/main/plugins/agentic-actions-auditor/skills/agentic-actions-auditor/references/vector-f-subshell-expansion.md (verified 2026-11-25)"
#     - https://code.claude.com/docs/en/permissions (verified 2026-11-25)
violations contains findings.finding(rego.metadata.rule(), message, {"path": a.path, "line": a.line}) if {
	some a in input.ci.agents
	is_string(a.allowed_tools)
	some tool, pattern in _whole_shell
	regex.match(pattern, a.allowed_tools)
	message := concat("", [a.tool, " in job '", a.job, "' is allowed '", tool, "': the whole shell"])
}

# METADATA
# title: AI agent in CI runs without a sandbox
# description: |
#   The agent is configured to run without its sandbox: the Codex action's
#   `sandbox: danger-full-access` or `safety-strategy: unsafe`, Gemini settings with
#   `"sandbox": false`, or a Codex CLI in a script given `--sandbox danger-full-access`,
#   `-s danger-full-access` or `-c sandbox_mode=danger-full-access`. The agent then acts
#   directly on the runner. (`--dangerously-bypass-approvals-and-sandbox` is judged by
#   AIP202; the Gemini CLI runs unsandboxed unless `-s` or settings turn its sandbox on.)
# custom:
#   id: AIP241
#   severity: high
#   remediation: |
#     Use the sandboxed defaults (Codex `workspace-write` or `read-only`; Gemini sandbox on);
#     if the job really needs full access, run the agent in a disposable container with a
#     read-only token and no secrets beyond its model key.
#   risk: An agent with full access to the CI runner and its credentials.
#   cwe: [CWE-250]
#   owasp: [LLM06:2025, ASI05:2026]
#   evidence:
#     - https://developers.openai.com/codex/concepts/sandboxing (verified 2026-11-25)
#     - https://developers.openai.com/codex/cli/reference (verified 2026-12-05)
#     - https://geminicli.com/docs/reference/configuration (verified 2026-11-25)
violations contains findings.finding(rego.metadata.rule(), message, {"path": a.path, "line": a.line}) if {
	some a in input.ci.agents
	some message in array.concat(_action_unsandboxed(a), _cli_unsandboxed(a))
}

_action_unsandboxed(a) := [message |
	a.via == "action"
	step := _step(a)
	some key, value in step.with
	_unsandboxed(a.tool, key, value)
	message := concat("", [a.tool, " action in job '", a.job, "' sets ", key, " to turn its sandbox off"])
]

_cli_unsandboxed(a) := [message |
	a.via == "run"
	object.get(a, "sandbox", null) == "danger-full-access"
	message := concat("", [a.tool, " in job '", a.job, "' runs with sandbox mode danger-full-access: no sandbox"])
]

# METADATA
# title: Anyone may start the Codex action
# description: |
#   `openai/codex-action` is given `allow-users: "*"` or `allow-bots: "*"`, so any
#   account or bot that can trigger the workflow starts the agent.
# custom:
#   id: AIP242
#   severity: high
#   remediation: Remove the wildcard and list the users or bots that may start the agent.
#   risk: Attacker-started agents on untrusted input.
#   cwe: [CWE-862]
#   owasp: [LLM01:2025, ASI01:2026]
#   evidence:
#     - https://github.com/openai/codex-action (not verified)
violations contains findings.finding(rego.metadata.rule(), message, {"path": a.path, "line": a.line}) if {
	some a in input.ci.agents
	a.via == "action"
	startswith(a.action, "openai/codex-action")
	step := _step(a)
	some key in ["allow-users", "allow-bots"]
	value := step.with[key]
	is_string(value)
	regex.match(`(^|[\s,])\*($|[\s,])`, value)
	message := concat("", ["openai/codex-action in job '", a.job, "' has ", key, ": \"*\""])
}

# Allowlist entries that grant the whole shell, as whole entries (comma or space separated).
_whole_shell := {
	"Bash": `(^|[\s,])Bash($|[\s,])`,
	"Bash(*)": `(^|[\s,])Bash\(\*\)($|[\s,])`,
	"Bash(:*)": `(^|[\s,])Bash\(:\*\)($|[\s,])`,
}

_step(a) := step if {
	some w in input.ci.workflows
	w.path == a.path
	some job in w.jobs
	job.id == a.job
	some step in job.steps
	step.index == a.step
}

_unsandboxed("codex", "sandbox", "danger-full-access")

_unsandboxed("codex", "safety-strategy", "unsafe")

_unsandboxed("gemini", "settings", value) if {
	is_string(value)
	settings := json.unmarshal(value)
	object.get(settings, "sandbox", true) == false
}

_unsandboxed("gemini", "settings", value) if {
	is_string(value)
	settings := json.unmarshal(value)
	object.get(object.get(settings, "tools", {}), "sandbox", true) == false
}
