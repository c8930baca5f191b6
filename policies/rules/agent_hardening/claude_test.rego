package aipolicy.rules.agent_hardening_test

import data.aipolicy.rules.agent_hardening

org := {
	"default_classification": "internal",
	"classifications": [
		{"id": "public", "ai_assistance": "allowed"},
		{"id": "internal", "ai_assistance": "allowed"},
		{"id": "restricted", "ai_assistance": "prohibited"},
	],
	"tools": {"claude-code": {"status": "approved", "max_classification": "internal"}},
	"controls": {"hardened_agents": {"title": "Hardened agent settings", "required_from": "internal"}},
	"inventory": [],
}

# A Claude Code settings file with nothing set; tests override what they need.
claude_file(overrides) := object.union(
	{
		"path": ".claude/settings.json", "scope": "project", "parse_error": false,
		"default_mode": null, "disable_bypass_permissions_mode": null, "disable_auto_mode": null,
		"allow": [], "ask": [], "deny": [], "additional_directories": [],
		"enable_all_project_mcp_servers": null, "enabled_mcpjson_servers": [],
		"disabled_mcpjson_servers": [], "allow_managed_permission_rules_only": null,
		"allow_managed_hooks_only": null, "allow_managed_mcp_servers_only": null,
		"hooks": [], "disable_all_hooks": null, "sandbox": null, "env_keys": [],
		"skip_dangerous_mode_permission_prompt": null, "api_key_helper": false,
		"api_key_helper_line": null,
	},
	overrides,
)

# A permission rule as the collector splits it.
rule(text, line) := {"rule": text, "tool": text, "specifier": null, "line": line} if not contains(text, "(")

rule(text, line) := {"rule": text, "tool": tool, "specifier": spec, "line": line} if {
	i := indexof(text, "(")
	i > 0
	tool := substring(text, 0, i)
	spec := substring(text, i + 1, (count(text) - i) - 2)
}

hook(command, line) := {"event": "PreToolUse", "matcher": "Bash", "type": "command", "command": command, "url": null, "line": line}

# A hardened project settings file: passes every rule of this family.
hardened := claude_file({
	"disable_bypass_permissions_mode": {"value": "disable", "line": 3},
	"deny": [rule("Read(./.env)", 5), rule("Read(./.env.*)", 6)],
})

facts(class, files) := {
	"manifest": {"present": true, "classification": class},
	"repository": {"remote": null},
	"assistants": [{"tool": "claude-code", "files": [{"path": ".claude/settings.json", "kind": "settings"}]}],
	"agent_config": {"claude_code": files, "gemini": [], "codex": [], "mcp_files": [], "mcp_servers": []},
}

found(files) := {[v.rule, v.location.path, object.get(v.location, "line", null)] |
	some v in agent_hardening.violations with input as facts("internal", files) with data.org as org
}

ids(files) := {v[0] | some v in found(files)}

test_hardened_settings_pass if {
	found([hardened]) == set()
}

# AIP100

test_bypass_permissions_default_mode_is_critical if {
	f := object.union(hardened, {"default_mode": {"value": "bypassPermissions", "line": 2}})
	found([f]) == {["AIP100", ".claude/settings.json", 2]}
	some v in agent_hardening.violations with input as facts("internal", [f]) with data.org as org
	v.severity == "critical"
	v.message == ".claude/settings.json sets permissions.defaultMode to bypassPermissions"
}

test_other_default_modes_pass if {
	every mode in ["default", "acceptEdits", "plan", "dontAsk"] {
		ids([object.union(hardened, {"default_mode": {"value": mode, "line": 2}})]) == set()
	}
}

# AIP101

test_skip_dangerous_prompt_in_local_or_managed_settings_is_reported if {
	local := claude_file({
		"path": ".claude/settings.local.json", "scope": "local",
		"skip_dangerous_mode_permission_prompt": {"value": true, "line": 4},
	})
	found([hardened, local]) == {["AIP101", ".claude/settings.local.json", 4]}
	managed := object.union(local, {"path": "managed-settings.json", "scope": "managed"})
	found([hardened, managed]) == {["AIP101", "managed-settings.json", 4]}
}

test_skip_dangerous_prompt_in_project_settings_is_ignored_like_claude_code_does if {
	found([object.union(hardened, {"skip_dangerous_mode_permission_prompt": {"value": true, "line": 4}})]) == set()
}

test_skip_dangerous_prompt_false_passes if {
	local := claude_file({
		"path": ".claude/settings.local.json", "scope": "local",
		"skip_dangerous_mode_permission_prompt": {"value": false, "line": 4},
	})
	found([hardened, local]) == set()
}

# AIP102

test_unrestricted_bash_allow_rules_are_reported if {
	every text in ["Bash", "Bash(*)", "Bash(bash *)", "Bash(sh -c *)", "Bash(sudo *)", "Bash(eval:*)"] {
		found([object.union(hardened, {"allow": [rule(text, 8)]})]) == {["AIP102", ".claude/settings.json", 8]}
	}
}

test_specific_bash_allow_rules_pass if {
	every text in ["Bash(npm run test:*)", "Bash(git status)", "Bash(bash scripts/test.sh)"] {
		ids([object.union(hardened, {"allow": [rule(text, 8)]})]) == set()
	}
}

test_unrestricted_bash_in_deny_or_ask_is_protection if {
	ids([object.union(hardened, {"deny": array.concat(hardened.deny, [rule("Bash", 9)]), "ask": [rule("Bash(*)", 10)]})]) == set()
}

# AIP103

test_network_commands_allowed_in_bash_are_reported if {
	every text in ["Bash(curl *)", "Bash(wget:*)", "Bash(curl https://example.com/install.sh)", "Bash(ssh deploy@host)", "Bash(sudo nc -l 80)"] {
		found([object.union(hardened, {"allow": [rule(text, 8)]})]) == {["AIP103", ".claude/settings.json", 8]}
	}
}

test_commands_merely_containing_a_network_word_pass if {
	every text in ["Bash(npm run curlify)", "Bash(git push:*)", "Bash(ncu -u)", "Bash(cat ~/.ssh/config)"] {
		ids([object.union(hardened, {"allow": [rule(text, 8)]})]) == set()
	}
}

test_network_commands_in_deny_or_ask_are_protection if {
	ids([object.union(hardened, {"ask": [rule("Bash(curl *)", 9)], "deny": array.concat(hardened.deny, [rule("Bash(wget *)", 10)])})]) == set()
}

# AIP104

test_webfetch_to_any_domain_is_reported if {
	every text in ["WebFetch", "WebFetch(domain:*)"] {
		found([object.union(hardened, {"allow": [rule(text, 8)]})]) == {["AIP104", ".claude/settings.json", 8]}
	}
}

test_webfetch_to_named_domains_passes if {
	ids([object.union(hardened, {"allow": [rule("WebFetch(domain:docs.example.com)", 8), rule("WebFetch(domain:*.example.com)", 9)]})]) == set()
	ids([object.union(hardened, {"deny": array.concat(hardened.deny, [rule("WebFetch", 9)])})]) == set()
}

# AIP106

test_missing_env_deny_rule_is_reported_at_the_project_settings if {
	f := object.union(hardened, {"deny": [rule("Read(./secrets/**)", 5)]})
	found([f]) == {["AIP106", ".claude/settings.json", null]}
}

test_env_deny_or_ask_rule_in_any_file_passes if {
	no_deny := object.union(hardened, {"deny": []})
	every text in ["Read(./.env)", "Read(.env)", "Read(/.env)", "Read(**/.env)", "Read(./.env*)", "Read(*.env)", "Read"] {
		local := claude_file({"path": ".claude/settings.local.json", "scope": "local", "deny": [rule(text, 3)]})
		ids([no_deny, local]) == set()
	}
	ids([object.union(no_deny, {"ask": [rule("Read(./.env)", 4)]})]) == set()
}

test_rules_that_miss_the_root_env_file_do_not_count if {
	every text in ["Read(./.env.*)", "Read(./config/.env)", "Edit(./.env)", "Read(./.envrc)"] {
		ids([object.union(hardened, {"deny": [rule(text, 5)]})]) == {"AIP106"}
	}
}

test_missing_env_deny_rule_without_settings_is_reported_at_the_file_in_use if {
	inp := object.union(facts("internal", []), {"assistants": [{"tool": "claude-code", "files": [{"path": "CLAUDE.md", "kind": "instructions"}]}]})
	vs := agent_hardening.violations with input as inp with data.org as org
	{[v.rule, v.location.path] | some v in vs} == {["AIP106", "CLAUDE.md"], ["AIP107", "CLAUDE.md"]}
}

test_absent_hardening_is_not_required_below_the_control_threshold if {
	f := claude_file({})
	vs := agent_hardening.violations with input as facts("public", [f]) with data.org as org
	vs == set()
}

test_absent_hardening_is_left_to_eligibility_when_ai_is_prohibited if {
	f := claude_file({})
	vs := agent_hardening.violations with input as facts("restricted", [f]) with data.org as org
	vs == set()
}

test_absent_hardening_needs_claude_code_in_use if {
	inp := object.union(facts("internal", []), {"assistants": []})
	vs := agent_hardening.violations with input as inp with data.org as org
	vs == set()
}

# AIP107

test_bypass_mode_not_disabled_is_reported if {
	f := object.union(hardened, {"disable_bypass_permissions_mode": null})
	found([f]) == {["AIP107", ".claude/settings.json", null]}
}

test_bypass_mode_set_to_a_boolean_is_reported_where_written if {
	f := object.union(hardened, {"disable_bypass_permissions_mode": {"value": true, "line": 3}})
	found([f]) == {["AIP107", ".claude/settings.json", 3]}
	some v in agent_hardening.violations with input as facts("internal", [f]) with data.org as org
	v.message == ".claude/settings.json sets permissions.disableBypassPermissionsMode to true, but Claude Code only honours \"disable\""
}

test_bypass_mode_disabled_in_managed_settings_passes if {
	project := object.union(hardened, {"disable_bypass_permissions_mode": null})
	managed := claude_file({"path": "managed-settings.json", "scope": "managed", "disable_bypass_permissions_mode": {"value": "disable", "line": 2}})
	found([project, managed]) == set()
}
