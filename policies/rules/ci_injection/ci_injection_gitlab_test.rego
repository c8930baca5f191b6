package aipolicy.rules.ci_injection_test

import data.aipolicy.rules.ci_injection

gitlab_agent(command, triggers) := {"ci": {
	"agents": [{
		"tool": "claude-code", "via": "run", "path": ".gitlab-ci.yml", "line": 9, "job": "review",
		"step": 0, "triggers": triggers, "command": command,
	}],
	"workflows": [],
}}

gitlab_findings(inp) := {[v.rule, v.severity, v.message] |
	some v in ci_injection.violations with input as inp
	v.rule == "AIP214"
}

test_merge_request_title_on_the_command_line_is_critical_for_merge_requests if {
	inp := gitlab_agent(`claude -p "Review: $CI_MERGE_REQUEST_TITLE"`, ["merge_request_event"])
	gitlab_findings(inp) == {["AIP214", "critical", "claude-code in job 'review' is given $CI_MERGE_REQUEST_TITLE on its command line"]}
}

test_braced_commit_message_on_a_push_pipeline_is_high if {
	inp := gitlab_agent(`claude -p "Summarise ${CI_COMMIT_MESSAGE}"`, ["push"])
	{[r, s] | some [r, s, _] in gitlab_findings(inp)} == {["AIP214", "high"]}
}

test_trusted_variables_are_fine if {
	count(gitlab_findings(gitlab_agent(`claude -p "Review $CI_PROJECT_PATH at $CI_COMMIT_SHA"`, ["merge_request_event"]))) == 0
}

test_longer_variable_names_are_not_the_untrusted_ones if {
	command := `claude -p "Review $CI_COMMIT_TITLES ${CI_COMMIT_BRANCH_X} $XCI_COMMIT_MESSAGE"`
	count(gitlab_findings(gitlab_agent(command, ["merge_request_event"]))) == 0
}

test_each_untrusted_variable_is_reported_once if {
	command := `claude -p "$CI_COMMIT_TITLE: ${CI_COMMIT_TITLE} on $CI_COMMIT_BRANCH"`
	{m | some [_, _, m] in gitlab_findings(gitlab_agent(command, ["push"]))} == {
		"claude-code in job 'review' is given $CI_COMMIT_TITLE on its command line",
		"claude-code in job 'review' is given $CI_COMMIT_BRANCH on its command line",
	}
}
