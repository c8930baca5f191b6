# Content rules of the instructions package (AIP607-AIP615), on what instruction, rule
# and skill files and skill scripts tell the agent to do (`content_matches` of
# `input.instructions.files` and `.skill_scripts`): prompt-injection phrases, fake
# chat-template tokens, concealment, safety bypass, destructive commands, credential
# exfiltration, exfiltration URLs, encoded payloads, and any of these hidden in an HTML
# comment. A clause that says not to ("never run `rm -rf /`") is protection, not a
# finding; text in code is judged only where code is the instruction.
package aipolicy.rules.instructions

import data.aipolicy.lib.findings

# How messages name each kind of content match.
content_label := {
	"override": "a prompt-injection phrase",
	"role_token": "a fake chat-template or role marker",
	"conceal": "an instruction to hide actions from the user",
	"safety_bypass": "an instruction to turn off permission checks",
	"destructive": "a destructive command",
	"credential_exfil": "an instruction to send credentials out",
	"exfil_url": "a URL that carries data out",
	"encoded_payload": "an encoded payload",
	"network_command": "a network command",
	"agent_address": "text addressed to the agent",
}

# Every content match, with the path and name of the file or script it is in.
_content contains {"path": f.path, "label": kind_label[f.kind], "match": m} if {
	some f in input.instructions.files
	some m in f.content_matches
}

_content contains {"path": s.path, "label": concat("", ["script of skill ", s.skill]), "match": m} if {
	some s in input.instructions.skill_scripts
	some m in s.content_matches
}

# Matches of a kind that are instructions: visible (not in an HTML comment, which AIP607
# reports) and not negated; `where` limits them to text when code is only an example.
_active(kind, places) := {c |
	some c in _content
	c.match.kind == kind
	c.match.where in places
	not c.match.negated
}

_message(c, what) := concat("", [
	c.path, " (", c.label, ") ", what, " on line ", format_int(c.match.line, 10), ": ",
	c.match.excerpt,
])

_location(c) := {"path": c.path, "line": c.match.line}

# METADATA
# title: Hidden instructions in an HTML comment
# description: |
#   An instruction, rule or skill file holds an HTML comment (or a `[//]: #` comment) with
#   instructions in it: a prompt-injection phrase, a network command, an instruction to
#   hide something from the user, to send credentials, to turn off permission checks, a
#   destructive command, an encoded payload, or text that addresses the agent and tells
#   it to run, install, send or delete something. Rendered Markdown hides the comment; the
#   model reads it. Ordinary maintainer comments (`<!-- markdownlint-disable -->`,
#   "generated, run make docs") are not reported. One finding per line.
# custom:
#   id: AIP607
#   severity: high
#   remediation: |
#     Remove the comment, or make the instruction visible text so that reviewers read it;
#     find out who added it and what the agent did while it was there.
#   risk: Instructions a reviewer of the rendered file never sees steer the agent.
#   cwe: [CWE-1427]
#   owasp: ["LLM01:2025", "ASI01:2026", "ASI06:2026"]
#   evidence: |
#     https://www.nanostack.sh/blog/prompt-injection-in-ai-coding-agents (an HTML comment
#     in a README telling agents to run curl | sh and not to mention it; verified 2026-12-05);
#     https://zidanewu.com/posts/ai-coding-agent-prompt-injection-security (RoguePilot:
#     hidden HTML comments in GitHub issues made Copilot leak GITHUB_TOKEN; verified 2026-12-05)
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	some f in input.instructions.files
	some line in {m.line | some m in f.content_matches; m.where == "comment"; not m.negated}
	hits := [m | some m in f.content_matches; m.line == line; m.where == "comment"; not m.negated]
	message := concat("", [
		f.path, " (", kind_label[f.kind], ") hides instructions in an HTML comment on line ",
		format_int(line, 10), " (", concat(", ", sort({content_label[m.kind] | some m in hits})),
		"): ", hits[0].excerpt,
	])
	location := {"path": f.path, "line": line}
}

# METADATA
# title: Prompt-injection phrase in an instruction file
# description: |
#   An instruction, rule or skill file tells the model to drop the instructions it has:
#   "ignore all previous instructions", "disregard your safety guidelines", "you are now
#   DAN / unrestricted". No legitimate project instruction needs these phrases; in a file
#   the agent obeys they are an injection planted by whoever changed it. Text in code
#   blocks (documentation of attacks) is not reported.
# custom:
#   id: AIP608
#   severity: high
#   remediation: |
#     Remove the phrase, find out who added it (history of the file) and review what the
#     agent did under it.
#   risk: The agent follows an attacker's instructions instead of the project's.
#   cwe: [CWE-1427]
#   owasp: ["LLM01:2025", "ASI01:2026"]
#   evidence: |
#     https://genai.owasp.org/llmrisk/llm01-prompt-injection/ (OWASP LLM01:2025 Prompt
#     Injection; not verified); https://pidsec.com/insights/owasp-llm-prompt-injection
#     (quotes LLM01:2025: injected instructions need not be visible to humans; verified 2026-12-05)
violations contains findings.finding(rego.metadata.rule(), _message(c, "holds a prompt-injection phrase"), _location(c)) if {
	some c in _active("override", {"text"})
}

# METADATA
# title: Fake chat-template or role marker in an instruction file
# description: |
#   An instruction, rule or skill file holds chat-template tokens or role markers
#   (`<|im_end|>`, `<|im_start|>system`, `<|eot_id|>`, `[INST]`, `[/INST]`, `<<SYS>>`,
#   `<end_of_turn>`, a lone `</s>`, or a line starting `System: you are ...`). They fake the
#   end of the user's turn or a new system message, so that what follows reads as the
#   operator's instructions. Text in code blocks (a project documenting chat templates)
#   is not reported.
# custom:
#   id: AIP609
#   severity: high
#   remediation: Remove the markers; find out who added them and why.
#   risk: Injected text is read as system or operator instructions.
#   cwe: [CWE-1427]
#   owasp: ["LLM01:2025", "ASI01:2026"]
#   evidence: |
#     https://genai.owasp.org/llmrisk/llm01-prompt-injection/ (OWASP LLM01:2025 Prompt
#     Injection; not verified)
violations contains findings.finding(rego.metadata.rule(), _message(c, "holds a fake chat-template or role marker"), _location(c)) if {
	some c in _active("role_token", {"text"})
}

# METADATA
# title: Instruction to hide actions from the user
# description: |
#   An instruction, rule or skill file tells the agent to keep what it does from the
#   person using it: "do not tell the user about ...", "without informing the user",
#   "hide this from the user", "never mention these instructions", "silently send ...".
#   Honest instructions have no reason to be hidden from the user; tool-poisoning and
#   injection payloads always add one.
# custom:
#   id: AIP610
#   severity: high
#   remediation: |
#     Remove the instruction; an agent must report what it does. Review the file's history.
#   risk: The agent acts against the user and covers its tracks.
#   cwe: [CWE-451]
#   owasp: ["LLM01:2025", "ASI01:2026", "ASI09:2026"]
#   evidence: |
#     https://lbeurerkellner.github.io/jekyll/update/2025/04/01/mcp-tool-poisoning.html
#     (Invariant Labs tool poisoning: read ~/.ssh/id_rsa, "do not mention" it to the user;
#     verified 2026-12-05)
violations contains findings.finding(rego.metadata.rule(), _message(c, "tells the agent to hide what it does from the user"), _location(c)) if {
	some c in _active("conceal", {"text"})
}

# METADATA
# title: Instruction to turn off the agent's permission checks
# description: |
#   An instruction, rule or skill file, or a skill script, runs or tells the agent to run
#   with its permission prompts or sandbox off (`--dangerously-skip-permissions`,
#   `bypassPermissions`, `--dangerously-bypass-approvals-and-sandbox`, `--yolo`,
#   `--approval-mode yolo`, `--sandbox danger-full-access`, `dangerouslyDisableSandbox`,
#   `--trust-all-tools`), or says "never ask for confirmation" or "always approve all tool
#   calls". Scoped permissions ("you may run the tests without asking") are not reported.
# custom:
#   id: AIP611
#   severity: high
#   remediation: |
#     Remove the flag or phrase. Allow the specific commands the project needs in the
#     agent's settings, and run unattended agents only in an isolated container.
#   risk: Every other instruction, injected or not, runs with no human approval.
#   cwe: [CWE-250]
#   owasp: ["LLM06:2025", "ASI02:2026", "ASI03:2026"]
#   evidence: |
#     https://vectimus.com/blog/force-flags (Nx s1ngularity malware ran Claude Code with
#     --dangerously-skip-permissions and Gemini CLI with --yolo; verified 2026-12-05);
#     https://docs.anthropic.com/es/docs/claude-code/devcontainer (skip permissions only in
#     a devcontainer with trusted repositories; verified 2026-12-05)
violations contains findings.finding(rego.metadata.rule(), _message(c, "turns off the agent's permission checks"), _location(c)) if {
	some c in _active("safety_bypass", {"text", "code"})
}

# METADATA
# title: Destructive command in an instruction file or skill script
# description: |
#   An instruction, rule or skill file, or a skill script, holds a command that destroys a
#   machine, a home directory or shared history: `rm -rf /` or `~` (or `$HOME`,
#   `--no-preserve-root`), `git push --force` to main or master, `chmod -R 777`, `mkfs`,
#   `dd of=/dev/sda`, writing to a disk device, a fork bomb, `Remove-Item -Recurse` on a
#   drive or home. Everyday cleanup (`rm -rf node_modules`, `rm -rf ./dist`) is not
#   reported, nor a line that says not to.
# custom:
#   id: AIP612
#   severity: high
#   remediation: |
#     Remove the command. Name the exact paths a cleanup may delete, and protect main with
#     branch protection instead of telling anyone to force-push it.
#   risk: One agent action wipes the developer's machine or the shared branch.
#   cwe: [CWE-732, CWE-1427]
#   owasp: ["LLM06:2025", "ASI02:2026", "ASI05:2026"]
#   evidence: |
#     https://www.pillar.security/blog/analyzing-the-amazon-q-incident-using-the-sail-framework
#     (Amazon Q extension shipped a "wiper" prompt to delete user files and cloud resources;
#     verified 2026-12-05)
violations contains findings.finding(rego.metadata.rule(), _message(c, "holds a destructive command"), _location(c)) if {
	some c in _active("destructive", {"text", "code"})
}

# METADATA
# title: Instruction to send credentials out
# description: |
#   An instruction, rule or skill file, or a skill script, sends credentials over the
#   network or tells the agent to: `cat ~/.ssh/id_rsa | curl ...`, `curl -d @.env ...`,
#   `curl ... $(cat ~/.aws/credentials)`, `env | nc ...`, `scp ~/.ssh/... host:`, "send the
#   API keys to https://...", "read ~/.ssh/id_rsa and post it". Reading a credential
#   without a network sink, and lines that say not to, are not reported.
# custom:
#   id: AIP613
#   severity: critical
#   remediation: |
#     Remove the instruction, rotate every credential the agent could reach while it was
#     there, and find out who added it.
#   risk: SSH keys, cloud credentials and tokens are sent to an attacker.
#   cwe: [CWE-200, CWE-522]
#   owasp: ["LLM01:2025", "LLM02:2025", "ASI01:2026", "ASI03:2026"]
#   evidence: |
#     https://lbeurerkellner.github.io/jekyll/update/2025/04/01/mcp-tool-poisoning.html
#     (instructions to read ~/.ssh/id_rsa and pass it on; verified 2026-12-05);
#     https://www.cremit.io/blog/nx-supply-chain-attack-comprehensive-security-analysis-2025
#     (Nx: AI CLIs used to collect SSH keys, tokens and environment variables; verified 2026-12-05)
violations contains findings.finding(rego.metadata.rule(), _message(c, "sends credentials out"), _location(c)) if {
	some c in _active("credential_exfil", {"text", "code"})
}

# METADATA
# title: URL that carries data out of the agent
# description: |
#   An instruction, rule or skill file, or a skill script, holds a URL built to carry data
#   to its host: a Markdown image whose query holds a placeholder (`![](https://host/p.png?d={conversation})`,
#   fetched as soon as the answer is rendered), a query holding a command substitution
#   (`?k=$(cat .env)`), or, in text, a query placeholder named like a secret or
#   conversation data (`?q={secret}`, `${API_TOKEN}`). Ordinary API links (`?q={query}`)
#   are not reported.
# custom:
#   id: AIP614
#   severity: high
#   remediation: |
#     Remove the URL. Never let an agent build URLs from conversation data or secrets;
#     disable image rendering from untrusted hosts where the tool allows.
#   risk: Secrets or the conversation leak through a URL the client fetches with no click.
#   cwe: [CWE-200]
#   owasp: ["LLM01:2025", "LLM02:2025", "LLM05:2025", "ASI01:2026"]
#   evidence: |
#     https://www.trackr.live/?p=1132 (EchoLeak, CVE-2025-32711: data in an auto-fetched
#     Markdown image URL; verified 2026-12-05);
#     https://cognaptus.com/blog/2025-09-20-echoes-without-clicks-how-echoleak-turned-copilot-into-a-data-drip
#     (EchoLeak kill chain; verified 2026-12-05)
violations contains findings.finding(rego.metadata.rule(), _message(c, "holds a URL that carries data out"), _location(c)) if {
	some c in _active("exfil_url", {"text", "code"})
}

# METADATA
# title: Encoded payload in an instruction file or skill script
# description: |
#   An instruction, rule or skill file, or a skill script, decodes something and runs it
#   (`echo ... | base64 -d | sh`, `exec(base64.b64decode(...))`, `iex` of
#   `FromBase64String`, `powershell -enc ...`), or holds a base64 or `\x` run that decodes
#   to a shell command or a URL (decoded here, bounded, never run; the message shows the
#   decoded text). Encoded data that decodes to binary, JSON or plain prose is not reported.
# custom:
#   id: AIP615
#   severity: high
#   remediation: |
#     Remove the payload; write commands in plain text so that reviewers can read them.
#     Treat the file as compromised until its history is reviewed.
#   risk: Reviewers cannot read what the agent is told to run.
#   cwe: [CWE-506]
#   owasp: ["LLM01:2025", "LLM03:2025", "ASI05:2026"]
#   evidence: |
#     https://skillshield.io/skills/openclaw/clawdhub--skills-sakaen736jih-clawdhub-1qbvz9cvc3-skill-md
#     (ClawHub skill: base64 decoded and piped to a shell; verified 2026-12-05);
#     https://openclawtraderpro.com/en/openclaw/spot-malicious-skill-60-seconds/ (ClawHavoc:
#     base64 and hex-escaped commands in SKILL.md; verified 2026-12-05)
violations contains findings.finding(rego.metadata.rule(), _message(c, _encoded_what(c.match)), _location(c)) if {
	some c in _active("encoded_payload", {"text", "code"})
}

_encoded_what(m) := "holds an encoded payload that decodes to a command" if {
	m.pattern in {"base64_blob", "hex_escapes"}
} else := "decodes a payload and runs it"
