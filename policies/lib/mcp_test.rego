package aipolicy.lib.mcp_test

import data.aipolicy.lib.mcp

server(tool, path, name, enabled) := {"source_tool": tool, "path": path, "name": name, "enabled": enabled}

test_enabled_servers_are_active if {
	inp := {"agent_config": {"mcp_servers": [server("claude-code", ".mcp.json", "a", null)], "claude_code": [], "gemini": []}}
	{s.name | some s in mcp.active_servers} == {"a"} with input as inp
}

test_disabled_codex_server_is_not_active if {
	inp := {"agent_config": {"mcp_servers": [server("codex", ".codex/config.toml", "a", false)], "claude_code": [], "gemini": []}}
	count(mcp.active_servers) == 0 with input as inp
}

test_server_rejected_in_claude_settings_is_not_active if {
	inp := {"agent_config": {
		"mcp_servers": [server("claude-code", ".mcp.json", "a", null), server("claude-code", ".mcp.json", "b", null)],
		"claude_code": [{"disabled_mcpjson_servers": [{"value": "a", "line": 3}]}],
		"gemini": [],
	}}
	{s.name | some s in mcp.active_servers} == {"b"} with input as inp
}

test_gemini_excluded_or_not_allowed_is_not_active if {
	servers := [
		server("gemini", ".gemini/settings.json", "x", null),
		server("gemini", ".gemini/settings.json", "y", null),
		server("gemini", ".gemini/settings.json", "z", null),
	]
	gemini := [{"path": ".gemini/settings.json", "mcp_excluded": [{"value": ["x"]}], "mcp_allowed": [{"value": ["x", "y"]}]}]
	inp := {"agent_config": {"mcp_servers": servers, "claude_code": [], "gemini": gemini}}
	{s.name | some s in mcp.active_servers} == {"y"} with input as inp
}
