package aipolicy.rules.agent_hardening_codex_test

import data.aipolicy.rules.agent_hardening

# A Codex config with nothing set; tests override what they need.
codex_file(overrides) := object.union(
	{
		"path": ".codex/config.toml", "parse_error": false, "approval_policy": null,
		"sandbox_mode": null, "network_access": null, "writable_roots": null,
	},
	overrides,
)

facts(file) := {
	"manifest": {"present": true, "classification": "internal"},
	"repository": {"remote": null},
	"assistants": [{"tool": "codex", "files": [{"path": ".codex/config.toml", "kind": "settings"}]}],
	"agent_config": {"claude_code": [], "gemini": [], "codex": [file], "mcp_files": [], "mcp_servers": []},
}

org := {
	"default_classification": "internal",
	"classifications": [{"id": "internal", "ai_assistance": "allowed"}],
	"tools": {},
	"controls": {"hardened_agents": {"title": "Hardened agent settings", "required_from": "internal"}},
	"inventory": [],
}

found(file) := {[v.rule, v.severity, v.location.line] |
	some v in agent_hardening.violations with input as facts(file) with data.org as org
}

never := {"approval_policy": {"value": "never", "line": 2}}

full_access := {"sandbox_mode": {"value": "danger-full-access", "line": 3}}

test_never_ask_with_full_access_is_one_critical_finding if {
	found(codex_file(object.union(never, full_access))) == {["AIP115", "critical", 3]}
}

test_full_access_alone_is_high if {
	found(codex_file(full_access)) == {["AIP116", "high", 3]}
	found(codex_file(object.union(full_access, {"approval_policy": {"value": "on-request", "line": 2}}))) == {["AIP116", "high", 3]}
}

test_never_ask_alone_is_medium if {
	found(codex_file(never)) == {["AIP117", "medium", 2]}
	found(codex_file(object.union(never, {"sandbox_mode": {"value": "read-only", "line": 3}}))) == {["AIP117", "medium", 2]}
}

test_network_access_in_workspace_write_is_reported if {
	net := {"network_access": {"value": true, "line": 6}}
	found(codex_file(net)) == {["AIP118", "medium", 6]}
	found(codex_file(object.union(net, {"sandbox_mode": {"value": "workspace-write", "line": 3}}))) == {["AIP118", "medium", 6]}
}

test_network_access_ignored_by_other_sandbox_modes_passes if {
	net := {"network_access": {"value": true, "line": 6}}
	found(codex_file(object.union(net, {"sandbox_mode": {"value": "read-only", "line": 3}}))) == set()
	found(codex_file(object.union(net, full_access))) == {["AIP116", "high", 3]}
}

test_safe_codex_settings_pass if {
	found(codex_file({
		"approval_policy": {"value": "on-request", "line": 2},
		"sandbox_mode": {"value": "workspace-write", "line": 3},
		"network_access": {"value": false, "line": 6},
	})) == set()
	found(codex_file({"approval_policy": {"value": {"granular": {}}, "line": 2}})) == set()
}
