package aipolicy.rules.permissions_test

import data.aipolicy.rules.permissions

# A Claude Code settings file with nothing set; tests override what they need.
claude_file(overrides) := object.union(
	{
		"path": ".claude/settings.json", "scope": "project", "parse_error": false,
		"default_mode": null, "allow": [], "ask": [], "deny": [], "additional_directories": [],
		"hooks": [], "sandbox": null, "env_keys": [],
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

allow(texts) := claude_file({"allow": [rule(t, i + 1) | some i, t in texts]})

facts(claude, gemini, codex) := {"agent_config": {
	"claude_code": claude, "gemini": gemini, "codex": codex,
	"mcp_files": [], "mcp_servers": [],
}}

found(claude) := found_all(claude, [], [])

found_all(claude, gemini, codex) := {[v.rule, v.location.line] |
	some v in permissions.violations with input as facts(claude, gemini, codex)
}

# Only the findings of one rule id.
ids(claude, id) := {line | some [r, line] in found(claude); r == id}

# --- AIP180: every edit ---------------------------------------------------------------

test_every_edit_reported if {
	ids([allow(["Write", "Edit(*)", "MultiEdit", "Edit(**)", "Write(/**)", "Edit(./**)", "NotebookEdit"])], "AIP180") == {1, 2, 3, 4, 5, 6, 7}
}

test_scoped_edits_not_reported if {
	ids([allow(["Edit(src/**)", "Edit(/tests/**)", "Write(./docs/*.md)", "Read", "Read(**)"])], "AIP180") == set()
}

test_gemini_write_tools_reported if {
	gemini := [{"path": ".gemini/settings.json", "allowed_tools": [
		{"key": "tools.allowed", "value": ["read_file", "write_file", "run_shell_command(git status)"], "line": 4},
		{"key": "allowedTools", "value": ["EditTool"], "line": 9},
	]}]
	{[r, l] | some [r, l] in found_all([], gemini, []); r == "AIP180"} == {["AIP180", 4], ["AIP180", 9]}
}

# --- AIP181: edits outside the project ------------------------------------------------

test_edits_outside_project_reported if {
	ids([allow(["Edit(~/**)", "Edit(//etc/**)", "Write(../other/**)", "Edit(~/.bashrc)"])], "AIP181") == {1, 2, 3, 4}
}

test_project_edits_not_outside if {
	ids([allow(["Edit(/src/**)", "Edit(src/~tmp)", "Edit"])], "AIP181") == set()
}

# --- AIP184 / AIP185: reads -----------------------------------------------------------

test_sensitive_reads_outside_project_reported if {
	ids(
		[allow([
			"Read(~/.ssh/**)", "Read(~/.aws/**)", "Read(//etc/**)", "Read(~/**)", "Read(//**)",
			"Read(//home/alice/.kube/config)", "Read(~/**/.ssh/id_rsa)", "Read(//proc/self/environ)",
		])],
		"AIP184",
	) == {1, 2, 3, 4, 5, 6, 7, 8}
}

test_other_reads_outside_project_not_reported if {
	ids([allow(["Read(~/projects/shared/**)", "Read(//opt/sdk/**)", "Read(.ssh/**)", "Read"])], "AIP184") == set()
}

# A single leading slash is relative to the settings file's project, not the file system.
test_project_root_reads_are_not_the_file_system if {
	ids([allow(["Read(/*)", "Read(/**)", "Read(/)", "Read(/src/**)"])], "AIP184") == set()
	ids([allow(["Read(//*)", "Read(//)"])], "AIP184") == {1, 2}
}

test_secret_file_reads_reported if {
	ids([allow(["Read(**/.env)", "Read(./.env.local)", "Read(*.pem)", "Read(keys/id_ed25519)", "Read(.env*)"])], "AIP185") == {1, 2, 3, 4, 5}
}

test_env_templates_and_sources_not_secret if {
	ids([allow(["Read(.env.example)", "Read(src/**)", "Read(./config/app.yaml)", "Read(environment.ts)"])], "AIP185") == set()
}

# --- AIP186: directories --------------------------------------------------------------

test_home_and_root_directories_reported if {
	dirs := [{"value": d, "line": i + 1} | some i, d in ["/", "~", "~/", "$HOME", "/home/alice", "/Users/bob/", "C:\\", "C:\\Users\\carol", "/root"]]
	ids([claude_file({"additional_directories": dirs})], "AIP186") == {1, 2, 3, 4, 5, 6, 7, 8, 9}
}

test_project_directories_not_reported if {
	dirs := [{"value": d, "line": i + 1} | some i, d in ["../shared-lib", "/home/alice/src/other", "~/work/docs", "build"]]
	ids([claude_file({"additional_directories": dirs})], "AIP186") == set()
}

test_codex_writable_roots if {
	codex := [{"path": ".codex/config.toml", "writable_roots": {"value": ["/tmp/cache", "~"], "line": 6}}]
	found_all([], [], codex) == {["AIP186", 6]}
	ok := [{"path": ".codex/config.toml", "writable_roots": {"value": ["/tmp/cache"], "line": 6}}]
	found_all([], [], ok) == set()
	unset := [{"path": ".codex/config.toml", "writable_roots": null}]
	found_all([], [], unset) == set()
}

# --- AIP187 / AIP188: env -------------------------------------------------------------

env_file(names) := claude_file({"env_keys": [{"value": n, "line": i + 1} | some i, n in names]})

test_endpoint_overrides_reported if {
	ids(
		[env_file(["ANTHROPIC_BASE_URL", "CLAUDE_CODE_USE_BEDROCK", "HTTPS_PROXY", "http_proxy", "NODE_EXTRA_CA_CERTS", "ANTHROPIC_VERTEX_BASE_URL"])],
		"AIP187",
	) == {1, 2, 3, 4, 5, 6}
}

test_harmless_env_not_reported if {
	found([env_file(["DISABLE_TELEMETRY", "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "NO_PROXY", "ANTHROPIC_MODEL", "BASH_DEFAULT_TIMEOUT_MS"])]) == set()
}

test_tls_verification_off_reported if {
	found([env_file(["NODE_TLS_REJECT_UNAUTHORIZED"])]) == {["AIP188", 1]}
}

# --- Protection is never a finding ----------------------------------------------------

test_deny_and_ask_lists_never_reported if {
	risky := [
		"Write", "Edit(~/**)", "Bash(rm -rf:*)", "Bash(sudo:*)", "Bash(chmod:*)", "Bash(git push --force:*)",
		"Read(~/.ssh/**)", "Read(**/.env)", "Bash(printenv:*)",
	]
	f := claude_file({
		"deny": [rule(t, i + 1) | some i, t in risky],
		"ask": [rule(t, i + 20) | some i, t in risky],
	})
	found([f]) == set()
}

test_every_scope_is_read if {
	managed := object.union(allow(["Bash(rm:*)"]), {"path": "managed-settings.json", "scope": "managed"})
	local := object.union(allow(["Bash(rm:*)"]), {"path": ".claude/settings.local.json", "scope": "local"})
	count({v.location.path | some v in permissions.violations with input as facts([managed, local], [], [])}) == 2
}

test_no_agent_config_no_findings if {
	count(permissions.violations) == 0 with input as {}
}
