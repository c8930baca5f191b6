package aipolicy.rules.ci_agent_settings_test

import data.aipolicy.rules.ci_agent_settings

agent(tool, action, allowed) := {
	"tool": tool, "via": "action", "path": ".github/workflows/a.yml", "line": 12,
	"job": "agent", "step": 1, "action": action, "allowed_tools": allowed,
}

facts(a, inputs) := {"ci": {
	"agents": [a],
	"workflows": [{"path": ".github/workflows/a.yml", "jobs": [{"id": "agent", "steps": [
		{"index": 0, "with": {}},
		{"index": 1, "with": inputs},
	]}]}],
}}

ids(inp) := {v.rule | some v in ci_agent_settings.violations with input as inp}

test_whole_shell_in_the_allowlist_is_reported if {
	vs := ci_agent_settings.violations with input as facts(agent("claude-code", "anthropics/claude-code-action@v1", "Bash(*),Edit"), {})
	[v] := [v | some v in vs]
	v.rule == "AIP240"
	v.message == "claude-code in job 'agent' is allowed 'Bash(*)': the whole shell"
	v.location == {"path": ".github/workflows/a.yml", "line": 12}
	ids(facts(agent("claude-code", "x", "Edit Bash"), {})) == {"AIP240"}
}

test_scoped_shell_commands_are_fine if {
	ids(facts(agent("claude-code", "x", "Bash(npm test:*),Bash(git diff:*),Edit"), {})) == set()
	ids(facts(agent("claude-code", "x", null), {})) == set()
}

test_codex_without_sandbox_is_reported if {
	ids(facts(agent("codex", "openai/codex-action@v1", null), {"sandbox": "danger-full-access"})) == {"AIP241"}
	ids(facts(agent("codex", "openai/codex-action@v1", null), {"safety-strategy": "unsafe"})) == {"AIP241"}
	ids(facts(agent("codex", "openai/codex-action@v1", null), {"sandbox": "workspace-write"})) == set()
}

test_gemini_settings_turning_the_sandbox_off_are_reported if {
	a := agent("gemini", "google-github-actions/run-gemini-cli@v0", null)
	ids(facts(a, {"settings": "{\"sandbox\": false}"})) == {"AIP241"}
	ids(facts(a, {"settings": "{\"tools\": {\"sandbox\": false}}"})) == {"AIP241"}
	ids(facts(a, {"settings": "{\"sandbox\": \"docker\"}"})) == set()
}

test_codex_action_open_to_anyone_is_reported if {
	a := agent("codex", "openai/codex-action@v1", null)
	ids(facts(a, {"allow-users": "*"})) == {"AIP242"}
	ids(facts(a, {"allow-bots": "dependabot[bot], *"})) == {"AIP242"}
	ids(facts(a, {"allow-users": "octocat"})) == set()
}

cli(sandbox) := object.union(agent("codex", null, null), {"via": "run", "command": "codex exec", "sandbox": sandbox})

test_codex_cli_with_full_access_sandbox_is_reported if {
	vs := ci_agent_settings.violations with input as facts(cli("danger-full-access"), {})
	[v] := [v | some v in vs]
	v.rule == "AIP241"
	v.message == "codex in job 'agent' runs with sandbox mode danger-full-access: no sandbox"
	v.location == {"path": ".github/workflows/a.yml", "line": 12}
}

test_codex_cli_with_a_sandbox_or_none_given_is_fine if {
	ids(facts(cli("workspace-write"), {})) == set()
	ids(facts(cli("read-only"), {})) == set()
	ids(facts(cli(null), {})) == set()
	ids(facts(object.remove(cli(null), ["sandbox"]), {})) == set()
}
