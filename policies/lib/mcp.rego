# METADATA
# title: MCP servers
# description: |
#   Which MCP server definitions can actually run, shared by the MCP allowlist rules
#   (aipolicy.rules.mcp) and the MCP hygiene rules (aipolicy.rules.mcp_hygiene).
package aipolicy.lib.mcp

# Servers that can run: not disabled (Codex `enabled = false`), not rejected by name in a
# Claude Code settings file (`disabledMcpjsonServers`, for `.mcp.json`), and not excluded
# by the Gemini settings file that declares them (`mcp.excluded`, or missing from `mcp.allowed`).
active_servers contains s if {
	some s in input.agent_config.mcp_servers
	s.enabled != false
	not claude_rejected(s)
	not gemini_excluded(s)
}

claude_rejected(s) if {
	s.source_tool == "claude-code"
	s.path == ".mcp.json"
	some f in input.agent_config.claude_code
	some d in object.get(f, "disabled_mcpjson_servers", [])
	d.value == s.name
}

gemini_excluded(s) if {
	s.source_tool == "gemini"
	some f in input.agent_config.gemini
	f.path == s.path
	some setting in object.get(f, "mcp_excluded", [])
	s.name in setting.value
}

gemini_excluded(s) if {
	s.source_tool == "gemini"
	some f in input.agent_config.gemini
	f.path == s.path
	some setting in object.get(f, "mcp_allowed", [])
	is_array(setting.value)
	not s.name in setting.value
}
