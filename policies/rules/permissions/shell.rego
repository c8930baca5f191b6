package aipolicy.rules.permissions

import data.aipolicy.lib.context
import data.aipolicy.lib.findings
import data.aipolicy.lib.shell
import data.aipolicy.lib.wildcard

# Shell allow rules are judged by what they would let through: each rule is turned into
# the glob Claude Code (or Gemini CLI) matches commands with, and tried on a fixed list of
# sample commands below. A rule that matches a sample allows that command without
# asking, unless a Claude Code deny or ask rule (of any settings file: deny and ask win
# over allow) matches it too. Rules that allow every command are AIP102's and are skipped
# here.

# METADATA
# title: Destructive shell command allowed without asking
# description: |
#   A shell allow rule (Claude Code `Bash(...)`, Gemini CLI `run_shell_command(...)`)
#   lets the agent run, without asking, a command that destroys work or data: recursive
#   delete (`rm -r`, `rm -rf`), `git push --force`/`-f`/`+branch`, `git reset --hard`,
#   `git clean -f`, `git branch -D`, discarding changes (`git checkout .`,
#   `git restore .`), `dd` onto a device, or `mkfs`. A rule matches when its pattern
#   matches one of the sample commands `rm -rf ~`, `rm -fr ~`, `rm -r ~`, `rm -R ~`,
#   `rm -Rf ~`, `git push --force origin main`, `git push -f origin main`,
#   `git push origin main --force`, `git push origin +main`, `git reset --hard HEAD~1`,
#   `git clean -fdx`, `git clean -fd`, `git clean -df`, `git clean -f`,
#   `git branch -D main`, `git checkout .`, `git checkout -- .`, `git restore .`,
#   `dd if=/dev/zero of=/dev/sda`, `mkfs -t ext4 /dev/sda`, `mkfs.ext4 /dev/sda`; so
#   `Bash(rm:*)`, `Bash(git push:*)` and `Bash(git *)` are reported, and `Bash(rm -rf node_modules)` or `Bash(git push origin feature)` are not.
#   A command that a Claude Code deny or ask rule (of any settings file) also matches is
#   not allowed without asking and does not count.
# custom:
#   id: AIP182
#   severity: high
#   cwe: [CWE-862]
#   owasp: [LLM06:2025, ASI02:2026]
#   evidence:
#     - https://code.claude.com/docs/en/permissions (verified 2026-12-05)
#     - https://docs.anthropic.com/en/docs/claude-code/iam (Bash prefix rules) (verified 2026-12-05)
#     - https://geminicli.com/docs/reference/configuration (not verified)
#   remediation: |
#     Remove the rule or narrow it to the exact command (`Bash(rm -rf dist)`); add the
#     destructive forms to `permissions.deny` (e.g. `Bash(git push --force *)`,
#     `Bash(rm -rf *)`).
#   risk: A mistaken or prompt-injected agent deletes files, history or a shared branch with no human check.
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	some r in _shell_allow_rules
	labels := {label | some sample, label in _destructive_samples; _allows(r, sample)}
	count(labels) > 0
	message := concat("", [r.path, " allows ", concat(", ", sort(labels)), " without asking: ", r.rule])
	location := {"path": r.path, "line": r.line}
}

# METADATA
# title: Privilege-escalating shell command allowed without asking
# description: |
#   A shell allow rule (Claude Code `Bash(...)`, Gemini CLI `run_shell_command(...)`)
#   lets the agent gain privileges without asking: any command run through `sudo`,
#   `doas`, `su`, `pkexec` or `run0`, or a rule matching one of the sample commands
#   `chmod -R 777 /`, `chmod 777 ~`, `chmod u+s /bin/sh`, `chown -R root /`,
#   `docker run --privileged -v /:/host alpine`, `podman run --privileged -v /:/host alpine`
#   (so `Bash(chmod:*)` and `Bash(docker run:*)` are reported, `Bash(chmod +x build.sh)`
#   is not). A bare `Bash(sudo *)` is AIP102's. A command that a Claude Code deny or ask
#   rule (of any settings file) also matches does not count.
# custom:
#   id: AIP183
#   severity: high
#   cwe: [CWE-250, CWE-269]
#   owasp: [LLM06:2025, ASI02:2026, ASI03:2026]
#   evidence:
#     - https://code.claude.com/docs/en/permissions (verified 2026-12-05)
#     - https://docs.anthropic.com/en/docs/claude-code/iam (Bash prefix rules) (verified 2026-12-05)
#     - https://geminicli.com/docs/reference/configuration (not verified)
#   remediation: |
#     Remove the rule; privileged commands should always ask. Add `Bash(sudo *)` to
#     `permissions.deny`.
#   risk: The agent acts as root or escapes to the host, beyond any project-level restriction.
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	some r in _shell_allow_rules
	labels := _escalation_labels(r)
	count(labels) > 0
	message := concat("", [r.path, " allows ", concat(", ", sort(labels)), " without asking: ", r.rule])
	location := {"path": r.path, "line": r.line}
}

# --- Helpers -------------------------------------------------------------------------

# Sample command -> what it stands for in messages.
_destructive_samples := {
	"rm -rf ~": "rm -r",
	"rm -fr ~": "rm -r",
	"rm -r ~": "rm -r",
	"rm -R ~": "rm -r",
	"rm -Rf ~": "rm -r",
	"git push --force origin main": "git push --force",
	"git push -f origin main": "git push --force",
	"git push origin main --force": "git push --force",
	"git reset --hard HEAD~1": "git reset --hard",
	"git clean -fdx": "git clean -f",
	"git clean -fd": "git clean -f",
	"git clean -df": "git clean -f",
	"git clean -f": "git clean -f",
	"git branch -D main": "git branch -D",
	"git checkout .": "git checkout .",
	"git checkout -- .": "git checkout .",
	"git restore .": "git restore .",
	"git push origin +main": "git push --force",
	"dd if=/dev/zero of=/dev/sda": "dd",
	"mkfs -t ext4 /dev/sda": "mkfs",
	"mkfs.ext4 /dev/sda": "mkfs",
}

_escalation_samples := {
	"chmod -R 777 /": "chmod",
	"chmod 777 ~": "chmod",
	"chmod u+s /bin/sh": "chmod",
	"chown -R root /": "chown",
	"docker run --privileged -v /:/host alpine": "docker run --privileged",
	"podman run --privileged -v /:/host alpine": "podman run --privileged",
}

_escalation_labels(r) := {label | some sample, label in _escalation_samples; _allows(r, sample)} | {w |
	some w in {"sudo", "doas", "su", "pkexec", "run0"}
	some pattern in r.patterns
	_starts_with_word(trim_left(pattern, " \t"), w)
	not _stopped(r, replace(pattern, "*", "x"))
}

# s starts with the word w: w alone, or followed by a blank or a `*`.
_starts_with_word(s, w) if s == w

_starts_with_word(s, w) if {
	startswith(s, w)
	substring(s, count(w), 1) in {" ", "\t", "*"}
}

# The shell rule r allows the command, and no deny or ask rule stops it.
_allows(r, command) if {
	_matches(r, command)
	not _stopped(r, command)
}

# `*` matches any characters (lib/wildcard: no regular expression is compiled).
_matches(r, command) if {
	some pattern in r.patterns
	wildcard.match(pattern, command)
}

# Claude Code checks deny, then ask, then allow, across all its settings files: a deny or
# ask rule that matches the command (or a bare `Bash`) wins over the allow rule. Sample
# settings under docs/ or examples/ stop nothing. Gemini CLI allow rules are judged alone.
_stopped(r, command) if {
	endswith(r.rule, ")")
	startswith(r.rule, "Bash(")
	some f in input.agent_config.claude_code
	context.of(f.path) == "project"
	some d in array.concat(object.get(f, "deny", []), object.get(f, "ask", []))
	d.tool == "Bash"
	_stops(d.specifier, command)
}

_stops(spec, _) if not is_string(spec)

_stops(spec, _) if trim_space(spec) in {"", "*", ":*", "* *"}

_stops(spec, command) if {
	is_string(spec)
	some pattern in _claude_globs(spec)
	wildcard.match(pattern, command)
}

# Allow rules that run some (not every) shell command, with the glob they match.
_shell_allow_rules contains {"path": f.path, "line": r.line, "rule": r.rule, "patterns": _claude_globs(r.specifier)} if {
	some f in input.agent_config.claude_code
	some r in f.allow
	r.tool == "Bash"
	is_string(r.specifier)
	not _every_command(r.specifier)
}

_shell_allow_rules contains {"path": f.path, "line": s.line, "rule": entry, "patterns": {pattern}} if {
	some f in input.agent_config.gemini
	some s in f.allowed_tools
	is_array(s.value)
	some entry in s.value
	is_string(entry)
	i := indexof(entry, "(")
	i > 0
	endswith(entry, ")")
	substring(entry, 0, i) in {"run_shell_command", "ShellTool"}
	command := trim_space(substring(entry, i + 1, (count(entry) - i) - 2))
	not _every_command(command)
	pattern := concat("", [command, "*"]) # Gemini CLI matches a command prefix
}

# Claude Code: `*` is the only wildcard; the legacy suffix `:*` is the same as ` *`.
# A trailing ` *` or `:*` also matches the bare prefix (`Bash(ls:*)` allows `ls`).
_claude_globs(spec) := {concat("", [prefix, " *"]), prefix} if {
	s := trim_space(spec)
	endswith(s, ":*")
	prefix := trim_suffix(s, ":*")
} else := {concat("", [prefix, " *"]), prefix} if {
	s := trim_space(spec)
	endswith(s, " *")
	prefix := trim_suffix(s, " *")
} else := {trim_space(spec)}

# The rules AIP102 reports (lib/shell: every command).
_every_command(spec) if shell.every_command(spec)
