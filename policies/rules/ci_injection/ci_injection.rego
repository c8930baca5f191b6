# METADATA
# title: Prompt injection and output handling of AI agents in CI
# description: |
#   What reaches the prompt of an AI agent a CI job runs (`ci.agents`, `ci.workflows`,
#   and the env expressions and step ids in `agentic_workflows.scopes`), what later steps
#   do with its output, and GitHub Agentic Workflows (`agentic_workflows.workflows`).
#   The good example is gh-aw's own pattern: a read-only agent job (`permissions: read`,
#   no write token, strict mode, a narrow `network.allowed`) that can only *propose*
#   writes through `safe-outputs`, which separate jobs validate and perform.
package aipolicy.rules.ci_injection

import data.aipolicy.lib.findings

aw := object.get(input, "agentic_workflows", {"workflows": [], "scopes": []})

# Lock files `gh aw compile` generated: judged through their `.md` source (AIP220-AIP223).
generated_locks := {w.lock.path | some w in aw.workflows}

agents contains a if {
	some a in input.ci.agents
	not a.path in generated_locks
}

# -- attacker-controlled text --------------------------------------------------------

# Expressions whose value anyone who can open an issue, a pull request or a comment
# chooses (GitHub Security Lab's list of untrusted inputs), or a whole event object.
untrusted_pattern := `(^|[^\w.])(github\.head_ref\b|github\.event\.(issue|pull_request|discussion)\.(title|body)\b|github\.event\.(comment|review|review_comment)\.body\b|github\.event\.pull_request\.head\.(ref|label|repo\.default_branch)\b|github\.event\.head_commit\.(message|author\.(email|name))\b|github\.event\.commits\b.*\.(message|author\.(email|name))\b|github\.event\.workflow_run\.(head_branch|display_title|head_commit\.(message|author\.(email|name)))\b|github\.event\.pages\b.*\.page_name\b|github\.event\.client_payload\b|github\.event(\.(issue|pull_request|comment|review|discussion))?\s*(\)|$))`

untrusted(expression) if regex.match(untrusted_pattern, expression)

# The inner text of each `${{ }}` expression in `text`.
expressions(text) := [trim_space(split(part, "}}")[0]) |
	some i, part in split(text, "${{")
	i > 0
]

# Events an outsider can cause whose runs hold the base repository's secrets.
always_reachable := {"pull_request_target", "workflow_run"}

comment_triggers := {
	"discussion",
	"discussion_comment",
	"issue_comment",
	"issues",
	"pull_request_review",
	"pull_request_review_comment",
}

job_of(a) := j if {
	some w in input.ci.workflows
	w.path == a.path
	some j in w.jobs
	j.id == a.job
}

step_of(a) := s if {
	some s in job_of(a).steps
	s.index == a.step
}

checks_author(node) if {
	is_string(node["if"])
	contains(node["if"], "author_association")
}

author_checked(a) if checks_author(job_of(a))

author_checked(a) if checks_author(step_of(a))

reachable(_, t) if t in always_reachable

reachable(a, t) if {
	t in comment_triggers
	not author_checked(a)
}

reachable_triggers(a) := sort([t | some t in a.triggers; reachable(a, t)])

# -- what reaches the prompt ---------------------------------------------------------

# The texts an agent reads as its instructions: every input of an agent action, or the
# script that runs an agent CLI.
prompt_texts(a) := [{"where": concat("", ["input ", k]), "text": v} |
	a.via == "action"
	some k, v in step_of(a).with
	is_string(v)
] if {
	a.via == "action"
} else := [{"where": "run", "text": step_of(a).run}] if {
	is_string(step_of(a).run)
} else := []

# env variables visible to the agent's step: workflow, job and step level.
visible_env(a) := [{"level": level(sc), "var": v} |
	some sc in aw.scopes
	sc.path == a.path
	in_scope(sc, a)
	some v in sc.env
]

in_scope(sc, _) if sc.job == null

in_scope(sc, a) if {
	sc.job == a.job
	sc.step == null
}

in_scope(sc, a) if {
	sc.job == a.job
	sc.step == a.step
}

level(sc) := "workflow" if sc.job == null

else := "job" if sc.step == null

else := "step"

valid_name(name) if regex.match(`^[A-Za-z_][A-Za-z0-9_]*$`, name)

# Where attacker-controlled text enters the agent's prompt, for messages.
injections(a) := sort(array.concat(direct_injections(a), env_injections(a)))

direct_injections(a) := [sprintf("%s in %s", [e, t.where]) |
	some t in prompt_texts(a)
	some e in expressions(t.text)
	untrusted(e)
]

# (The names each prompt text references are extracted once, with constant patterns:
# references.rego.)
env_injections(a) := [sprintf("%s through %s env %s in %s", [e, x.level, x.var.name, t.where]) |
	some t in prompt_texts(a)
	names := referenced_names(t.text)
	some x in visible_env(a)
	x.var.name in names
	some e in x.var.expressions
	untrusted(e)
]

where(a) := concat("", [a.tool, " in job '", a.job, "' of ", a.path])

location(a) := {"path": a.path, "line": a.line}

# METADATA
# title: Attacker-controlled text in an AI agent's prompt on an attacker-reachable trigger
# description: |
#   A CI agent's prompt (an input of the agent action, or the script that runs an agent
#   CLI) contains `${{ github.event.* }}` text that anyone can write (issue, pull request,
#   comment, review or discussion title and body, head ref and label, commit messages,
#   `github.head_ref`), directly or through an `env:` variable (step, job or workflow
#   level) the prompt references, and the workflow runs on an event an outsider can cause
#   (`pull_request_target`, `workflow_run`, or issues, comments, reviews and discussions
#   without an `author_association` check). This is the pattern of the 2025 incidents in
#   which an issue title piped into an agent's prompt made the agent run the attacker's
#   instructions. The safe pattern is gh-aw's: a read-only agent job that proposes changes
#   through `safe-outputs`, and prompts that point at the issue number, not its text.
# custom:
#   id: AIP210
#   severity: critical
#   remediation: |
#     Do not interpolate event text into the prompt: give the agent the issue or pull
#     request number and let it read the text through a read-only tool, run it only for
#     trusted authors (`author_association` in the job's `if`), and give the job
#     `permissions: contents: read` with only the model key.
#   risk: Any GitHub user steering the agent, with the job's token and secrets, by writing an issue or comment.
#   cwe: CWE-1427
#   owasp: ["LLM01:2025", "ASI01:2026"]
#   evidence: "https://docs.github.com/en/actions/concepts/security/script-injections ; https://github.com/trailofbits/skills/tree/main/plugins/agentic-actions-auditor/skills/agentic-actions-auditor/references/vector-a-env-var-intermediary.md and vector-b-direct-expression-injection.md (verified 2026-11-25)"
violations contains findings.finding(rego.metadata.rule(), message, location(a)) if {
	some a in agents
	found := injections(a)
	count(found) > 0
	triggers := reachable_triggers(a)
	count(triggers) > 0
	message := sprintf("%s puts attacker-controlled text into its prompt on %s: %s", [
		where(a), concat(", ", triggers), concat("; ", found),
	])
}

# METADATA
# title: Attacker-controlled text in an AI agent's prompt
# description: |
#   A CI agent's prompt contains `${{ github.event.* }}` text that its author, not the
#   repository, chooses (issue, pull request, comment or review title and body, head ref,
#   commit messages), directly or through an `env:` variable, on events only trusted
#   users cause (or with an `author_association` check). A contributor's branch name or
#   pull request description can still carry instructions the agent follows.
# custom:
#   id: AIP211
#   severity: high
#   remediation: |
#     Pass the agent the number of the issue or pull request, not its text, and let it
#     read the content through a read-only tool; keep the job's token read-only.
#   risk: Prompt injection through text that contributors, forks or bots write.
#   cwe: CWE-1427
#   owasp: ["LLM01:2025", "ASI01:2026"]
#   evidence: "https://docs.github.com/en/actions/concepts/security/script-injections (verified 2026-11-25)"
violations contains findings.finding(rego.metadata.rule(), message, location(a)) if {
	some a in agents
	found := injections(a)
	count(found) > 0
	count(reachable_triggers(a)) == 0
	message := sprintf("%s puts event text into its prompt: %s", [where(a), concat("; ", found)])
}

# -- content fetched with gh and fed to the agent -------------------------------------

gh_fetch := `\bgh\s+((issue|pr)\s+(view|list|diff)|api|run\s+view[^\n]*--log|search)\b`

# The step writes what it fetched where the agent's step can read it.
keeps_output(run) if regex.match(`GITHUB_OUTPUT|GITHUB_ENV|>|\btee\b`, run)

fetching_steps(a) := sort([s.index |
	some s in job_of(a).steps
	s.index < a.step
	is_string(s.run)
	regex.match(gh_fetch, s.run)
	keeps_output(s.run)
])

# An agent CLI run in the same script as the fetch (`gh issue view 1 | claude -p`).
fetches_itself(a) if {
	a.via == "run"
	regex.match(gh_fetch, step_of(a).run)
}

fetch_evidence(a) := array.concat(
	[sprintf("step %d", [i]) | some i in fetching_steps(a)],
	[w | fetches_itself(a); w := "its own script"],
)

# METADATA
# title: Issue or pull request content fetched with gh and fed to an AI agent
# description: |
#   An earlier step of the agent's job (or the agent's own script) fetches issue, pull
#   request, comment or run-log content with `gh issue view`, `gh pr view`, `gh pr diff`,
#   `gh api`, `gh search` or `gh run view --log` and keeps it (`$GITHUB_OUTPUT`,
#   `$GITHUB_ENV`, a file) for the agent. Text written by anyone who can comment, or a
#   build log an attacker's code printed, becomes part of the agent's input.
# custom:
#   id: AIP212
#   severity: medium
#   remediation: |
#     Treat fetched content as data: give the agent a read-only job (`permissions:
#     contents: read`), no secrets beyond its model key, and let it propose actions
#     through a separate, validating job (gh-aw `safe-outputs`) instead of acting itself.
#   risk: Indirect prompt injection through issue, comment or log text the agent is given to read.
#   cwe: CWE-1427
#   owasp: ["LLM01:2025", "ASI01:2026"]
#   evidence: "https://github.com/trailofbits/skills/tree/main/plugins/agentic-actions-auditor/skills/agentic-actions-auditor/references/vector-c-cli-data-fetch.md and vector-e-error-log-injection.md (verified 2026-11-25)"
violations contains findings.finding(rego.metadata.rule(), message, location(a)) if {
	some a in agents
	evidence := fetch_evidence(a)
	count(evidence) > 0
	message := sprintf("%s is fed content fetched with gh (%s)", [where(a), concat(", ", evidence)])
}

# -- what later steps do with the agent's output ----------------------------------------

# The agent step's id, when it has one.
agent_step_id(a) := sc.id if {
	some sc in aw.scopes
	sc.path == a.path
	sc.job == a.job
	sc.step == a.step
	is_string(sc.id)
	regex.match(`^[A-Za-z0-9_-]+$`, sc.id)
}

# A later step interpolates the agent's output into its script.
output_sinks(a) := [sprintf("step %d interpolates ${{ %s }} into its script", [s.index, e]) |
	id := agent_step_id(a)
	some s in job_of(a).steps
	s.index > a.step
	is_string(s.run)
	some e in expressions(s.run)
	id in step_outputs_read(e)
]

# A later step runs the agent's output, through an env variable, with eval, sh -c,
# source or a command substitution (executed_names in references.rego).
env_sinks(a) := [sprintf("step %d runs env %s (the agent's output) as code", [sc.step, v.name]) |
	id := agent_step_id(a)
	some sc in aw.scopes
	sc.path == a.path
	sc.job == a.job
	sc.step > a.step
	some s in job_of(a).steps
	s.index == sc.step
	is_string(s.run)
	executed := executed_names(s.run)
	some v in sc.env
	v.name in executed
	some e in v.expressions
	id in step_outputs_read(e)
]

# METADATA
# title: AI agent output executed later in the job or workflow
# description: |
#   A step after the agent's step puts the agent's output (`${{ steps.<agent>.outputs.* }}`)
#   straight into its `run:` script, where the runner pastes it in as shell code, or
#   passes it through an `env:` variable to `eval`, `bash -c`, `sh -c`, `source` or a
#   `$(...)` command substitution; a later job does the same with the agent's output
#   exported as a job output (`needs.<job>.outputs.*`); or, in a GitHub `run:` or a
#   GitLab script, the agent command's output (piped, written to a file with `>`,
#   `| tee`, `-o`/`--output`, or captured with `X=$(...)`) is run by the same command or
#   a later one of the job: `eval`, `sh -c`/`bash -c` with `$(cat f)` or `$X`, `| sh`,
#   `source f`, `sh f`, `./f`. Whatever a prompt injection made the agent write runs as a
#   command in a step that may hold a write token and secrets.
# custom:
#   id: AIP213
#   severity: high
#   remediation: |
#     Pass the output through `env:` and use it only as quoted data ("$OUTPUT"), never as
#     code; never `eval`, `source` or run a file or variable the agent wrote; validate it
#     against an allowlist, or let gh-aw `safe-outputs` perform the action the agent
#     proposes.
#   risk: Prompt injection turned into command execution in a trusted step.
#   cwe: CWE-94
#   owasp: ["LLM05:2025", "ASI05:2026"]
#   evidence: "https://github.com/trailofbits/skills/tree/main/plugins/agentic-actions-auditor/skills/agentic-actions-auditor/references/vector-g-eval-of-ai-output.md ; https://arxiv.org/abs/2605.07135 (verified 2026-11-25)"
violations contains findings.finding(rego.metadata.rule(), message, location(a)) if {
	some a in agents
	sinks := array.concat(array.concat(output_sinks(a), env_sinks(a)), later_sinks(a))
	count(sinks) > 0
	message := sprintf("%s: its output reaches a shell: %s", [where(a), concat("; ", sort(sinks))])
}

# -- GitHub Agentic Workflows --------------------------------------------------------

aw_location(w) := {"path": w.path, "line": w.triggers_line} if {
	is_number(w.triggers_line)
} else := {"path": w.path, "line": 1}

# METADATA
# title: gh-aw workflow without its compiled lock file
# description: |
#   A GitHub Agentic Workflow (`.github/workflows/<name>.md` with `on:`) has no
#   `<name>.lock.yml` beside it. Actions runs only the lock file, so either the workflow
#   does not run at all or it runs from a lock kept elsewhere that nobody reviews with
#   the source.
# custom:
#   id: AIP220
#   severity: high
#   remediation: Run `gh aw compile` and commit the `.lock.yml` with its source.
#   risk: The agent's effective configuration (permissions, network, tools) is not what the reviewed source says.
#   cwe: CWE-1329
#   owasp: ["LLM03:2025", "ASI04:2026"]
#   evidence: "https://github.github.com/gh-aw/reference/compilation-process/ (verified 2026-11-25)"
violations contains findings.finding(rego.metadata.rule(), message, aw_location(w)) if {
	some w in aw.workflows
	not w.lock.present
	message := sprintf("gh-aw workflow %s has no compiled %s", [w.path, w.lock.path])
}

# Why the lock does not match its source, when it does not.
stale_reason(w) := "records no frontmatter hash" if {
	w.lock.frontmatter_hash == null
} else := sprintf("records frontmatter hash %s, the source hashes to %s", [
	substring(w.lock.frontmatter_hash, 0, 12), substring(w.frontmatter_hash, 0, 12),
]) if {
	is_string(w.frontmatter_hash)
	w.lock.frontmatter_hash != w.frontmatter_hash
}

# METADATA
# title: gh-aw lock file out of date
# description: |
#   The compiled `.lock.yml` of a GitHub Agentic Workflow does not carry the hash of its
#   source's frontmatter (the `frontmatter_hash` of its `# gh-aw-metadata:` header,
#   computed as `gh aw compile` computes it): the frontmatter was edited, or an import
#   changed, without recompiling, so the workflow that runs is not the one reviewed. A
#   lock with no hash at all comes from a compiler too old to record one. (Hashes of
#   sources with runtime imports are not recomputed and are not judged.)
# custom:
#   id: AIP221
#   severity: high
#   remediation: Run `gh aw compile` with a current gh-aw and commit the regenerated `.lock.yml`.
#   risk: Permissions, network rules or tools that differ from the reviewed source, unnoticed.
#   cwe: CWE-1329
#   owasp: ["LLM03:2025", "ASI04:2026"]
#   evidence: "https://github.com/github/gh-aw/blob/main/docs/src/content/docs/reference/frontmatter-hash-specification.md ; https://github.com/github/gh-aw/pull/24198 (stale-lock detection) (verified 2026-11-25)"
violations contains findings.finding(rego.metadata.rule(), message, aw_location(w)) if {
	some w in aw.workflows
	w.lock.present
	reason := stale_reason(w)
	message := sprintf("%s is out of date with %s: it %s", [w.lock.path, w.path, reason])
}

strict_off(w) := {"path": w.path, "line": w.strict_line} if {
	w.strict == false
} else := {"path": w.lock.path, "line": 1} if {
	w.lock.present
	w.lock.strict == false
}

# METADATA
# title: gh-aw workflow compiled without strict mode
# description: |
#   A GitHub Agentic Workflow sets `strict: false` (or its lock records a non-strict
#   compile). Strict mode, the default, makes the compiler refuse write permissions on
#   the agent job, wildcard network access, unpinned actions and other unsafe settings;
#   without it they compile silently.
# custom:
#   id: AIP222
#   severity: medium
#   remediation: |
#     Remove `strict: false` and fix what the strict compiler reports.
#   risk: Unsafe agent settings (write token, open network) accepted without a compile error.
#   cwe: CWE-693
#   owasp: ["LLM06:2025", "ASI02:2026"]
#   evidence: "https://github.github.com/gh-aw/reference/frontmatter/#strict-mode-strict (verified 2026-11-25)"
violations contains findings.finding(rego.metadata.rule(), message, where) if {
	some w in aw.workflows
	where := strict_off(w)
	message := sprintf("gh-aw workflow %s is not compiled in strict mode", [w.path])
}

wildcard_entry(entry) if trim(entry, "*. ") == ""

# METADATA
# title: gh-aw agent allowed to reach any host
# description: |
#   A GitHub Agentic Workflow lists `*` in `network.allowed`: the agent's firewall lets
#   it reach every domain, so anything a prompt injection makes it read can be sent
#   anywhere. gh-aw's default (`network: defaults`) and ecosystem identifiers (`python`,
#   `node`, ...) or named domains keep egress narrow.
# custom:
#   id: AIP223
#   severity: medium
#   remediation: Replace `*` with `defaults` plus the ecosystems and domains the agent needs.
#   risk: Data exfiltration by a prompt-injected agent.
#   cwe: CWE-923
#   owasp: ["LLM02:2025", "ASI02:2026"]
#   evidence: "https://github.github.com/gh-aw/reference/network/ (verified 2026-11-25)"
violations contains findings.finding(rego.metadata.rule(), message, {"path": w.path, "line": w.network_line}) if {
	some w in aw.workflows
	is_array(w.network_allowed)
	some entry in w.network_allowed
	wildcard_entry(entry)
	message := sprintf("gh-aw workflow %s allows network access to any host (network.allowed: %q)", [w.path, entry])
}
