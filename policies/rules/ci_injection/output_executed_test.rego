package aipolicy.rules.ci_injection_output_test

import data.aipolicy.rules.ci_injection

path := ".gitlab-ci.yml"

cli(executed) := {
	"tool": "claude-code", "via": "run", "path": path, "line": 6, "job": "review", "step": 0,
	"triggers": ["merge_request_event"], "on_pull_request": true, "on_push": false,
	"manual_only": false, "action": null, "command": "claude -p review > out.txt",
	"workflow_permissions": null, "job_permissions": null,
	"dangerously_skip_permissions": false, "yolo": false, "allowed_tools": null,
	"flags": [], "secrets": [], "sandbox": null, "output_executed": executed,
}

section(index, name, run) := {
	"index": index, "line": 5 + (4 * index), "name": name, "uses": null, "run": run,
	"with": {}, "env": [], "secrets": [], "if": null,
}

gitlab(a) := {"ci": {
	"workflows": [{
		"path": path, "platform": "gitlab", "name": null, "triggers": ["push"],
		"triggers_line": null, "permissions": null, "permissions_line": null, "env": [],
		"secrets": [], "includes": [], "jobs": [{
			"id": "review", "line": 1, "name": null, "permissions": null,
			"permissions_line": null, "if": null, "uses": null, "container": null,
			"runs_on": [], "env": [], "secrets": [], "triggers": ["merge_request_event"],
			"manual": false, "template": false, "outputs": {}, "id_tokens": [],
			"steps": [
				section(0, "script", "claude -p review > out.txt\neval \"$(cat out.txt)\""),
				section(1, "after_script", "bash -c \"$(cat out.txt)\""),
			],
		}],
	}],
	"controls": [],
	"agents": [a],
}}

aip213(inp) := [v | some v in ci_injection.violations with input as inp; v.rule == "AIP213"]

test_agent_output_file_run_later_in_the_job_is_reported if {
	[v] := aip213(gitlab(cli([
		{"line": 7, "how": "eval", "output": "out.txt"},
		{"line": 10, "how": "sh -c", "output": "out.txt"},
	])))
	v.severity == "high"
	v.location == {"path": path, "line": 6}
	v.message == "claude-code in job 'review' of .gitlab-ci.yml: its output reaches a shell: line 10 runs out.txt with sh -c; line 7 runs out.txt with eval"
}

test_agent_stdout_and_variables_run_as_code_are_reported if {
	[v] := aip213(gitlab(cli([
		{"line": 6, "how": "| sh", "output": "stdout"},
		{"line": 8, "how": "$VAR", "output": "$PLAN"},
	])))
	v.message == "claude-code in job 'review' of .gitlab-ci.yml: its output reaches a shell: line 6 runs its output piped into a shell; line 8 runs $PLAN as a command"
}

test_agent_output_kept_but_never_run_passes if {
	aip213(gitlab(cli([]))) == []
	aip213(gitlab(object.remove(cli([]), ["output_executed"]))) == []
}

# -- GitHub: the agent's output exported as a job output and run by a later job ----------

gh := ".github/workflows/review.yml"

action_agent := {
	"tool": "claude-code", "via": "action", "path": gh, "line": 12, "job": "review",
	"step": 0, "triggers": ["push"], "on_pull_request": false, "on_push": true,
	"manual_only": false, "action": "anthropics/claude-code-action@v1", "command": null,
	"workflow_permissions": null, "job_permissions": null,
	"dangerously_skip_permissions": false, "yolo": false, "allowed_tools": null,
	"flags": [], "secrets": [], "sandbox": null, "output_executed": [],
}

gh_step(index, uses, run) := {
	"index": index, "line": 12 + index, "name": null, "uses": uses, "run": run, "with": {},
	"env": [], "secrets": [], "if": null,
}

gh_job(id, outputs, steps) := {
	"id": id, "line": 5, "name": null, "permissions": null, "permissions_line": null,
	"if": null, "uses": null, "container": null, "runs_on": ["ubuntu-latest"], "env": [],
	"secrets": [], "triggers": null, "manual": false, "template": false, "outputs": outputs,
	"id_tokens": [], "steps": steps,
}

two_jobs(outputs, later_run, scopes) := {
	"ci": {
		"workflows": [{
			"path": gh, "platform": "github", "name": null, "triggers": ["push"],
			"triggers_line": 2, "permissions": null, "permissions_line": null, "env": [],
			"secrets": [], "includes": [], "jobs": [
				gh_job("review", outputs, [gh_step(0, "anthropics/claude-code-action@v1", null)]),
				gh_job("apply", {}, [gh_step(0, null, later_run)]),
			],
		}],
		"controls": [],
		"agents": [action_agent],
	},
	"agentic_workflows": {"workflows": [], "scopes": array.concat(
		[{"path": gh, "job": "review", "step": 0, "id": "claude", "line": 12, "env": []}],
		scopes,
	)},
}

exported := {"plan": "${{ steps.claude.outputs.result }}"}

test_job_output_interpolated_into_a_later_job_is_reported if {
	[v] := aip213(two_jobs(exported, "${{ needs.review.outputs.plan }}", []))
	v.message == "claude-code in job 'review' of .github/workflows/review.yml: its output reaches a shell: job 'apply' step 0 interpolates ${{ needs.review.outputs.plan }} into its script"
}

test_job_output_evaluated_through_env_in_a_later_job_is_reported if {
	env := [{"path": gh, "job": "apply", "step": null, "id": null, "line": 20, "env": [
		{"name": "PLAN", "line": 21, "expressions": ["needs.review.outputs.plan"]},
	]}]
	[v] := aip213(two_jobs(exported, "eval \"$PLAN\"", env))
	v.message == "claude-code in job 'review' of .github/workflows/review.yml: its output reaches a shell: job 'apply' step 0 runs env PLAN (the agent's output) as code"
}

test_job_output_used_as_data_or_not_from_the_agent_passes if {
	env := [{"path": gh, "job": "apply", "step": 0, "id": null, "line": 20, "env": [
		{"name": "PLAN", "line": 21, "expressions": ["needs.review.outputs.plan"]},
	]}]
	aip213(two_jobs(exported, "echo \"$PLAN\" >> \"$GITHUB_STEP_SUMMARY\"", env)) == []
	aip213(two_jobs({"plan": "${{ steps.other.outputs.result }}"}, "${{ needs.review.outputs.plan }}", [])) == []
	aip213(two_jobs(exported, "echo ${{ needs.review.outputs.other }}", [])) == []
}

test_a_longer_job_output_name_or_env_name_passes if {
	env := [{"path": gh, "job": "apply", "step": null, "id": null, "line": 20, "env": [
		{"name": "PLAN", "line": 21, "expressions": ["needs.review.outputs.plan"]},
		{"name": "OTHER", "line": 22, "expressions": ["needs.review.outputs.planb"]},
	]}]
	aip213(two_jobs(exported, "eval \"$PLANX $OTHER\"\necho ${{ needs.review.outputs.planb }}", env)) == []
	aip213(two_jobs(exported, "echo ${{ needs.reviews.outputs.plan }}", [])) == []
}
