package aipolicy.rules.parse_errors_test

import data.aipolicy.rules.parse_errors

org := {
	"default_classification": "internal",
	"classifications": [{"id": "internal", "ai_assistance": "allowed"}],
	"tools": {},
	"inventory": [],
}

run(errors) := vs if {
	vs := parse_errors.violations with input as {"parse_errors": errors} with data.org as org
}

found(errors) := {[v.rule, v.location.path] | some v in run(errors)}

test_no_parse_errors_no_findings if {
	count(run([])) == 0
}

test_unreadable_claude_settings_is_high if {
	[v] := [v | some v in run([{"path": ".claude/settings.json", "line": 4, "message": "Expecting ',' delimiter"}])]
	v.rule == "AIP290"
	v.severity == "high"
	v.location == {"path": ".claude/settings.json", "line": 4}
	v.message == "agent configuration .claude/settings.json could not be parsed (Expecting ',' delimiter), so its settings are not checked"
}

test_every_agent_config_location_is_high if {
	errors := [{"path": p, "line": 1, "message": "bad"} | some p in [
		".mcp.json", ".gemini/settings.json", ".codex/config.toml", ".cursor/mcp.json",
		".vscode/mcp.json", "ops/managed-settings.json", "managed-settings.d/10-base.json",
		"etc/managed-mcp.json",
	]]
	{r | some [r, _] in found(errors)} == {"AIP290"}
	count(run(errors)) == 8
}

test_unreadable_workflow_is_medium if {
	[v] := [v | some v in run([{"path": ".github/workflows/ci.yml", "line": 7, "message": "expected ',' or ']'"}])]
	v.rule == "AIP291"
	v.severity == "medium"
	v.location == {"path": ".github/workflows/ci.yml", "line": 7}
	v.message == ".github/workflows/ci.yml could not be parsed (expected ',' or ']'), so its AI agents and security controls are not checked"
}

test_other_configuration_is_medium if {
	found([
		{"path": "package.json", "line": 1, "message": "Expecting value"},
		{"path": ".gitlab-ci.yml", "line": 3, "message": "bad"},
		{"path": ".devcontainer/devcontainer.json", "line": 2, "message": "bad"},
		{"path": ".vscode/settings.json", "line": 2, "message": "bad"},
	]) == {
		["AIP291", "package.json"],
		["AIP291", ".gitlab-ci.yml"],
		["AIP291", ".devcontainer/devcontainer.json"],
		["AIP291", ".vscode/settings.json"],
	}
}

test_error_without_a_line_points_at_the_file if {
	[v] := [v | some v in run([{"path": "requirements.txt", "message": "larger than 512 KiB"}])]
	v.location == {"path": "requirements.txt"}
	v.message == "requirements.txt could not be parsed (larger than 512 KiB), so what it configures is not checked"
}

test_values_quoted_by_the_parser_are_left_out if {
	[v] := [v | some v in run([{"path": ".mcp.json", "line": 3, "message": "found duplicate key \"env\" with value \"{'TOKEN': 'hunter2'}\""}])]
	v.message == "agent configuration .mcp.json could not be parsed (found duplicate key \"env\"), so its settings are not checked"
	not contains(v.message, "hunter2")
}

test_a_similar_name_outside_the_agent_folders_is_not_an_agent_config if {
	found([{"path": "docs/.claude-notes.json", "line": 1, "message": "bad"}]) == {["AIP291", "docs/.claude-notes.json"]}
}
