package aipolicy.rules.ai_in_ci_workflow_run_test

import data.aipolicy.rules.ai_in_ci

org := {
	"default_classification": "internal",
	"classifications": [{"id": "internal", "ai_assistance": "allowed"}],
	"tools": {},
	"inventory": [],
}

run(inp) := vs if {
	vs := ai_in_ci.violations with input as inp with data.org as org
}

rules(inp) := {v.rule | some v in run(inp)}

only(inp, rule) := v if {
	[v] := [v | some v in run(inp); v.rule == rule]
}

# -- workflow_run: untrusted when the job acts on the triggering run --------------------

wr := ".github/workflows/review-pr.yml"

step(index, uses, run, inputs) := {
	"index": index, "line": 10 + index, "name": null, "uses": uses, "run": run,
	"with": inputs, "env": [], "secrets": [], "if": null,
}

agent_step := step(2, "openai/codex-action@v1", null, {"prompt": "review"})

on_workflow_run(job_if, steps, changes) := {"ci": {
	"workflows": [{
		"path": wr, "platform": "github", "name": null, "triggers": ["workflow_run"],
		"triggers_line": 2, "permissions": null, "permissions_line": null, "env": [],
		"secrets": [], "includes": [], "jobs": [{
			"id": "review", "line": 6, "name": null, "permissions": null,
			"permissions_line": null, "if": job_if, "uses": null, "container": null,
			"runs_on": ["ubuntu-latest"], "env": [], "secrets": [], "triggers": null,
			"manual": false, "template": false, "outputs": {}, "id_tokens": [], "steps": steps,
		}],
	}],
	"controls": [],
	"agents": [object.union(
		{
			"tool": "codex", "via": "action", "path": wr, "line": 12, "job": "review",
			"step": 2, "triggers": ["workflow_run"], "on_pull_request": false,
			"on_push": false, "manual_only": false,
			"action": "openai/codex-action@v1", "command": null,
			"workflow_permissions": null, "job_permissions": {"contents": "read"},
			"dangerously_skip_permissions": false, "yolo": false, "allowed_tools": null,
			"flags": [], "secrets": ["OPENAI_API_KEY"], "sandbox": null,
			"output_executed": [],
		},
		changes,
	)],
}}

head_checkout := step(0, "actions/checkout@v4", null, {"ref": "${{ github.event.workflow_run.head_sha }}"})

artifact := step(1, "actions/download-artifact@v4", null, {"name": "pr", "run-id": "${{ github.event.workflow_run.id }}"})

plain_checkout := step(0, "actions/checkout@v4", null, {})

test_workflow_run_checking_out_the_triggering_head_is_untrusted if {
	inp := on_workflow_run(null, [head_checkout, step(1, null, "npm ci", {}), agent_step], {})
	v := only(inp, "AIP201")
	v.message == "codex in job 'review' of .github/workflows/review-pr.yml runs on untrusted triggers (workflow_run), which any GitHub user can cause"
}

test_workflow_run_with_the_triggering_runs_artifacts_and_a_secret_is_critical if {
	inp := on_workflow_run(null, [plain_checkout, artifact, agent_step], {"secrets": ["OPENAI_API_KEY", "NPM_TOKEN"]})
	v := only(inp, "AIP200")
	v.message == "codex in job 'review' of .github/workflows/review-pr.yml runs on untrusted triggers (workflow_run) holding secrets NPM_TOKEN"
}

test_workflow_run_downloads_in_scripts_and_other_actions_count if {
	gh := step(1, null, "gh run download ${{ github.event.workflow_run.id }} -n pr", {})
	rules(on_workflow_run(null, [plain_checkout, gh, agent_step], {})) == {"AIP201"}
	dawidd := step(1, "dawidd6/action-download-artifact@v6", null, {"workflow": "ci.yml"})
	rules(on_workflow_run(null, [plain_checkout, dawidd, agent_step], {})) == {"AIP201"}
}

test_workflow_run_on_the_default_branch_only_passes if {
	current := step(1, "actions/download-artifact@v4", null, {"name": "build"})
	rules(on_workflow_run(null, [plain_checkout, current, agent_step], {})) == set()
}

test_claude_code_action_default_actor_check_counts if {
	claude := object.union(agent_step, {"uses": "anthropics/claude-code-action@v1"})
	changes := {"tool": "claude-code", "action": "anthropics/claude-code-action@v1"}
	rules(on_workflow_run(null, [head_checkout, claude], changes)) == set()
	open := object.union(claude, {"with": {"allowed_non_write_users": "*"}})
	rules(on_workflow_run(null, [head_checkout, open], changes)) == {"AIP201", "AIP205"}
}

test_workflow_run_limited_to_this_repository_passes if {
	same := "github.event.workflow_run.head_repository.full_name == github.repository"
	rules(on_workflow_run(same, [head_checkout, agent_step], {})) == set()
	not_fork := "github.event.workflow_run.conclusion == 'success' && !github.event.workflow_run.head_repository.fork"
	rules(on_workflow_run(not_fork, [head_checkout, agent_step], {})) == set()
}

test_steps_after_the_agent_do_not_make_it_untrusted if {
	late := object.union(head_checkout, {"index": 3})
	rules(on_workflow_run(null, [plain_checkout, step(1, null, "npm ci", {}), agent_step, late], {})) == {"AIP206"}
}
