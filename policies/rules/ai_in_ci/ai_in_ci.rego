# METADATA
# title: AI in CI
# description: |
#   AI agents that CI workflows run (`ci.agents`): who can start them, what token
#   and secrets they hold, and whether they run with their permission prompts switched off.
package aipolicy.rules.ai_in_ci

import data.aipolicy.lib.findings

# Events anyone can cause, and whose workflow runs with the base repository's token and secrets.
always_untrusted_triggers := {"pull_request_target"}

# Events anyone who can comment, open an issue or review can cause: untrusted unless the
# job or step checks the author's association with the repository.
comment_triggers := {
	"discussion",
	"discussion_comment",
	"issue_comment",
	"issues",
	"pull_request_review",
	"pull_request_review_comment",
}

# GITHUB_TOKEN scopes whose write access lets an agent change code, releases or deployments:
# push (contents), merge or approve (pull-requests), mint cloud credentials (id-token),
# dispatch or re-run workflows (actions), publish packages (packages).
write_scopes := {"actions", "contents", "id-token", "packages", "pull-requests"}

# Secrets an agent needs to reach its model. Anything else is more than the agent needs.
# GITHUB_TOKEN is the workflow's own token, judged by its permissions instead.
model_credentials := {
	"ANTHROPIC_API_KEY",
	"AZURE_OPENAI_API_KEY",
	"CLAUDE_CODE_OAUTH_TOKEN",
	"CODERABBIT_API_KEY",
	"CURSOR_API_KEY",
	"DEEPSEEK_API_KEY",
	"GEMINI_API_KEY",
	"GITHUB_TOKEN",
	"GOOGLE_API_KEY",
	"GOOGLE_GENERATIVE_AI_API_KEY",
	"GROQ_API_KEY",
	"MISTRAL_API_KEY",
	"OPENAI_API_KEY",
	"OPENROUTER_API_KEY",
	"XAI_API_KEY",
}

# Flags that switch an agent's own permission prompts off, as the collector records them.
skip_permission_flags := {"--dangerously-skip-permissions"}

auto_approve_flags := {"--dangerously-bypass-approvals-and-sandbox", "--yes-always", "--yolo"}

# claude-code-action inputs that widen who may start the agent.
wildcard_inputs := ["allowed_bots", "allowed_non_write_users"]

# -- joins with ci.workflows ------------------------------------------------------

job_of(a) := j if {
	some w in input.ci.workflows
	w.path == a.path
	some j in w.jobs
	j.id == a.job
}

platform(a) := w.platform if {
	some w in input.ci.workflows
	w.path == a.path
}

# GitLab: the OIDC ID tokens the agent's job gets.
id_tokens(a) := sort(job_of(a).id_tokens) if is_array(job_of(a).id_tokens)

else := []

step_of(a) := s if {
	some s in job_of(a).steps
	s.index == a.step
}

# The job's or the agent step's `if` checks the triggering author's association.
checks_author(a) if mentions_author(job_of(a))

checks_author(a) if mentions_author(step_of(a))

# anthropics/claude-code-action runs only for actors with write access to the repository
# unless `allowed_non_write_users` widens it (its documented default): that is an author
# check of its own.
checks_author(a) if {
	a.via == "action"
	startswith(a.action, "anthropics/claude-code-action")
	object.get(object.get(step_of(a), "with", {}), "allowed_non_write_users", null) == null
}

mentions_author(node) if {
	is_string(node["if"])
	contains(node["if"], "author_association")
}

untrusted(_, t) if t in always_untrusted_triggers

untrusted(a, t) if {
	t in comment_triggers
	not checks_author(a)
}

untrusted_triggers(a) := sort([t | some t in a.triggers; untrusted(a, t)])

# -- what the agent holds -----------------------------------------------------------

# The token permissions that apply to the agent's job: the job's own replace the workflow's.
permissions(a) := {"value": a.job_permissions, "source": "job"} if {
	a.job_permissions != null
} else := {"value": a.workflow_permissions, "source": "workflow"}

write_grants(perms) := ["write-all"] if {
	perms == "write-all"
} else := sort([concat("", [scope, ": write"]) |
	some scope, level in perms
	scope in write_scopes
	level == "write"
]) if {
	is_object(perms)
} else := []

agent_write_grants(a) := write_grants(object.get(permissions(a), "value", null))

extra_secrets(a) := sort([s | some s in a.secrets; not s in model_credentials])

secret_names(names) := "the whole secrets context" if "*" in names

else := concat(", ", names)

# What the agent holds beyond read access and its model key, for messages ("" when nothing).
exposure(a) := concat(" and ", array.concat(array.concat(token_part(a), id_token_part(a)), secrets_part(a)))

token_part(a) := [concat("", ["a token with ", concat(", ", agent_write_grants(a))])] if {
	count(agent_write_grants(a)) > 0
} else := []

id_token_part(a) := [concat("", ["OIDC ID tokens ", concat(", ", id_tokens(a))])] if {
	count(id_tokens(a)) > 0
} else := []

secrets_part(a) := [concat("", ["secrets ", secret_names(extra_secrets(a))])] if {
	count(extra_secrets(a)) > 0
} else := []

# How the agent's permission prompts are switched off, as its flags show it.
bypass_evidence(a) := array.concat(skip_evidence(a), auto_approve_evidence(a))

skip_evidence(a) := found if {
	a.dangerously_skip_permissions == true
	found := sort([f | some f in a.flags; f in skip_permission_flags])
	count(found) > 0
} else := ["--permission-mode bypassPermissions"] if {
	a.dangerously_skip_permissions == true
	"--permission-mode" in a.flags
} else := ["bypassPermissions"] if {
	a.dangerously_skip_permissions == true
} else := []

auto_approve_evidence(a) := found if {
	a.yolo == true
	found := sort([f | some f in a.flags; f in auto_approve_flags])
	count(found) > 0
} else := ["--approval-mode yolo"] if {
	a.yolo == true
	"--approval-mode" in a.flags
} else := ["yolo mode"] if {
	a.yolo == true
} else := []

where(a) := concat("", [a.tool, " in job '", a.job, "' of ", a.path])

location(a) := {"path": a.path, "line": a.line}

# METADATA
# title: AI agent run by untrusted triggers with write access or secrets
# description: |
#   A CI job runs an AI agent on events an outsider can cause (`pull_request_target`;
#   comments, issues, reviews and discussions with no author check (an
#   `author_association` condition, or claude-code-action's default write-access check) in
#   the job's or step's `if`; or `workflow_run` when the job checks out the triggering
#   run's head or downloads its artifacts with no same-repository check), and the agent holds a token that can write to the
#   repository or secrets beyond its model key. Text the outsider writes reaches the
#   agent's prompt; a prompt injection can push code, approve changes or leak the secrets.
# custom:
#   id: AIP200
#   severity: critical
#   cwe: [CWE-1427, CWE-269]
#   owasp: [LLM01:2025, LLM06:2025, ASI01:2026, ASI03:2026]
#   evidence:
#     - https://docs.github.com/en/actions/reference/security/secure-use (verified 2026-11-25)
#     - https://help.github.com/en/actions/reference/github_token-reference (verified 2026-11-25)
#     - https://github.com/anthropics/claude-code-action/blob/main/docs/security.md (not verified)
#     - https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/ (verified 2026-12-05)
#   remediation: |
#     Run the agent only for trusted authors: add
#     `if: contains(fromJSON('["OWNER","MEMBER","COLLABORATOR"]'), github.event.comment.author_association)`
#     (or the pull request's / issue's association) to the job, and avoid
#     `pull_request_target`. Give the job `permissions: contents: read` and only the model key.
#     On `workflow_run`, treat the triggering run's head and artifacts as untrusted data:
#     add `if: github.event.workflow_run.head_repository.full_name == github.repository`.
#   risk: Prompt injection by any GitHub user turning the agent into a repository-writing, secret-leaking tool.
violations contains findings.finding(rego.metadata.rule(), message, location(a)) if {
	some a in input.ci.agents
	triggers := untrusted_triggers(a)
	count(triggers) > 0
	held := exposure(a)
	held != ""
	message := concat("", [
		where(a), " runs on untrusted triggers (", concat(", ", triggers),
		") holding ", held,
	])
}

# METADATA
# title: AI agent run by untrusted triggers
# description: |
#   A CI job runs an AI agent on events an outsider can cause (`pull_request_target`;
#   comments, issues, reviews and discussions with no author check (an
#   `author_association` condition, or claude-code-action's default write-access check) in
#   the job's or step's `if`; or `workflow_run` when the job checks out the triggering
#   run's head or downloads its artifacts with no same-repository check). The agent holds no write token or extra secrets, but
#   anyone can spend its model budget and steer what it writes in comments.
# custom:
#   id: AIP201
#   severity: high
#   cwe: [CWE-1427, CWE-400]
#   owasp: [LLM01:2025, LLM10:2025, ASI01:2026]
#   evidence:
#     - https://docs.github.com/en/actions/reference/security/secure-use (verified 2026-11-25)
#     - https://github.com/anthropics/claude-code-action/blob/main/docs/security.md (not verified)
#     - https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/ (verified 2026-12-05)
#   remediation: |
#     Run the agent only for trusted authors: check `author_association` (OWNER, MEMBER,
#     COLLABORATOR) in the job's `if`, and avoid `pull_request_target`; on `workflow_run`,
#     check `github.event.workflow_run.head_repository.full_name == github.repository`.
#   risk: Prompt injection and model-budget abuse by any GitHub user.
violations contains findings.finding(rego.metadata.rule(), message, location(a)) if {
	some a in input.ci.agents
	triggers := untrusted_triggers(a)
	count(triggers) > 0
	exposure(a) == ""
	message := concat("", [
		where(a), " runs on untrusted triggers (", concat(", ", triggers),
		"), which any GitHub user can cause",
	])
}

# METADATA
# title: AI agent in CI with its permission checks switched off
# description: |
#   A CI job runs an agent with `--dangerously-skip-permissions`, `bypassPermissions`,
#   `--yolo`, `--approval-mode yolo`, `--dangerously-bypass-approvals-and-sandbox` or
#   `--yes-always`: every command and edit the model chooses runs unchecked, with the
#   job's token, secrets and network.
# custom:
#   id: AIP202
#   severity: high
#   cwe: [CWE-1427, CWE-78]
#   owasp: [LLM01:2025, LLM06:2025, ASI02:2026, ASI05:2026]
#   evidence:
#     - https://code.claude.com/docs/en/permissions (verified 2026-11-25)
#     - https://developers.openai.com/codex/agent-approvals-security (verified 2026-11-25)
#     - https://geminicli.com/docs/reference/configuration (verified 2026-11-25)
#   remediation: |
#     Remove the flag and list what the agent may do instead (`--allowedTools` /
#     `allowed_tools` with specific commands, Codex `--sandbox workspace-write`).
#   risk: Arbitrary command execution in CI steered by whatever text reaches the prompt.
violations contains findings.finding(rego.metadata.rule(), message, location(a)) if {
	some a in input.ci.agents
	evidence := bypass_evidence(a)
	count(evidence) > 0
	message := concat("", [where(a), " runs with its permission checks off (", concat(", ", evidence), ")"])
}

# METADATA
# title: Write or cloud identity token exposed to an AI agent in CI
# description: |
#   The GitHub token of the job that runs an AI agent can write: `write-all`, or write
#   access to contents, pull-requests, id-token, actions or packages. Or, in GitLab CI,
#   the job gets OIDC ID tokens (`id_tokens:`, its own or `default:`'s), GitLab's
#   analogue of `id-token: write`: JWTs that cloud providers and Vault exchange for
#   credentials. Whatever the agent is talked into doing, it can push, merge, publish
#   or mint cloud credentials. (GitLab's `CI_JOB_TOKEN` permissions are project
#   settings, not visible in the file.)
# custom:
#   id: AIP203
#   severity: high
#   cwe: [CWE-250, CWE-269]
#   owasp: [LLM06:2025, ASI03:2026]
#   evidence:
#     - https://help.github.com/en/actions/reference/github_token-reference (verified 2026-11-25)
#     - https://docs.github.com/en/actions/reference/security/secure-use (verified 2026-11-25)
#     - https://docs.gitlab.com/ci/secrets/id_token_authentication/ (verified 2026-12-05)
#   remediation: |
#     Give the agent's job the least it needs (`permissions: contents: read`,
#     `pull-requests: read`, `issues: write` to comment) and move writing steps to a
#     separate job that does not run the agent. In GitLab, remove `id_tokens` from the
#     agent's job (set `inherit: default: false` when `default:` defines them) and
#     authenticate to the cloud in a separate job.
#   risk: A prompt-injected or mistaken agent changing the repository, releases or cloud resources.
violations contains findings.finding(rego.metadata.rule(), message, location(a)) if {
	some a in input.ci.agents
	some message in token_messages(a)
}

token_messages(a) := array.concat(github_token_messages(a), id_token_messages(a))

github_token_messages(a) := [message] if {
	grants := agent_write_grants(a)
	count(grants) > 0
	message := concat("", [
		where(a), " gets a GITHUB_TOKEN with ", concat(", ", grants),
		" (", permissions(a).source, " permissions)",
	])
} else := []

id_token_messages(a) := [message] if {
	tokens := id_tokens(a)
	count(tokens) > 0
	message := concat("", [
		where(a), " gets GitLab OIDC ID tokens (id_tokens: ", concat(", ", tokens),
		"), which cloud providers and Vault exchange for credentials",
	])
} else := []

# METADATA
# title: Secrets beyond the model key exposed to an AI agent in CI
# description: |
#   The step that runs an AI agent references, or inherits through its job's or
#   workflow's env, secrets other than the model's API key; in GitLab CI, the job
#   fetches secrets from an external manager (`secrets:`, e.g. Vault). The agent can
#   read its environment (and the files GitLab writes file-type secrets to) and put
#   those values in its output or send them anywhere it can reach. (GitLab project CI/CD
#   variables are project settings, not visible in the file.)
# custom:
#   id: AIP204
#   severity: medium
#   cwe: [CWE-526, CWE-200]
#   owasp: [LLM02:2025, ASI03:2026]
#   evidence:
#     - https://docs.github.com/en/actions/reference/security/secure-use (verified 2026-11-25)
#     - https://docs.gitlab.com/ci/secrets/id_token_authentication/ (verified 2026-12-05)
#   remediation: |
#     Pass the agent only its model key; move steps that need other secrets to their own
#     steps (or jobs), and set secrets in step `env`, not workflow or job `env`. In
#     GitLab, fetch `secrets:` in a separate job that does not run the agent.
#   risk: Secrets leaked by a prompt-injected agent.
violations contains findings.finding(rego.metadata.rule(), message, location(a)) if {
	some a in input.ci.agents
	extra := extra_secrets(a)
	count(extra) > 0
	message := secrets_message(a, extra)
}

secrets_message(a, extra) := concat("", [
	where(a), " gets the job's GitLab CI secrets (secrets: ", concat(", ", extra), ")",
]) if {
	platform(a) == "gitlab"
} else := concat("", [where(a), " can read ", secret_names(extra)])

# METADATA
# title: Anyone may start claude-code-action
# description: |
#   `allowed_non_write_users: "*"` or `allowed_bots: "*"` in claude-code-action's inputs
#   turns off its check that the person (or bot) triggering it has write access to the
#   repository: anyone who can comment can then drive the agent.
# custom:
#   id: AIP205
#   severity: high
#   cwe: [CWE-862, CWE-1427]
#   owasp: [LLM01:2025, ASI01:2026, ASI03:2026]
#   evidence:
#     - https://github.com/anthropics/claude-code-action/blob/main/docs/security.md (not verified)
#   remediation: |
#     List the specific users or bots that may start the agent, or remove the input
#     (the default allows only users with write access).
#   risk: Prompt injection by any GitHub user, with the agent's token and secrets.
violations contains findings.finding(rego.metadata.rule(), message, {"path": w.path, "line": s.line}) if {
	some w in input.ci.workflows
	some j in w.jobs
	some s in j.steps
	is_string(s.uses)
	startswith(s.uses, "anthropics/claude-code-action")
	some input_name in wildcard_inputs
	value := s.with[input_name]
	is_string(value)
	"*" in [trim_space(v) | some v in split(value, ",")]
	message := concat("", [
		s.uses, " in job '", j.id, "' of ", w.path, " sets ", input_name,
		": \"*\", so anyone may start it",
	])
}

# METADATA
# title: Steps run after an AI agent in the same job
# description: |
#   A CI job runs more steps after the one that runs an AI agent. They share the
#   workspace and, often, the token: what the agent wrote (files, outputs, environment)
#   can change what those steps do.
# custom:
#   id: AIP206
#   severity: low
#   cwe: [CWE-1426]
#   owasp: [LLM05:2025, ASI08:2026]
#   evidence:
#     - https://docs.github.com/en/actions/reference/security/secure-use (verified 2026-11-25)
#   remediation: |
#     Make the agent's step the last of its job; pass what later work needs through a
#     reviewed artifact to a separate job.
#   risk: Agent output (possibly prompt-injected) executed or published by later, more trusted steps.
violations contains findings.finding(rego.metadata.rule(), message, location(a)) if {
	some a in input.ci.agents
	later := [s | some s in job_of(a).steps; s.index > a.step]
	count(later) > 0
	message := concat("", [
		where(a), " is followed by ", format_int(count(later), 10),
		" more step(s) that may act on its output",
	])
}
