# METADATA
# title: MCP server hygiene
# description: |
#   How each MCP server the repository configures (`agent_config.mcp_servers`) is started
#   and reached: secrets written into the file, packages fetched unpinned or from outside a
#   registry, shells and inline scripts, environment overrides that inject code, plaintext
#   or all-interfaces network endpoints, and filesystem access wider than the project.
#   Which servers are allowed at all is judged by the `mcp` rules (AIP120, AIP121).
package aipolicy.rules.mcp_hygiene

import data.aipolicy.lib.findings
import data.aipolicy.lib.mcp

# METADATA
# title: Plaintext secret in an MCP server definition
# description: |
#   An environment variable or HTTP header of an MCP server whose name marks it as a
#   credential (token, key, secret, password, authorization, cookie, ...) is given a literal
#   value instead of a reference to a variable (`${VAR}`, `${env:VAR}`, `${input:id}`); or
#   its command, an argument or its URL holds a secret (`plaintext_secrets`): a token
#   (GitHub, Slack, Google, Anthropic, OpenAI, AWS key id, private key), the value of
#   `--api-key`/`--token`/`--password`, `NAME=value` with a credential name, an
#   `Authorization: Bearer ...` header, a password in a URL or DSN
#   (`postgresql://user:secret@host/db`), a `?token=`/`?key=`/`?sig=` query parameter, or
#   a database client's `-p`; or the value of any environment variable or header holds one
#   of these shapes whatever its name (`DATABASE_URL` set to a DSN with a password, `GH` to
#   a GitHub token). The secret is in the repository for everyone who can read it,
#   and in its history (aipolicy redacts it from its facts and reports). Reported for
#   disabled servers too: the value is in the file either way.
# custom:
#   id: AIP130
#   severity: high
#   remediation: |
#     Rotate the credential, then replace the literal with a reference (`"${GITHUB_TOKEN}"`,
#     VS Code `${input:...}` with `password: true`, Codex `env_vars`/`env_http_headers`);
#     pass credentials through `env` or `headers` rather than arguments or the URL.
#   risk: Anyone with read access to the repository or a clone holds the server's credential.
#   cwe: [CWE-798]
#   owasp: [LLM02:2025, ASI03:2026]
#   evidence:
#     - https://code.claude.com/docs/en/mcp (environment variable expansion in .mcp.json) (verified 2026-11-25)
#     - https://code.visualstudio.com/docs/copilot/reference/mcp-configuration (input variables for sensitive information) (verified 2026-11-25)
violations contains findings.finding(rego.metadata.rule(), h.message, {"path": h.path, "line": h.line}) if {
	some h in _plaintext_secrets
}

# METADATA
# title: MCP server package not pinned to a version
# description: |
#   A server started through a package runner (npx, pnpm dlx, yarn dlx, bunx, npm exec,
#   uvx, uv tool run, pipx run) names its package without an exact version (no version,
#   `@latest`, a range such as `@^1.2`): every start may fetch and run a newer release,
#   including a malicious one (postmark-mcp turned malicious in a later version).
# custom:
#   id: AIP131
#   severity: medium
#   remediation: |
#     Pin the exact version (`@scope/server@1.4.2`, `mcp-server-fetch==2025.4.7`,
#     `uvx tool@1.2.3`) and update it deliberately after review.
#   risk: A new release of the package, or of a hijacked maintainer account, runs on every developer's machine unreviewed.
#   cwe: [CWE-494]
#   owasp: [LLM03:2025, ASI04:2026]
#   evidence:
#     - https://docs.astral.sh/uv/guides/tools/ (requesting specific tool versions) (verified 2026-11-25)
#     - https://npm.github.io/using-pkgs-docs/package-json/types-of-dependencies.html (exact versions vs ranges and tags) (verified 2026-11-25)
#     - postmark-mcp 1.0.16 backdoor, Koi Security 2025-09-25, https://akhilesharora.github.io/herkos/docs/case-postmark.html (verified 2026-11-25)
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	some s in mcp.active_servers
	some spec in _package_specs(s)
	not _outside_registry(spec)
	not _local_path(spec)
	not _pinned(_runner_kind(s), spec)
	message := concat("", [
		"MCP server '", s.name, "' in ", s.path, " runs package ", spec,
		" through ", _runner_name(s), " without a pinned version",
	])
	location := {"path": s.path, "line": s.line}
}

# METADATA
# title: MCP server package fetched from a git repository, URL or archive
# description: |
#   A server started through a package runner takes its package from a git URL, a GitHub
#   shorthand (`owner/repo`, `github:owner/repo`), an http(s) URL or an archive instead of
#   a registry release: no registry version, no provenance, and whatever the branch or URL
#   serves at the time of the start.
# custom:
#   id: AIP132
#   severity: high
#   remediation: |
#     Use a published registry release pinned to an exact version, or vendor the server
#     into the repository where it is reviewed.
#   risk: Whoever controls the repository or URL decides what code the agent's machine runs next.
#   cwe: [CWE-494]
#   owasp: [LLM03:2025, ASI04:2026]
#   evidence:
#     - https://npm.github.io/using-pkgs-docs/package-json/types-of-dependencies.html (git URLs, user/repo GitHub shorthand and tarball URLs as package specs) (verified 2026-11-25)
#     - https://docs.astral.sh/uv/guides/tools/ (--from git sources) (verified 2026-11-25)
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	some s in mcp.active_servers
	some spec in _package_specs(s)
	_outside_registry(spec)
	message := concat("", [
		"MCP server '", s.name, "' in ", s.path, " runs ", spec,
		" through ", _runner_name(s), ", fetched from outside a package registry",
	])
	location := {"path": s.path, "line": s.line}
}

# METADATA
# title: MCP server started through a shell or an inline script
# description: |
#   The server's command is a shell given a script (`sh -c`, `bash -lc`, `cmd /c`,
#   `powershell -Command`), an interpreter given inline code (`python -c`, `node -e`), or
#   a runner told to run a shell command (`npx -c`). Whatever the string says runs with
#   the developer's rights when the assistant starts its servers; the classic case is
#   `sh -c "curl ... | sh"`.
# custom:
#   id: AIP133
#   severity: high
#   remediation: |
#     Start the server's own executable with its arguments as a list, without a shell;
#     move any setup into a reviewed script or the server's package.
#   risk: An arbitrary script, often a remote download piped into a shell, runs on every machine that opens the repository.
#   cwe: [CWE-78]
#   owasp: [LLM03:2025, ASI05:2026]
#   evidence:
#     - "https://modelcontextprotocol.io/specification/2025-11-25/basic/security_best_practices (local MCP server compromise: malicious startup commands run with the user's privileges) (verified 2026-11-25)"
#     - https://code.visualstudio.com/docs/copilot/reference/mcp-configuration (stdio command and args) (verified 2026-11-25)
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	some s in mcp.active_servers
	w := _wrapper(s)
	message := concat("", [
		"MCP server '", s.name, "' in ", s.path, " starts through ", w,
		_download_note(s),
	])
	location := {"path": s.path, "line": s.line}
}

# METADATA
# title: Shell metacharacters in an MCP server's command line
# description: |
#   The command or an argument of a server that is not started through a shell contains
#   shell metacharacters (`;`, `&&`, `|`, backticks, `$(`). The client passes them
#   literally, so the line either does not do what its author believed or relies on a
#   program that hands its arguments to a shell: both deserve a look.
# custom:
#   id: AIP134
#   severity: high
#   remediation: |
#     Give the server's executable and plain arguments only; chain nothing in the MCP
#     definition.
#   risk: Chained or substituted commands may run alongside the server, hidden in what looks like an argument.
#   cwe: [CWE-78]
#   owasp: [ASI05:2026]
#   evidence:
#     - "https://modelcontextprotocol.io/specification/2025-11-25/basic/security_best_practices (local MCP server compromise: flag dangerous command patterns before running a configured server) (verified 2026-11-25)"
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	some s in mcp.active_servers
	not _wrapper(s)
	found := sort({m | some part in _command_line(s); some m in _metacharacters; contains(part, m)})
	count(found) > 0
	message := concat("", [
		"MCP server '", s.name, "' in ", s.path, " has shell metacharacters in its command line (",
		concat(" ", found), ")",
	])
	location := {"path": s.path, "line": s.line}
}

# METADATA
# title: MCP server environment overrides a loader or search path
# description: |
#   The server's environment sets, to a literal value, a variable that decides which code
#   a process loads (`PATH`, `LD_PRELOAD`, `LD_LIBRARY_PATH`, `DYLD_*`, `NODE_OPTIONS`,
#   `PYTHONPATH`, `PYTHONSTARTUP`, `BASH_ENV`, ...) or where it finds its configuration
#   (`HOME`). A reference to the same variable (`${PATH}`) is not reported.
# custom:
#   id: AIP135
#   severity: high
#   remediation: |
#     Remove the override; if the server needs a different runtime, point the command at
#     it explicitly.
#   risk: A preloaded library or module, or a swapped PATH, runs code from the repository in the server (and what it starts).
#   cwe: [CWE-427]
#   owasp: [LLM03:2025, ASI05:2026]
#   evidence:
#     - https://nodejs.org/api/cli.html#node_optionsoptions (NODE_OPTIONS accepts --require to preload a module) (verified 2026-11-25)
#     - https://man7.org/linux/man-pages/man8/ld.so.8.html (LD_PRELOAD) (not verified)
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	some s in mcp.active_servers
	some e in s.env
	e.value_is_reference == false
	_loader_variable(e.name)
	message := concat("", [
		"MCP server '", s.name, "' in ", s.path, " sets ", e.name,
		" in its environment to a literal value",
	])
	location := {"path": s.path, "line": e.line}
}

# METADATA
# title: Remote MCP server reached over plaintext HTTP
# description: |
#   A remote server's URL uses `http://` or `ws://` to a host other than the local machine:
#   the agent's requests, tool results and any credentials cross the network unencrypted.
# custom:
#   id: AIP136
#   severity: medium
#   remediation: Use the server's `https://` (or `wss://`) endpoint.
#   risk: Anyone on the path reads or changes the tool traffic, including tool descriptions the model obeys.
#   cwe: [CWE-319]
#   owasp: [LLM02:2025, ASI07:2026]
#   evidence:
#     - "https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization (all authorization server endpoints MUST be served over HTTPS) (verified 2026-11-25)"
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	some s in mcp.active_servers
	is_string(s.url)
	some scheme in ["http://", "ws://"]
	startswith(lower(s.url), scheme)
	host := _host(s.url)
	not _local_host(host)
	not startswith(host, "$")
	message := concat("", ["MCP server '", s.name, "' in ", s.path, " is reached over plaintext ", s.url])
	location := {"path": s.path, "line": s.line}
}

# METADATA
# title: MCP server bound to every network interface
# description: |
#   The server is told to listen on all interfaces (`0.0.0.0`, `::`; `--host 0.0.0.0`, a
#   container port published without a host address, or a URL on 0.0.0.0) instead of the
#   loopback address, so other machines on the network (and DNS-rebinding pages) can
#   reach its tools.
# custom:
#   id: AIP137
#   severity: medium
#   remediation: |
#     Bind to 127.0.0.1 (`--host 127.0.0.1`, `-p 127.0.0.1:8080:8080`) and require
#     authentication for anything reachable beyond the machine.
#   risk: The server's tools, often with file or shell access, are reachable from the network without the assistant.
#   cwe: [CWE-1327]
#   owasp: [ASI03:2026, ASI05:2026]
#   evidence:
#     - "https://modelcontextprotocol.io/specification/2025-11-25/basic/transports (security warning: local servers should bind only to 127.0.0.1, not 0.0.0.0) (verified 2026-11-25)"
#     - CVE-2025-49596, MCP Inspector below 0.14.1 listening unauthenticated, https://www.zealynx.io/glossary/mcp-inspector (verified 2026-11-25)
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	some s in mcp.active_servers
	found := sort(_all_interfaces(s))
	count(found) > 0
	message := concat("", [
		"MCP server '", s.name, "' in ", s.path, " listens on every network interface (",
		concat(", ", found), ")",
	])
	location := {"path": s.path, "line": s.line}
}

# METADATA
# title: MCP server given the whole disk or a home directory
# description: |
#   A filesystem server is allowed `/`, a drive root, `~`, `$HOME`, `/home`, `/Users` or a
#   user's home directory, or a container server mounts one of them: the agent can read
#   and write SSH keys, cloud credentials and every other project, not just this one.
# custom:
#   id: AIP138
#   severity: high
#   remediation: |
#     Allow only the project directory (`.` or `${workspaceFolder}`) or the specific
#     directories the task needs.
#   risk: Credentials and unrelated data anywhere in the home directory are one tool call (or one prompt injection) away.
#   cwe: [CWE-668]
#   owasp: [LLM06:2025, ASI02:2026, ASI03:2026]
#   evidence:
#     - https://github.com/modelcontextprotocol/servers/tree/main/src/filesystem (operations limited to the directories given as arguments) (verified 2026-11-25)
#     - CVE-2025-53109 (filesystem server symlink escape, Cymulate), https://0989e801.mcp-security-standard.pages.dev/en/v0.1.0/controls/fs/mcp-fs-02-symlink-resolution (verified 2026-11-25)
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	some s in mcp.active_servers
	found := sort(_broad_directories(s))
	count(found) > 0
	message := concat("", [
		"MCP server '", s.name, "' in ", s.path, " is given ", concat(", ", found),
		" (the whole disk or a home directory)",
	])
	location := {"path": s.path, "line": s.line}
}

# METADATA
# title: Sensitive file passed to an MCP server
# description: |
#   An argument of the server names a credential store: a `.env` file, an SSH key or
#   `.ssh`, `.aws/credentials`, a kubeconfig, `.netrc`, `.npmrc`, `.pypirc`,
#   `.git-credentials`, a Docker config or a private key file.
# custom:
#   id: AIP139
#   severity: high
#   remediation: |
#     Pass the server only the credential it needs, through a referenced environment
#     variable; never a whole credential file or directory.
#   risk: Every credential in the file is in reach of the server and, through its tools, of the model.
#   cwe: [CWE-200]
#   owasp: [LLM02:2025, ASI03:2026]
#   evidence:
#     - "https://modelcontextprotocol.io/specification/2025-11-25/basic/security_best_practices (local MCP server compromise: SSH-key paths among the dangerous patterns to flag) (verified 2026-11-25)"
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	some s in mcp.active_servers
	found := sort({a | some a in s.args; _sensitive_arg(a)})
	count(found) > 0
	message := concat("", [
		"MCP server '", s.name, "' in ", s.path, " is given sensitive files: ", concat(", ", found),
	])
	location := {"path": s.path, "line": s.line}
}

# --- AIP130: literal credentials in env and headers, secrets in the command line or URL --

_plaintext_secrets contains {"path": s.path, "line": e.line, "message": message} if {
	some s in input.agent_config.mcp_servers
	some kind, entries in {"environment variable": s.env, "header": s.headers}
	some e in entries
	e.value_is_reference == false
	_secret_name(e.name)
	message := concat("", [
		"MCP server '", s.name, "' in ", s.path, " sets ", kind, " ", e.name,
		" to a literal value (a plaintext secret)",
	])
}

# The collector has redacted these (or, in env and headers, never recorded the value); it
# records only where each was and its kind. A credential-named variable or header with a
# literal value is reported above, by its name, once.
_plaintext_secrets contains {"path": s.path, "line": secret.line, "message": message} if {
	some s in input.agent_config.mcp_servers
	some secret in s.plaintext_secrets
	not _reported_by_name(s, secret)
	message := concat("", [
		"MCP server '", s.name, "' in ", s.path, " has a plaintext secret (", secret.kind,
		") in ", _secret_place(secret),
	])
}

_named_tables := {"env": "env", "header": "headers"}

_reported_by_name(s, secret) if {
	some e in s[_named_tables[secret.where]]
	e.name == secret.key
	e.value_is_reference == false
	_secret_name(e.name)
}

_secret_place(secret) := concat("", ["args[", format_int(secret.index, 10), "]"]) if secret.where == "arg"

_secret_place(secret) := "its command" if secret.where == "command"

_secret_place(secret) := "its URL" if secret.where == "url"

_secret_place(secret) := concat("", ["environment variable ", secret.key]) if secret.where == "env"

_secret_place(secret) := concat("", ["header ", secret.key]) if secret.where == "header"

_secret_words := {
	"apikey", "auth", "authorization", "bearer", "cookie", "credential", "credentials",
	"creds", "key", "pass", "passphrase", "passwd", "password", "pat", "pwd", "secret",
	"token",
}

_secret_suffixes := ["apikey", "passwd", "password", "secret", "token"]

# Last words that make the name a pointer to a secret or a setting, not the secret itself.
_not_secret_last := {"dir", "file", "header", "host", "id", "name", "path", "type", "uri", "url", "user", "username"}

_words(name) := [w | some w in split(lower(replace(replace(name, "-", "_"), ".", "_")), "_"); w != ""]

_secret_name(name) if {
	not upper(name) in {"PWD", "OLDPWD"}
	words := _words(name)
	not words[count(words) - 1] in _not_secret_last
	some w in words
	_secret_word(w)
}

_secret_word(w) if w in _secret_words

_secret_word(w) if {
	some suffix in _secret_suffixes
	endswith(w, suffix)
}

# --- AIP131/AIP132: packages started through a runner ----------------------------------

# Runner -> the ecosystem it fetches from; runners that need a sub-command first.
_runners := {"npx": "npm", "pnpx": "npm", "bunx": "npm", "uvx": "python"}

_runner_subcommands := {
	"pnpm": {"sub": ["dlx"], "kind": "npm"},
	"yarn": {"sub": ["dlx"], "kind": "npm"},
	"bun": {"sub": ["x"], "kind": "npm"},
	"npm": {"sub": ["exec"], "kind": "npm"},
	"pipx": {"sub": ["run"], "kind": "python"},
	"uv": {"sub": ["tool", "run"], "kind": "python"},
}

# Flags that name the package; flags that take a value (so the value is no positional).
_package_flags := {"npm": {"-p", "--package"}, "python": {"--from", "--spec"}}

_value_flags := {
	"npm": {"-p", "--package", "-c", "--call", "--registry", "--cache", "--userconfig", "--node-options"},
	"python": {
		"--from", "--spec", "--python", "-p", "--with", "--with-editable", "--with-requirements",
		"--index", "--default-index", "--index-url", "--extra-index-url", "--pip-args", "-c", "--constraints",
	},
}

_base_command(command) := name if {
	parts := split(replace(command, "\\", "/"), "/")
	name := trim_suffix(trim_suffix(lower(parts[count(parts) - 1]), ".cmd"), ".exe")
}

_runner_kind(s) := _runners[_base_command(s.command)]

_runner_kind(s) := r.kind if {
	r := _runner_subcommands[_base_command(s.command)]
	array.slice(s.args, 0, count(r.sub)) == r.sub
}

_runner_name(s) := concat(" ", array.concat([_base_command(s.command)], _runner_subcommands[_base_command(s.command)].sub)) if {
	_runner_subcommands[_base_command(s.command)]
} else := _base_command(s.command)

_runner_args(s) := s.args if {
	_runners[_base_command(s.command)]
}

_runner_args(s) := array.slice(s.args, count(r.sub), count(s.args)) if {
	r := _runner_subcommands[_base_command(s.command)]
	array.slice(s.args, 0, count(r.sub)) == r.sub
}

# The packages a runner starts: every -p/--package/--from/--spec value, else the first
# positional argument.
_package_specs(s) := specs if {
	kind := _runner_kind(s)
	args := _runner_args(s)
	flagged := _flagged_specs(kind, args)
	count(flagged) > 0
	specs := flagged
} else := {args[i]} if {
	kind := _runner_kind(s)
	args := _runner_args(s)
	positional := [j |
		some j, a in args
		not startswith(a, "-")
		not _follows_value_flag(kind, args, j)
	]
	i := positional[0]
}

_flagged_specs(kind, args) := {v |
	some i, a in args
	a in _package_flags[kind]
	v := args[i + 1]
} | {v |
	some a in args
	some f in _package_flags[kind]
	startswith(a, concat("", [f, "="]))
	v := substring(a, count(f) + 1, -1)
}

_follows_value_flag(kind, args, j) if args[j - 1] in _value_flags[kind]

_remote_prefixes := ["git+", "git://", "github:", "gitlab:", "bitbucket:", "gist:", "http://", "https://", "ssh://"]

_archive_suffixes := [".tgz", ".tar.gz", ".tar", ".zip", ".whl"]

_outside_registry(spec) if {
	some p in _remote_prefixes
	startswith(lower(spec), p)
}

_outside_registry(spec) if {
	some marker in ["git+", "://"]
	contains(lower(spec), marker)
}

_outside_registry(spec) if {
	some suffix in _archive_suffixes
	endswith(lower(spec), suffix)
}

# npm reads `owner/repo` (no scope, no path prefix) as a GitHub repository.
_outside_registry(spec) if {
	contains(spec, "/")
	not startswith(spec, "@")
	not _local_path(spec)
	not contains(spec, ":")
}

_local_path(spec) if {
	some p in [".", "/", "~", "file:"]
	startswith(spec, p)
}

_local_path(spec) if contains(spec, "\\")

_local_path(spec) if regex.match(`^[A-Za-z]:`, spec)

_pinned("npm", spec) if regex.match(`^v?[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.+-]+)?$`, _npm_version(spec))

_pinned("python", spec) if {
	compact := replace(spec, " ", "")
	parts := split(compact, "==")
	count(parts) == 2
	regex.match(`^=?[0-9][0-9A-Za-z.+!-]*$`, parts[1])
}

# uvx also takes `tool@1.2.3`.
_pinned("python", spec) if {
	parts := split(spec, "@")
	count(parts) == 2
	regex.match(`^[0-9][0-9A-Za-z.+!-]*$`, parts[1])
}

# The version part of an npm spec: @scope/name@1.2.3 -> 1.2.3, name@^1 -> ^1, name -> "".
_npm_version(spec) := concat("@", array.slice(parts, 2, count(parts))) if {
	startswith(spec, "@")
	parts := split(spec, "@")
} else := concat("@", array.slice(parts, 1, count(parts))) if {
	parts := split(spec, "@")
}

# --- AIP133/AIP134: shells, inline scripts, metacharacters -----------------------------

_shells := {"sh", "bash", "zsh", "dash", "ksh", "mksh", "ash", "fish", "csh", "tcsh"}

_inline_flags := {
	"cmd": {"/c", "/k", "/r"},
	"powershell": {"-c", "-command", "-e", "-ec", "-enc", "-encodedcommand", "-cwa", "-commandwithargs"},
	"pwsh": {"-c", "-command", "-e", "-ec", "-enc", "-encodedcommand", "-cwa", "-commandwithargs"},
	"python": {"-c"}, "python3": {"-c"}, "py": {"-c"},
	"node": {"-e", "--eval", "-p", "--print"}, "bun": {"-e", "--eval"},
	"perl": {"-e", "-E"}, "ruby": {"-e"}, "deno": {"eval"},
}

# The command and its arguments as one list (a command written as one string is split).
_command_line(s) := array.concat([p | some p in split(trim_space(s.command), " "); p != ""], s.args) if {
	is_string(s.command)
} else := s.args

# The program actually started: the first word after `env`, its flags and assignments.
_program_index(line) := i if {
	candidates := [j |
		some j, p in line
		not _base_command(p) == "env"
		not startswith(p, "-")
		not contains(p, "=")
	]
	i := candidates[0]
}

_wrapper(s) := concat(" ", [line[i], flag]) if {
	line := _command_line(s)
	i := _program_index(line)
	_base_command(line[i]) in _shells
	some flag in array.slice(line, i + 1, count(line))
	regex.match(`^-[A-Za-z]*c[A-Za-z]*$`, flag)
} else := concat(" ", [line[i], flag]) if {
	line := _command_line(s)
	i := _program_index(line)
	flags := _inline_flags[_base_command(line[i])]
	some flag in array.slice(line, i + 1, count(line))
	lower(flag) in flags
} else := concat(" ", [_runner_name(s), flag]) if {
	_runner_kind(s) == "npm"
	some flag in _runner_args(s)
	_runner_shell_flag(flag)
}

_runner_shell_flag(flag) if flag in {"-c", "--call"}

_runner_shell_flag(flag) if startswith(flag, "--call=")

_download_note(s) := " (it pipes a download into an interpreter)" if {
	text := lower(concat(" ", _command_line(s)))
	contains(text, "|")
	some tool in ["curl", "wget", "iwr", "irm", "invoke-webrequest", "invoke-restmethod"]
	contains(text, tool)
} else := ""

_metacharacters := [";", "&&", "|", "`", "$("]

# --- AIP135: loader and search-path variables ------------------------------------------

_loader_variables := {
	"BASH_ENV", "ENV", "HOME", "JAVA_TOOL_OPTIONS", "LD_AUDIT", "LD_LIBRARY_PATH", "LD_PRELOAD",
	"NODE_OPTIONS", "NODE_PATH", "PATH", "PERL5LIB", "PERL5OPT", "PYTHONHOME", "PYTHONPATH",
	"PYTHONSTARTUP", "RUBYLIB", "RUBYOPT", "_JAVA_OPTIONS",
}

_loader_variable(name) if upper(name) in _loader_variables

_loader_variable(name) if startswith(upper(name), "DYLD_")

# --- AIP136/AIP137: network endpoints --------------------------------------------------

# The host of a URL, without port or credentials, lower case.
_host(url) := host if {
	rest := split(url, "://")[1]
	authority := split(split(rest, "/")[0], "@")
	hostport := lower(authority[count(authority) - 1])
	host := _strip_port(hostport)
}

_strip_port(hostport) := concat("", [split(hostport, "]")[0], "]"]) if startswith(hostport, "[")

else := split(hostport, ":")[0]

_local_host(host) if host in {"localhost", "[::1]", "0.0.0.0", "[::]"}

_local_host(host) if endswith(host, ".localhost")

_local_host(host) if startswith(host, "127.")

_all_interfaces(s) := (({x |
	is_string(s.url)
	host := _host(s.url)
	host in {"0.0.0.0", "[::]"}
	x := s.url
} | {a |
	some a in s.args
	_wildcard_address(a)
}) | {concat(" ", [flag, value]) |
	_is_container(s)
	some i, flag in s.args
	flag in {"-p", "--publish"}
	value := s.args[i + 1]
	_publishes_all(value)
}) | {a |
	_is_container(s)
	some a in s.args
	startswith(a, "--publish=")
	_publishes_all(substring(a, 10, -1))
}

_wildcard_address(a) if regex.match(`(^|[^0-9.])0\.0\.0\.0($|[^0-9.])`, a)

_wildcard_address(a) if a in {"::", "[::]"}

_wildcard_address(a) if endswith(a, "=::")

_wildcard_address(a) if contains(a, "[::]")

_is_container(s) if _base_command(s.command) in {"docker", "podman", "nerdctl"}

# `-p 8080:8080` publishes on every interface; `-p 127.0.0.1:8080:8080` does not.
_publishes_all(value) if {
	count(split(value, ":")) == 2
	not startswith(value, "[")
}

_publishes_all(value) if not contains(value, ":")

# --- AIP138: broad directories ---------------------------------------------------------

_filesystem_server(s) if contains(lower(s.name), "filesystem")

_filesystem_server(s) if {
	some a in s.args
	contains(lower(a), "filesystem")
}

_filesystem_server(s) if contains(lower(s.command), "filesystem")

_broad_directories(s) := (({a |
	_filesystem_server(s)
	some a in s.args
	_broad(_flag_value(a))
} | {v |
	_is_container(s)
	some i, flag in s.args
	flag in {"-v", "--volume"}
	v := s.args[i + 1]
	_broad(_mount_source(v))
}) | {a |
	_is_container(s)
	some a in s.args
	some prefix in ["--volume=", "-v="]
	startswith(a, prefix)
	_broad(_mount_source(substring(a, count(prefix), -1)))
}) | {a |
	_is_container(s)
	some a in s.args
	some field in split(a, ",")
	some key in ["src=", "source="]
	startswith(field, key)
	_broad(substring(field, count(key), -1))
}

# `--allowed-dir=/x` -> /x; anything else as is.
_flag_value(a) := substring(a, indexof(a, "=") + 1, -1) if {
	startswith(a, "-")
	contains(a, "=")
} else := a

# A mount's source: `/src:/dst[:ro]`, `C:\src:/dst`.
_mount_source(v) := concat(":", array.slice(parts, 0, 2)) if {
	parts := split(v, ":")
	count(parts[0]) == 1
} else := split(v, ":")[0]

_home_words := {"~", "$home", "${home}", "${env:home}", "${userhome}", "%userprofile%", "$env:userprofile", "%homepath%"}

_broad(dir) if {
	dir != ""
	normal := lower(replace(dir, "\\", "/"))
	_broad_normal(_trim_slashes(normal))
}

_trim_slashes(p) := trim_right(p, "/") if trim_right(p, "/") != ""

else := "/"

_broad_normal("/")

_broad_normal(p) if p in _home_words

_broad_normal(p) if p in {"/home", "/users", "/root", "/var/root"}

# A drive root (`C:`) or a user's home (`/home/alice`, `/Users/alice`, `C:\Users\alice`).
_broad_normal(p) if regex.match(`^[a-z]:$`, p)

_broad_normal(p) if regex.match(`^(/home|/users|[a-z]:/users)/[^/]+$`, p)

# --- AIP139: credential stores in arguments --------------------------------------------

_sensitive_names := {
	".aws", ".docker", ".git-credentials", ".gnupg", ".kube", ".netrc", ".npmrc", ".pgpass",
	".pypirc", ".ssh", "application_default_credentials.json", "id_dsa", "id_ecdsa",
	"id_ed25519", "id_rsa", "kubeconfig",
}

_sensitive_suffixes := [".pem", ".key", ".p12", ".pfx", ".jks", ".keystore"]

_env_examples := [".example", ".sample", ".template", ".dist", ".defaults"]

# Path segments of an argument, its flag values and mount parts included.
_segments(a) := {p |
	some x in split(lower(replace(a, "\\", "/")), "=")
	some y in split(x, ",")
	some z in split(y, ":")
	some p in split(z, "/")
	p != ""
}

_sensitive_arg(a) if {
	some p in _segments(a)
	_sensitive_segment(p)
}

_sensitive_arg(a) if contains(lower(a), "kubeconfig")

_sensitive_segment(p) if p in _sensitive_names

_sensitive_segment(p) if p == ".env"

_sensitive_segment(p) if {
	startswith(p, ".env.")
	not _env_example(p)
}

_sensitive_segment(p) if {
	some suffix in _sensitive_suffixes
	endswith(p, suffix)
	p != suffix
}

_env_example(p) if {
	some suffix in _env_examples
	endswith(p, suffix)
}
