package aipolicy.rules.agent_hardening

import data.aipolicy.lib.findings

# METADATA
# title: Codex never asks and runs without a sandbox
# description: |
#   A Codex config sets `approval_policy = "never"` together with
#   `sandbox_mode = "danger-full-access"`: the agent runs every command on the host with
#   full access and never asks (the same as `--dangerously-bypass-approvals-and-sandbox`).
# custom:
#   id: AIP115
#   severity: critical
#   cwe: [CWE-250, CWE-276]
#   owasp: [LLM06:2025, ASI02:2026, ASI05:2026]
#   evidence:
#     - https://developers.openai.com/codex/agent-approvals-security (verified 2026-11-25)
#     - https://developers.openai.com/codex/concepts/sandboxing (verified 2026-11-25)
#   remediation: |
#     Use `sandbox_mode = "workspace-write"` (or `read-only`) and
#     `approval_policy = "on-request"`.
#   risk: Any command, including ones steered by prompt injection, runs unchecked with full host and network access.
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	some f in input.agent_config.codex
	f.approval_policy.value == "never"
	f.sandbox_mode.value == "danger-full-access"
	message := concat("", [f.path, " sets approval_policy = \"never\" and sandbox_mode = \"danger-full-access\""])
	location := {"path": f.path, "line": f.sandbox_mode.line}
}

# METADATA
# title: Codex runs without a sandbox
# description: |
#   A Codex config sets `sandbox_mode = "danger-full-access"` (its approval policy still
#   asks): commands run on the host with full file-system and network access.
# custom:
#   id: AIP116
#   severity: high
#   cwe: [CWE-250]
#   owasp: [LLM06:2025, ASI05:2026]
#   evidence:
#     - https://developers.openai.com/codex/agent-approvals-security (verified 2026-11-25)
#     - https://developers.openai.com/codex/concepts/sandboxing (verified 2026-11-25)
#   remediation: Use `sandbox_mode = "workspace-write"` (or `read-only`).
#   risk: An approved command, or one the user approves in haste, can reach anything on the host.
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	some f in input.agent_config.codex
	f.sandbox_mode.value == "danger-full-access"
	not f.approval_policy.value == "never"
	message := concat("", [f.path, " sets sandbox_mode = \"danger-full-access\""])
	location := {"path": f.path, "line": f.sandbox_mode.line}
}

# METADATA
# title: Codex never asks for approval
# description: |
#   A Codex config sets `approval_policy = "never"` (without a full-access sandbox): the
#   agent runs every command the sandbox permits, and never asks to go beyond it.
# custom:
#   id: AIP117
#   severity: medium
#   cwe: [CWE-276]
#   owasp: [LLM06:2025, ASI02:2026]
#   evidence:
#     - https://developers.openai.com/codex/agent-approvals-security (verified 2026-11-25)
#   remediation: Use `approval_policy = "on-request"`.
#   risk: Commands run with no human check; only the sandbox limits them.
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	some f in input.agent_config.codex
	f.approval_policy.value == "never"
	not f.sandbox_mode.value == "danger-full-access"
	message := concat("", [f.path, " sets approval_policy = \"never\""])
	location := {"path": f.path, "line": f.approval_policy.line}
}

# METADATA
# title: Codex sandbox allows network access
# description: |
#   A Codex config sets `[sandbox_workspace_write] network_access = true`: commands in the
#   workspace-write sandbox may reach the network. Reported when the sandbox mode is
#   `workspace-write` or not set; other modes ignore the key.
# custom:
#   id: AIP118
#   severity: medium
#   cwe: [CWE-200]
#   owasp: [LLM02:2025, LLM06:2025]
#   evidence:
#     - https://developers.openai.com/codex/agent-approvals-security (verified 2026-11-25)
#   remediation: Remove `network_access = true`, or set it to false.
#   risk: Data exfiltration, or downloads of untrusted code, from inside the sandbox.
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	some f in input.agent_config.codex
	f.network_access.value == true
	_workspace_write_possible(f)
	message := concat("", [f.path, " sets sandbox_workspace_write.network_access = true"])
	location := {"path": f.path, "line": f.network_access.line}
}

_workspace_write_possible(f) if f.sandbox_mode == null

_workspace_write_possible(f) if f.sandbox_mode.value == "workspace-write"
