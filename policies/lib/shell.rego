# METADATA
# title: Shell permission helpers
# description: |
#   What an allow rule's command pattern lets an agent run, shared by the agent-hardening
#   rules (AIP102) and the permission rules (AIP180-AIP188), so both draw the line in the
#   same place.
package aipolicy.lib.shell

# every_command(spec): the rule runs anything: no command, a bare wildcard, or a shell,
# `eval`/`exec`/`xargs`/`sudo`/`env`, a language interpreter (whose `-c`/`-e` runs any
# code) or a package runner (which fetches and runs any package) followed only by a
# wildcard: `bash *`, `sh -c *`, `python3:*`, `node *`, `npx *`.
every_command(spec) if not is_string(spec)

every_command(spec) if trim_space(spec) in {"", "*", ":*", "* *"}

every_command(spec) if regex.match(every_command_pattern, spec)

every_command_pattern := concat("", [
	`^\s*(sudo\s+)?(`,
	`sudo|env|bash|sh|zsh|dash|ksh|fish|eval|exec|xargs`,
	`|python[0-9.]*|node|nodejs|deno|bun|ruby|perl|php|pwsh|powershell|osascript|lua|Rscript`,
	`|npx|pnpx|bunx|uvx|pipx\s+run|npm\s+exec|pnpm\s+dlx|yarn\s+dlx`,
	`)(\s+-c)?(\s*\*|:\*)\s*$`,
])
