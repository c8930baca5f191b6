package aipolicy.rules.mcp_test

import data.aipolicy.rules.mcp

org := {
	"default_classification": "internal",
	"classifications": [{"id": "internal", "ai_assistance": "allowed"}],
	"tools": {},
	"inventory": [],
	"mcp": {
		"allowed_servers": [
			{"name": "github", "package": "@modelcontextprotocol/server-github"},
			{"package": "mcp-server-fetch"},
			{"url": "https://mcp.internal.example.com/*"},
			{"name": "local-docs"},
		],
		"denied_packages": [{"package": "mcp-evil", "source": "advisory EX-2026-1"}],
	},
}

# An MCP server entry with nothing set; tests override what they need.
server(overrides) := object.union(
	{
		"source_tool": "claude-code", "path": ".mcp.json", "line": 3, "name": "srv",
		"declared_type": null, "transport": "stdio", "command": null, "args": [], "env": [],
		"headers": [], "url": null, "trust": null, "enabled": null, "tools": null,
		"include_tools": null, "exclude_tools": null,
	},
	overrides,
)

config(overrides) := object.union(
	{"claude_code": [], "gemini": [], "codex": [], "mcp_files": [], "mcp_servers": []},
	overrides,
)

facts(agent_config) := {
	"manifest": {"present": true, "classification": "internal"},
	"repository": {"remote": null},
	"assistants": [],
	"agent_config": agent_config,
}

found_with(servers, o) := {[v.rule, v.location.path, v.location.line] |
	some v in mcp.violations with input as facts(config({"mcp_servers": servers})) with data.org as o
}

found(servers) := found_with(servers, org)

npx(name, pkg) := server({"name": name, "command": "npx", "args": ["-y", pkg]})

# AIP120

test_allowed_package_passes_whatever_its_version_or_name if {
	found([
		npx("github", "@modelcontextprotocol/server-github"),
		npx("gh", "@modelcontextprotocol/server-github@1.2.3"),
		server({"name": "fetch", "command": "uvx", "args": ["mcp-server-fetch==2025.1"]}),
		server({"name": "fetch2", "command": "/usr/local/bin/uvx", "args": ["--from", "mcp-server-fetch", "mcp-server-fetch"]}),
		server({"name": "fetch3", "command": "pnpm", "args": ["dlx", "mcp-server-fetch@latest"]}),
	]) == set()
}

test_unlisted_package_is_reported_even_under_an_allowed_name if {
	found([npx("github", "github-mcp-unofficial")]) == {["AIP120", ".mcp.json", 3]}
	vs := mcp.violations with input as facts(config({"mcp_servers": [npx("github", "github-mcp-unofficial")]})) with data.org as org
	some v in vs
	v.message == "MCP server 'github' (package github-mcp-unofficial) is not on the organisation's allowlist"
}

test_remote_server_matches_by_url if {
	found([server({"name": "tools", "transport": "http", "url": "https://mcp.internal.example.com/mcp"})]) == set()
	found([server({"name": "tools", "transport": "http", "url": "https://mcp.evil.example/mcp", "line": 9})]) == {["AIP120", ".mcp.json", 9]}
}

test_name_only_entry_allows_a_local_server if {
	found([server({"name": "local-docs", "command": "python", "args": ["-m", "docs_mcp"]})]) == set()
	found([server({"name": "other", "command": "python", "args": ["-m", "docs_mcp"]})]) == {["AIP120", ".mcp.json", 3]}
}

test_disabled_and_rejected_servers_are_not_reported if {
	disabled := server({"source_tool": "codex", "path": ".codex/config.toml", "name": "docs", "url": "https://x.example/mcp", "enabled": false})
	found([disabled]) == set()
	rejected := npx("scratch", "some-mcp")
	settings := {"path": ".claude/settings.json", "disabled_mcpjson_servers": [{"value": "scratch", "line": 4}]}
	vs := mcp.violations with input as facts(config({"mcp_servers": [rejected], "claude_code": [settings]})) with data.org as org
	vs == set()
}

test_servers_excluded_by_their_gemini_settings_are_not_reported if {
	a := server({"source_tool": "gemini", "path": ".gemini/settings.json", "name": "a", "command": "node", "trust": true})
	b := object.union(a, {"name": "b", "line": 9})
	c := object.union(a, {"name": "c", "line": 12})
	settings := {
		"path": ".gemini/settings.json",
		"mcp_allowed": [{"key": "mcp.allowed", "value": ["a", "c"], "line": 14}],
		"mcp_excluded": [{"key": "mcp.excluded", "value": ["a"], "line": 15}],
	}
	vs := mcp.violations with input as facts(config({"mcp_servers": [a, b, c], "gemini": [settings]})) with data.org as org
	{[v.rule, v.location.line] | some v in vs} == {["AIP120", 12], ["AIP122", 12]}
}

test_without_an_allowlist_nothing_is_reported if {
	found_with([npx("anything", "some-mcp")], object.remove(org, ["mcp"])) == set()
}

test_empty_allowlist_allows_nothing if {
	found_with([npx("github", "@modelcontextprotocol/server-github")], object.union(org, {"mcp": {"allowed_servers": []}})) == {["AIP120", ".mcp.json", 3]}
}

# AIP121

test_denied_package_is_critical_even_when_disabled if {
	s := object.union(npx("helper", "mcp-evil@0.1.0"), {"enabled": false})
	found([s]) == {["AIP121", ".mcp.json", 3]}
	vs := mcp.violations with input as facts(config({"mcp_servers": [s]})) with data.org as org
	some v in vs
	v.severity == "critical"
	v.message == "MCP server 'helper' runs denied package mcp-evil (advisory EX-2026-1)"
}

# AIP122

test_trusted_gemini_server_is_reported if {
	s := server({"source_tool": "gemini", "path": ".gemini/settings.json", "name": "local-docs", "command": "node", "trust": true, "line": 7})
	found([s]) == {["AIP122", ".gemini/settings.json", 7]}
	found([object.union(s, {"trust": false})]) == set()
}

# AIP123

test_all_project_servers_enabled_is_reported if {
	f := {"path": ".claude/settings.json", "enable_all_project_mcp_servers": {"value": true, "line": 21}}
	vs := mcp.violations with input as facts(config({"claude_code": [f]})) with data.org as org
	{[v.rule, v.location.path, v.location.line] | some v in vs} == {["AIP123", ".claude/settings.json", 21]}
}

test_project_servers_approved_by_name_pass if {
	f := {
		"path": ".claude/settings.json",
		"enable_all_project_mcp_servers": {"value": false, "line": 21},
		"enabled_mcpjson_servers": [{"value": "github", "line": 22}],
	}
	vs := mcp.violations with input as facts(config({"claude_code": [f]})) with data.org as org
	vs == set()
}
