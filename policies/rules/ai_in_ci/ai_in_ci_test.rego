package aipolicy.rules.ai_in_ci_test

import data.aipolicy.rules.ai_in_ci

org := {
	"default_classification": "internal",
	"classifications": [{"id": "internal", "ai_assistance": "allowed"}],
	"tools": {},
	"inventory": [],
}

# A claude-code-action step (index 1, after checkout) in job `agent` of agent.yml, run on
# push with read-only permissions and only its model key: nothing to report.
base_agent := {
	"tool": "claude-code",
	"via": "action",
	"path": ".github/workflows/agent.yml",
	"line": 12,
	"job": "agent",
	"step": 1,
	"triggers": ["push"],
	"on_pull_request": false,
	"on_push": true,
	"manual_only": false,
	"action": "anthropics/claude-code-action@v1",
	"command": null,
	"workflow_permissions": {"contents": "read"},
	"job_permissions": null,
	"dangerously_skip_permissions": false,
	"yolo": false,
	"allowed_tools": null,
	"flags": [],
	"secrets": ["ANTHROPIC_API_KEY"],
}

step(index, line, step_if, inputs) := {
	"index": index, "line": line, "name": null, "uses": "anthropics/claude-code-action@v1",
	"run": null, "with": inputs, "env": [], "secrets": [], "if": step_if,
}

checkout := {
	"index": 0, "line": 10, "name": null, "uses": "actions/checkout@v4", "run": null,
	"with": {}, "env": [], "secrets": [], "if": null,
}

job(job_if, steps) := {
	"id": "agent", "line": 7, "name": null, "permissions": null, "permissions_line": null,
	"if": job_if, "uses": null, "container": null, "runs_on": ["ubuntu-latest"], "env": [],
	"secrets": [], "triggers": null, "manual": false, "template": false, "steps": steps,
}

workflow(jobs) := {
	"path": ".github/workflows/agent.yml", "platform": "github", "name": null,
	"triggers": ["push"], "triggers_line": 2, "permissions": null, "permissions_line": null,
	"env": [], "secrets": [], "includes": [], "jobs": jobs,
}

# The step lets one bot without write access start it, so the action's own write-access
# check does not cover every author (see test_claude_action_default_write_access_...).
default_job := job(null, [checkout, step(1, 12, null, {"prompt": "review", "allowed_non_write_users": "renovate[bot]"})])

# Facts with one agent (base_agent changed by `changes`) in the given job.
facts(changes, j) := {"ci": {
	"workflows": [workflow([j])],
	"controls": [],
	"agents": [object.union(base_agent, changes)],
}}

run(inp) := vs if {
	vs := ai_in_ci.violations with input as inp with data.org as org
}

rules(inp) := {v.rule | some v in run(inp)}

only(inp, rule) := v if {
	[v] := [v | some v in run(inp); v.rule == rule]
}

test_agent_on_push_with_read_token_and_model_key_passes if {
	rules(facts({}, default_job)) == set()
}

test_no_agents_no_findings if {
	rules({"ci": {"workflows": [], "controls": [], "agents": []}}) == set()
}

# -- AIP200 / AIP201: untrusted triggers ---------------------------------------------

test_pull_request_target_with_write_token_is_critical if {
	inp := facts({"triggers": ["pull_request_target"], "job_permissions": {"contents": "write"}}, default_job)
	v := only(inp, "AIP200")
	v.severity == "critical"
	v.location == {"path": ".github/workflows/agent.yml", "line": 12}
	v.message == "claude-code in job 'agent' of .github/workflows/agent.yml runs on untrusted triggers (pull_request_target) holding a token with contents: write"
	not "AIP201" in rules(inp)
}

test_comment_trigger_with_extra_secrets_is_critical if {
	inp := facts({"triggers": ["issue_comment"], "secrets": ["ANTHROPIC_API_KEY", "NPM_TOKEN"]}, default_job)
	v := only(inp, "AIP200")
	v.message == "claude-code in job 'agent' of .github/workflows/agent.yml runs on untrusted triggers (issue_comment) holding secrets NPM_TOKEN"
}

test_untrusted_trigger_with_token_and_secrets_names_both if {
	inp := facts({"triggers": ["issues"], "workflow_permissions": "write-all", "secrets": ["*"]}, default_job)
	v := only(inp, "AIP200")
	v.message == "claude-code in job 'agent' of .github/workflows/agent.yml runs on untrusted triggers (issues) holding a token with write-all and secrets the whole secrets context"
}

test_untrusted_trigger_without_write_or_secrets_is_high if {
	inp := facts({"triggers": ["pull_request_review_comment", "push"]}, default_job)
	rules(inp) == {"AIP201"}
	v := only(inp, "AIP201")
	v.severity == "high"
	v.message == "claude-code in job 'agent' of .github/workflows/agent.yml runs on untrusted triggers (pull_request_review_comment), which any GitHub user can cause"
}

test_author_association_check_in_job_if_makes_comments_trusted if {
	j := job("contains(fromJSON('[\"OWNER\",\"MEMBER\"]'), github.event.comment.author_association)", default_job.steps)
	rules(facts({"triggers": ["issue_comment", "discussion_comment"]}, j)) == set()
}

test_author_association_check_in_step_if_makes_comments_trusted if {
	j := job(null, [checkout, step(1, 12, "github.event.comment.author_association == 'MEMBER'", {})])
	rules(facts({"triggers": ["issue_comment"]}, j)) == set()
}

test_author_association_check_in_another_step_does_not_count if {
	other := object.union(checkout, {"if": "github.event.comment.author_association == 'OWNER'"})
	j := job(null, [other, step(1, 12, null, {"allowed_non_write_users": "renovate[bot]"})])
	rules(facts({"triggers": ["issue_comment"]}, j)) == {"AIP201"}
}

test_pull_request_target_is_untrusted_even_with_an_author_check if {
	j := job("github.event.pull_request.author_association == 'MEMBER'", default_job.steps)
	rules(facts({"triggers": ["pull_request_target"]}, j)) == {"AIP201"}
}

test_other_comment_like_if_is_not_an_author_check if {
	j := job("contains(github.event.comment.body, '@claude')", default_job.steps)
	rules(facts({"triggers": ["issue_comment"]}, j)) == {"AIP201"}
}

test_trusted_triggers_pass if {
	rules(facts({"triggers": ["pull_request", "schedule", "workflow_dispatch", "merge_request_event"]}, default_job)) == set()
}

# -- AIP202: permission-skipping flags ---------------------------------------------

test_dangerously_skip_permissions_is_reported if {
	v := only(facts({"dangerously_skip_permissions": true, "flags": ["--dangerously-skip-permissions", "--max-turns"]}, default_job), "AIP202")
	v.severity == "high"
	v.location == {"path": ".github/workflows/agent.yml", "line": 12}
	v.message == "claude-code in job 'agent' of .github/workflows/agent.yml runs with its permission checks off (--dangerously-skip-permissions)"
}

test_bypass_permissions_mode_is_reported if {
	v := only(facts({"dangerously_skip_permissions": true, "flags": ["--permission-mode"]}, default_job), "AIP202")
	endswith(v.message, "runs with its permission checks off (--permission-mode bypassPermissions)")
	w := only(facts({"dangerously_skip_permissions": true}, default_job), "AIP202")
	endswith(w.message, "runs with its permission checks off (bypassPermissions)")
}

test_yolo_is_reported if {
	v := only(facts({"tool": "codex", "via": "run", "yolo": true, "flags": ["--dangerously-bypass-approvals-and-sandbox"]}, default_job), "AIP202")
	v.message == "codex in job 'agent' of .github/workflows/agent.yml runs with its permission checks off (--dangerously-bypass-approvals-and-sandbox)"
}

test_approval_mode_yolo_is_reported if {
	v := only(facts({"tool": "gemini", "yolo": true, "flags": ["--approval-mode"]}, default_job), "AIP202")
	endswith(v.message, "runs with its permission checks off (--approval-mode yolo)")
	w := only(facts({"tool": "gemini", "yolo": true}, default_job), "AIP202")
	endswith(w.message, "runs with its permission checks off (yolo mode)")
}

test_both_bypass_modes_make_one_finding if {
	v := only(facts({"yolo": true, "dangerously_skip_permissions": true, "flags": ["--yolo", "--dangerously-skip-permissions"]}, default_job), "AIP202")
	endswith(v.message, "runs with its permission checks off (--dangerously-skip-permissions, --yolo)")
}

test_allowed_tools_without_bypass_passes if {
	rules(facts({"allowed_tools": "Read,Grep", "flags": ["--allowedTools"]}, default_job)) == set()
}

# -- AIP203: write token -------------------------------------------------------------

test_write_all_workflow_token_is_reported if {
	v := only(facts({"workflow_permissions": "write-all"}, default_job), "AIP203")
	v.severity == "high"
	v.message == "claude-code in job 'agent' of .github/workflows/agent.yml gets a GITHUB_TOKEN with write-all (workflow permissions)"
}

test_job_write_scopes_are_listed if {
	inp := facts({"job_permissions": {"contents": "write", "id-token": "write", "issues": "write", "pull-requests": "read"}}, default_job)
	v := only(inp, "AIP203")
	v.message == "claude-code in job 'agent' of .github/workflows/agent.yml gets a GITHUB_TOKEN with contents: write, id-token: write (job permissions)"
}

test_job_permissions_replace_the_workflow_ones if {
	rules(facts({"workflow_permissions": "write-all", "job_permissions": {"contents": "read"}}, default_job)) == set()
}

test_read_only_and_comment_scopes_pass if {
	rules(facts({"workflow_permissions": "read-all"}, default_job)) == set()
	rules(facts({"job_permissions": {"issues": "write", "contents": "read"}}, default_job)) == set()
}

test_unset_permissions_are_not_reported if {
	rules(facts({"workflow_permissions": null}, default_job)) == set()
}

# -- AIP204: secrets beyond the model key -------------------------------------------

test_extra_secret_is_reported if {
	inp := facts({"secrets": ["ANTHROPIC_API_KEY", "NPM_TOKEN", "AWS_SECRET_ACCESS_KEY"]}, default_job)
	v := only(inp, "AIP204")
	v.severity == "medium"
	v.message == "claude-code in job 'agent' of .github/workflows/agent.yml can read AWS_SECRET_ACCESS_KEY, NPM_TOKEN"
}

test_whole_secrets_context_is_reported if {
	v := only(facts({"secrets": ["*"]}, default_job), "AIP204")
	v.message == "claude-code in job 'agent' of .github/workflows/agent.yml can read the whole secrets context"
}

test_model_keys_and_github_token_pass if {
	rules(facts({"secrets": ["OPENAI_API_KEY", "CLAUDE_CODE_OAUTH_TOKEN", "GITHUB_TOKEN"]}, default_job)) == set()
}

# -- AIP205: wildcard users or bots ---------------------------------------------------

test_wildcard_non_write_users_is_reported if {
	j := job(null, [checkout, step(1, 12, null, {"allowed_non_write_users": "*"})])
	v := only(facts({}, j), "AIP205")
	v.severity == "high"
	v.location == {"path": ".github/workflows/agent.yml", "line": 12}
	v.message == "anthropics/claude-code-action@v1 in job 'agent' of .github/workflows/agent.yml sets allowed_non_write_users: \"*\", so anyone may start it"
}

test_wildcard_in_a_bot_list_is_reported if {
	j := job(null, [checkout, step(1, 12, null, {"allowed_bots": "dependabot[bot], *"})])
	rules(facts({}, j)) == {"AIP205"}
}

test_named_users_and_bots_pass if {
	j := job(null, [checkout, step(1, 12, null, {"allowed_non_write_users": "alice,bob", "allowed_bots": "renovate[bot]"})])
	rules(facts({}, j)) == set()
}

test_wildcard_on_another_action_is_not_reported if {
	s := object.union(step(1, 12, null, {"allowed_bots": "*"}), {"uses": "example/other-action@v1"})
	rules(facts({}, job(null, [checkout, s]))) == set()
}

# -- AIP206: steps after the agent ----------------------------------------------------

test_step_after_the_agent_is_reported if {
	push := object.union(checkout, {"index": 2, "line": 20, "run": "git push", "uses": null})
	v := only(facts({}, job(null, [checkout, step(1, 12, null, {}), push])), "AIP206")
	v.severity == "low"
	v.location == {"path": ".github/workflows/agent.yml", "line": 12}
	v.message == "claude-code in job 'agent' of .github/workflows/agent.yml is followed by 1 more step(s) that may act on its output"
}

test_agent_as_last_step_passes if {
	rules(facts({}, default_job)) == set()
}

claude_action_on_comments(inputs) := {"ci": {
	"agents": [{
		"tool": "claude-code", "via": "action", "path": ".github/workflows/c.yml", "line": 20,
		"job": "claude", "step": 0, "triggers": ["issue_comment"],
		"action": "anthropics/claude-code-action@v1", "workflow_permissions": {"contents": "read"},
		"job_permissions": null, "secrets": [], "dangerously_skip_permissions": false, "yolo": false,
	}],
	"workflows": [{"path": ".github/workflows/c.yml", "jobs": [{"id": "claude", "if": null, "steps": [{"index": 0, "with": inputs, "if": null}]}]}],
}}

test_claude_action_default_write_access_check_counts_as_an_author_check if {
	not "AIP201" in {v.rule | some v in ai_in_ci.violations} with input as claude_action_on_comments({"prompt": "x"})
	"AIP201" in {v.rule | some v in ai_in_ci.violations} with input as claude_action_on_comments({"allowed_non_write_users": "*"})
}

# -- GitLab: id_tokens and secrets: on an agent job --------------------------------------

gitlab(id_tokens, secrets) := {"ci": {
	"workflows": [{
		"path": ".gitlab-ci.yml", "platform": "gitlab", "name": null, "triggers": ["push"],
		"triggers_line": null, "permissions": null, "permissions_line": null, "env": [],
		"secrets": [], "includes": [], "jobs": [{
			"id": "review", "line": 1, "name": null, "permissions": null,
			"permissions_line": null, "if": null, "uses": null, "container": null,
			"runs_on": [], "env": [], "secrets": secrets, "triggers": ["merge_request_event"],
			"manual": false, "template": false, "outputs": {}, "id_tokens": id_tokens,
			"steps": [{
				"index": 0, "line": 5, "name": "script", "uses": null,
				"run": "claude -p review", "with": {}, "env": [], "secrets": [], "if": null,
			}],
		}],
	}],
	"controls": [],
	"agents": [{
		"tool": "claude-code", "via": "run", "path": ".gitlab-ci.yml", "line": 6,
		"job": "review", "step": 0, "triggers": ["merge_request_event"],
		"on_pull_request": true, "on_push": false, "manual_only": false, "action": null,
		"command": "claude -p review", "workflow_permissions": null, "job_permissions": null,
		"dangerously_skip_permissions": false, "yolo": false, "allowed_tools": null,
		"flags": [], "secrets": secrets, "sandbox": null, "output_executed": [],
	}],
}}

test_gitlab_id_tokens_on_an_agent_job_are_reported if {
	v := only(gitlab(["VAULT_ID_TOKEN", "AWS_ID_TOKEN"], []), "AIP203")
	v.severity == "high"
	v.location == {"path": ".gitlab-ci.yml", "line": 6}
	v.message == "claude-code in job 'review' of .gitlab-ci.yml gets GitLab OIDC ID tokens (id_tokens: AWS_ID_TOKEN, VAULT_ID_TOKEN), which cloud providers and Vault exchange for credentials"
}

test_gitlab_secrets_on_an_agent_job_are_reported if {
	v := only(gitlab([], ["DATABASE_PASSWORD"]), "AIP204")
	v.message == "claude-code in job 'review' of .gitlab-ci.yml gets the job's GitLab CI secrets (secrets: DATABASE_PASSWORD)"
}

test_gitlab_agent_job_without_id_tokens_or_secrets_passes if {
	rules(gitlab([], [])) == set()
	rules(gitlab([], ["ANTHROPIC_API_KEY"])) == set()
}
