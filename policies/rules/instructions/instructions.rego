# METADATA
# title: Instruction, rule and skill files
# description: |
#   The text assistants obey (CLAUDE.md, AGENTS.md, GEMINI.md, Copilot instructions and
#   prompts, Cursor/Windsurf/Cline/Roo/Continue/Amazon Q/Junie rules, Claude Code commands,
#   agents and skills) and the scripts skills ship (`input.instructions`): hidden Unicode,
#   remote code they tell the agent to run, instructions they load from a URL, secrets,
#   and (content.rego) what the text tells the agent to do: prompt injection, role tokens,
#   concealment, permission bypass, destructive commands, credential exfiltration,
#   exfiltration URLs, encoded payloads, and any of these hidden in an HTML comment.
#   A line that says not to ("never pipe curl into sh") is protection, not a finding.
package aipolicy.rules.instructions

import data.aipolicy.lib.findings

# How messages name each kind of file.
kind_label := {
	"instructions": "instruction file",
	"rules": "rule file",
	"skill": "skill file",
	"command": "command file",
	"agent": "agent file",
}

# METADATA
# title: Hidden text in Unicode Tag characters
# description: |
#   An instruction, rule or skill file holds Unicode Tag characters (U+E0000-E007F). They
#   render as nothing in editors and code review, but models read them as the ASCII text
#   they encode: a way to give an agent instructions no reviewer sees. The message shows
#   the hidden text. Emoji subdivision flags (the only legitimate use) are not reported.
# custom:
#   id: AIP600
#   severity: critical
#   remediation: |
#     Remove the tag characters (for example `perl -CSD -pi -e 's/[\x{E0000}-\x{E007F}]//g' FILE`),
#     find out who added them and what the agent did while they were there.
#   risk: Instructions hidden from every reviewer steer the agent (backdoored code, exfiltration).
#   cwe: CWE-1427
#   owasp: ["LLM01:2025", "ASI01:2026", "ASI06:2026"]
#   evidence: |
#     https://community.aws/content/2w8WmyO1PQEdFIr3H2ogy3Kguqs/how-to-mitigate-code-agent-attacks-in-aws
#     (Rules File Backdoor, invisible Unicode in rules files; verified 2026-11-25);
#     https://github.com/cisco-ai-defense/skill-scanner/issues/92 (ASCII smuggling with
#     tag characters in SKILL.md; verified 2026-11-25)
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	some f in input.instructions.files
	some h in f.hidden_unicode
	h.kind == "tag"
	message := concat("", [
		f.path, " (", kind_label[f.kind], ") hides ", _hidden_text(h),
		" in Unicode Tag characters on line ", format_int(h.line, 10),
	])
	location := {"path": f.path, "line": h.line}
}

_hidden_text(h) := concat("", ["the text \"", _escaped(h.decoded), "\""]) if {
	is_string(h.decoded)
	h.decoded != ""
} else := concat("", ["code points ", concat(", ", h.codepoints)])

_escaped(text) := replace(replace(text, "\\", "\\\\"), "\"", "\\\"")

# METADATA
# title: Bidirectional control characters in an instruction file
# description: |
#   An instruction, rule or skill file holds Unicode bidirectional embedding, override or
#   isolate controls (U+202A-202E, U+2066-2069): the text a reviewer sees is not in the
#   order the model reads it (Trojan Source, CVE-2021-42574). One finding per file, at the
#   first line.
# custom:
#   id: AIP601
#   severity: high
#   remediation: |
#     Remove the control characters; write right-to-left text without explicit overrides.
#   risk: Reviewed instructions differ from the instructions the agent follows.
#   cwe: CWE-451
#   owasp: ["LLM01:2025", "ASI01:2026"]
#   evidence: |
#     https://ubuntu.com/security/CVE-2021-42574 (Trojan Source; verified 2026-11-25)
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	some f in input.instructions.files
	hits := _hidden(f, "bidi")
	count(hits) > 0
	message := _hidden_message(f, hits, "bidirectional control characters")
	location := {"path": f.path, "line": min({h.line | some h in hits})}
}

# METADATA
# title: Zero-width characters in an instruction file
# description: |
#   An instruction, rule or skill file holds invisible characters (zero-width space,
#   joiners outside emoji and the scripts that need them, word joiner, invisible operators,
#   a byte-order mark after the start): they split or hide words a reviewer reads, and can
#   carry an encoded message. One finding per file, at the first line.
# custom:
#   id: AIP602
#   severity: medium
#   remediation: Remove the invisible characters.
#   risk: The agent reads text a reviewer cannot see; filters and reviews are bypassed.
#   cwe: CWE-451
#   owasp: ["LLM01:2025", "ASI01:2026"]
#   evidence: |
#     https://community.aws/content/2w8WmyO1PQEdFIr3H2ogy3Kguqs/how-to-mitigate-code-agent-attacks-in-aws
#     (Rules File Backdoor, invisible Unicode in rules files; verified 2026-11-25)
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	some f in input.instructions.files
	hits := _hidden(f, "zero_width")
	count(hits) > 0
	message := _hidden_message(f, hits, "zero-width characters")
	location := {"path": f.path, "line": min({h.line | some h in hits})}
}

_hidden(f, kind) := [h | some h in f.hidden_unicode; h.kind == kind]

_hidden_message(f, hits, what) := concat("", [
	f.path, " (", kind_label[f.kind], ") contains ", what, " (",
	concat(", ", sort({cp | some h in hits; some cp in h.codepoints})), ") on ",
	_lines(hits),
])

_lines(hits) := concat("", ["line ", format_int(hits[0].line, 10)]) if count(hits) == 1

else := concat("", [format_int(count(hits), 10), " lines, first line ", format_int(min({h.line | some h in hits}), 10)])

# METADATA
# title: Instruction file tells the agent to run remote code
# description: |
#   An instruction, rule or skill file tells the agent (or the developer) to fetch code and
#   run it: `curl ... | sh`, `wget -O- ... | bash`, `bash -c "$(curl ...)"`,
#   `iwr ... | iex`, or "download and execute the installer from https://...". Lines that
#   say not to ("never pipe curl into sh") are not reported.
# custom:
#   id: AIP603
#   severity: high
#   remediation: |
#     Remove the instruction. Install tools through a pinned, checksummed package or a
#     reviewed script committed to the repository.
#   risk: The agent runs whatever the remote server returns, with the developer's access.
#   cwe: CWE-494
#   owasp: ["LLM01:2025", "LLM03:2025", "ASI04:2026", "ASI05:2026"]
#   evidence: |
#     https://owasp.org/www-project-agentic-skills-top-10/ast01.html (skills whose
#     prerequisites tell users to run commands from attacker-controlled domains; verified 2026-11-25)
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	some f in input.instructions.files
	some r in f.remote_exec
	not r.negated
	message := concat("", [
		f.path, " (", kind_label[f.kind], ") tells the agent to run remote code on line ",
		format_int(r.line, 10), ": ", r.excerpt,
	])
	location := {"path": f.path, "line": r.line}
}

# METADATA
# title: Instructions loaded from a URL
# description: |
#   An instruction, rule or skill file imports instructions from a URL (`@https://...`
#   outside code) or tells the agent to read or follow the instructions at a URL. Whoever
#   controls that URL can change what the agent obeys at any time, with no review in the
#   repository.
# custom:
#   id: AIP604
#   severity: medium
#   remediation: |
#     Commit the instructions to the repository (and review their changes) instead of
#     loading them from a URL.
#   risk: Instructions change outside review; a compromised or expired domain steers the agent.
#   cwe: CWE-829
#   owasp: ["LLM01:2025", "ASI04:2026", "ASI06:2026"]
#   evidence: |
#     https://docs.anthropic.com/ja/docs/claude-code/memory (CLAUDE.md imports with
#     @path/to/import, loaded into context at start; verified 2026-11-25)
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	some f in input.instructions.files
	some r in f.remote_include
	message := concat("", [
		f.path, " (", kind_label[f.kind], ") loads instructions from ", r.url,
		" on line ", format_int(r.line, 10),
	])
	location := {"path": f.path, "line": r.line}
}

# METADATA
# title: Secret in an instruction file
# description: |
#   An instruction, rule or skill file holds text that looks like a secret (a private key,
#   an AWS access key id, a GitHub, Slack, Google, Anthropic or OpenAI token). These files
#   are committed and sent to the model provider with every request.
# custom:
#   id: AIP605
#   severity: high
#   remediation: |
#     Revoke the secret, remove it from the file and its history, and tell the agent where
#     to find credentials (an environment variable name) instead.
#   risk: The secret leaks to everyone with the repository and to the model provider's logs.
#   cwe: CWE-798
#   owasp: ["LLM02:2025", "ASI03:2026"]
#   evidence: |
#     https://docs.anthropic.com/ja/docs/claude-code/memory (project CLAUDE.md is
#     team-shared and loaded into every session; verified 2026-11-25)
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	some f in input.instructions.files
	some s in f.secrets
	message := concat("", [
		f.path, " (", kind_label[f.kind], ") holds a secret-like ", s.kind,
		" on line ", format_int(s.line, 10),
	])
	location := {"path": f.path, "line": s.line}
}

# METADATA
# title: Skill script pipes remote code into a shell
# description: |
#   A script a skill ships (under its `scripts/` folder, run by the agent when the skill
#   is used) fetches code and runs it: `curl ... | sh`, `wget -O- ... | bash`,
#   `iwr ... | iex`. Lines that say not to are not reported.
# custom:
#   id: AIP606
#   severity: high
#   remediation: |
#     Commit what the script needs, or install it from a pinned, checksummed package;
#     never run what a URL returns.
#   risk: Whoever controls the URL runs code on every machine where the agent uses the skill.
#   cwe: CWE-494
#   owasp: ["LLM03:2025", "ASI04:2026", "ASI05:2026"]
#   evidence: |
#     https://snyk.io/jp/articles/skill-md-shell-access (malicious skills on ClawHub;
#     verified 2026-11-25); https://arxiv.org/html/2605.28588 (Snyk ToxicSkills technical
#     report, 76 malicious skill payloads; verified 2026-11-25)
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	some s in input.instructions.skill_scripts
	some r in s.remote_exec
	not r.negated
	message := concat("", [
		s.path, " (script of skill ", s.skill, ") runs remote code on line ",
		format_int(r.line, 10), ": ", r.excerpt,
	])
	location := {"path": s.path, "line": r.line}
}
