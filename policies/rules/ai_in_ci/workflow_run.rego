package aipolicy.rules.ai_in_ci

# workflow_run runs with the base repository's secrets and a write token after another
# workflow (often one on a fork's pull request) finished. Outsider-controlled when the
# job checks out the triggering run's head or downloads its artifacts ("pwn requests"),
# and no condition limits it to runs of this repository (claude-code-action's default
# write-access check of the triggering actor counts as such a condition).
untrusted(a, "workflow_run") if {
	some s in job_of(a).steps
	s.index <= a.step
	uses_triggering_run(s)
	not same_repository_checked(a)
	not checks_author(a)
}

triggering_head := `github\.event\.workflow_run\.(head_sha|head_branch|head_commit\.id|head_repository|pull_requests)`

uses_triggering_run(s) if {
	some text in step_texts(s)
	regex.match(triggering_head, text)
}

uses_triggering_run(s) if {
	some text in step_texts(s)
	regex.match(`\bgh\s+run\s+download\b|listWorkflowRunArtifacts|downloadArtifact\(`, text)
}

uses_triggering_run(s) if {
	is_string(s.uses)
	startswith(lower(s.uses), "dawidd6/action-download-artifact")
}

# actions/download-artifact reads another run's artifacts only when given its run-id.
uses_triggering_run(s) if {
	is_string(s.uses)
	startswith(lower(s.uses), "actions/download-artifact")
	is_string(object.get(s.with, "run-id", null))
}

step_texts(s) := [t | some t in array.concat([s.run], [v | some v in object.get(s, "with", {})]); is_string(t)]

same_repository_checked(a) if same_repository_test_in(job_of(a))

same_repository_checked(a) if same_repository_test_in(step_of(a))

same_repository_test_in(node) if {
	is_string(node["if"])
	regex.match(same_repository_test, node["if"])
}

same_repository_test := `head_repository\.full_name\s*==\s*github\.repository\b|github\.repository\s*==\s*github\.event\.workflow_run\.head_repository\.full_name|head_repository\.fork\s*==\s*false|!\s*github\.event\.workflow_run\.head_repository\.fork`
