package aipolicy.rules.agent_hardening

import data.aipolicy.lib.findings

# Gemini CLI settings are read in both shapes (v2 nested keys and v1 flat keys); every
# key that holds a setting is judged, since older CLIs read the flat key.

# METADATA
# title: Gemini CLI auto-accepts tool calls
# description: |
#   `autoAccept` / `tools.autoAccept` is true: Gemini CLI runs the tool calls it considers
#   safe (read-only ones) without asking. Less than YOLO, but the user no longer sees
#   what the agent reads.
# custom:
#   id: AIP110
#   severity: low
#   cwe: [CWE-276]
#   owasp: [LLM02:2025, LLM06:2025]
#   evidence:
#     - https://geminicli.com/docs/reference/configuration (verified 2026-11-25)
#   remediation: Remove `autoAccept` (v1) or `tools.autoAccept` (v2) from `.gemini/settings.json`.
#   risk: Files read into the agent's context and sent to the vendor without the user noticing.
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	some f in input.agent_config.gemini
	some s in f.auto_accept
	s.value == true
	message := concat("", [f.path, " sets ", s.key, " to true"])
	location := {"path": f.path, "line": s.line}
}

# METADATA
# title: Gemini CLI approval mode set to YOLO
# description: |
#   `general.defaultApprovalMode` is `yolo`, which approves every action. Current Gemini CLI
#   accepts only `default`, `auto_edit` and `plan` here (YOLO only from the command line),
#   so the value is at best ignored; it states an intent to run without approval.
#   `auto_edit` (edits only) is not reported.
# custom:
#   id: AIP111
#   severity: medium
#   cwe: [CWE-276, CWE-862]
#   owasp: [LLM06:2025, ASI02:2026, ASI05:2026]
#   evidence:
#     - https://geminicli.com/docs/reference/configuration (verified 2026-11-25)
#   remediation: |
#     Set `general.defaultApprovalMode` to `default` (or `plan`), and set
#     `security.disableYoloMode: true`.
#   risk: Every tool call, including shell commands, runs with no human check.
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	some f in input.agent_config.gemini
	some s in f.default_approval_mode
	is_string(s.value)
	lower(s.value) == "yolo"
	message := concat("", [f.path, " sets ", s.key, " to ", s.value])
	location := {"path": f.path, "line": s.line}
}

# METADATA
# title: Gemini CLI sandbox turned off
# description: |
#   Hardened agent settings are required for this project, and `.gemini/settings.json`
#   sets `sandbox` / `tools.sandbox` to false, so tool calls run directly on the host.
# custom:
#   id: AIP112
#   severity: medium
#   cwe: [CWE-250, CWE-693]
#   owasp: [LLM06:2025, ASI05:2026]
#   evidence:
#     - https://geminicli.com/docs/reference/configuration (verified 2026-11-25)
#   remediation: |
#     Set `tools.sandbox` to true (or to `docker`, `podman` or `sandbox-exec`), or remove
#     the `false` value.
#   risk: Shell commands and edits run with the user's full access to the machine and network.
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	_hardening_required
	some f in input.agent_config.gemini
	some s in f.sandbox
	s.value == false
	message := concat("", [f.path, " sets ", s.key, " to false"])
	location := {"path": f.path, "line": s.line}
}
