package aipolicy.rules.agent_hardening_gemini_test

import data.aipolicy.rules.agent_hardening

org := {
	"default_classification": "internal",
	"classifications": [
		{"id": "public", "ai_assistance": "allowed"},
		{"id": "internal", "ai_assistance": "allowed"},
	],
	"tools": {"gemini": {"status": "approved", "max_classification": "internal"}},
	"controls": {"hardened_agents": {"title": "Hardened agent settings", "required_from": "internal"}},
	"inventory": [],
}

# A Gemini CLI settings file with nothing set; tests override what they need.
gemini_file(overrides) := object.union(
	{
		"path": ".gemini/settings.json", "parse_error": false, "auto_accept": [],
		"default_approval_mode": [], "disable_yolo_mode": [], "folder_trust": [], "sandbox": [],
		"sandbox_network_access": [], "core_tools": [], "allowed_tools": [], "exclude_tools": [],
		"mcp_allowed": [], "mcp_excluded": [],
	},
	overrides,
)

setting(key, value, line) := [{"key": key, "value": value, "line": line}]

facts(class, file) := {
	"manifest": {"present": true, "classification": class},
	"repository": {"remote": null},
	"assistants": [{"tool": "gemini", "files": [{"path": ".gemini/settings.json", "kind": "settings"}]}],
	"agent_config": {"claude_code": [], "gemini": [file], "codex": [], "mcp_files": [], "mcp_servers": []},
}

found_in(class, file) := {[v.rule, v.location.path, v.location.line] |
	some v in agent_hardening.violations with input as facts(class, file) with data.org as org
}

found(file) := found_in("internal", file)

test_default_gemini_settings_pass if {
	found(gemini_file({})) == set()
}

# AIP110

test_auto_accept_is_reported_in_either_shape if {
	found(gemini_file({"auto_accept": setting("autoAccept", true, 2)})) == {["AIP110", ".gemini/settings.json", 2]}
	found(gemini_file({"auto_accept": setting("tools.autoAccept", true, 5)})) == {["AIP110", ".gemini/settings.json", 5]}
}

test_auto_accept_false_passes if {
	found(gemini_file({"auto_accept": setting("tools.autoAccept", false, 5)})) == set()
}

# AIP111

test_yolo_approval_mode_is_reported if {
	found(gemini_file({"default_approval_mode": setting("general.defaultApprovalMode", "yolo", 3)})) == {["AIP111", ".gemini/settings.json", 3]}
}

test_other_approval_modes_pass if {
	every mode in ["default", "auto_edit", "plan"] {
		found(gemini_file({"default_approval_mode": setting("general.defaultApprovalMode", mode, 3)})) == set()
	}
}

# AIP112

test_sandbox_turned_off_is_reported_when_hardening_is_required if {
	found(gemini_file({"sandbox": setting("sandbox", false, 3)})) == {["AIP112", ".gemini/settings.json", 3]}
}

test_sandbox_turned_off_below_the_control_threshold_passes if {
	found_in("public", gemini_file({"sandbox": setting("sandbox", false, 3)})) == set()
}

test_sandbox_on_passes if {
	every value in [true, "docker", "sandbox-exec"] {
		found(gemini_file({"sandbox": setting("tools.sandbox", value, 8)})) == set()
	}
}

# AIP102 / AIP103 for Gemini's tools.allowed

test_unrestricted_shell_in_allowed_tools_is_reported if {
	every entry in ["run_shell_command", "ShellTool", "run_shell_command(*)"] {
		found(gemini_file({"allowed_tools": setting("tools.allowed", [entry], 11)})) == {["AIP102", ".gemini/settings.json", 11]}
	}
}

test_network_command_in_allowed_tools_is_reported if {
	found(gemini_file({"allowed_tools": setting("tools.allowed", ["run_shell_command(curl)"], 11)})) == {["AIP103", ".gemini/settings.json", 11]}
	found(gemini_file({"allowed_tools": setting("allowedTools", ["ShellTool(wget -q)"], 5)})) == {["AIP103", ".gemini/settings.json", 5]}
}

test_specific_commands_and_other_tools_in_allowed_tools_pass if {
	found(gemini_file({"allowed_tools": setting("tools.allowed", ["run_shell_command(git status)", "read_file", "ShellTool(npm test)"], 11)})) == set()
}

test_shell_in_core_or_excluded_tools_is_not_an_allow_rule if {
	found(gemini_file({
		"core_tools": setting("tools.core", ["run_shell_command"], 10),
		"exclude_tools": setting("tools.exclude", ["run_shell_command(curl)"], 12),
	})) == set()
}
