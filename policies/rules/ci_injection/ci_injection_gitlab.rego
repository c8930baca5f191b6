package aipolicy.rules.ci_injection

import data.aipolicy.lib.findings

# METADATA
# title: Merge request or commit text in a GitLab CI agent's prompt
# description: |
#   A GitLab CI job runs an AI agent with a command line that expands a predefined
#   variable carrying text an outside contributor controls: the merge request title or
#   description, a commit message, or a source branch name. That text becomes part of
#   the agent's instructions (prompt injection). Critical when the pipeline runs for
#   merge requests.
# custom:
#   id: AIP214
#   severity: high
#   remediation: |
#     Do not put merge request or commit text on the agent's command line; let the agent
#     read it as data through a read-only tool, and keep the job's token and variables
#     away from it.
#   risk: Prompt injection from merge requests steering an agent that holds CI credentials.
#   cwe: [CWE-1427, CWE-77]
#   owasp: [LLM01:2025, ASI01:2026]
#   evidence:
#     - https://docs.gitlab.com/ci/variables/predefined_variables/ (not verified)
violations contains finding if {
	some a in input.ci.agents
	a.via == "run"
	is_string(a.command)
	expanded := expanded_names(a.command)
	some variable in _gitlab_untrusted
	variable in expanded
	finding := object.union(
		findings.finding(rego.metadata.rule(), _gitlab_message(a, variable), {"path": a.path, "line": a.line}),
		_gitlab_severity(a),
	)
}

_gitlab_untrusted := [
	"CI_MERGE_REQUEST_TITLE", "CI_MERGE_REQUEST_DESCRIPTION", "CI_COMMIT_MESSAGE",
	"CI_COMMIT_TITLE", "CI_COMMIT_DESCRIPTION", "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME",
	"CI_COMMIT_REF_NAME", "CI_COMMIT_BRANCH", "CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME",
]

_gitlab_message(a, variable) := concat("", [
	a.tool, " in job '", a.job, "' is given $", variable, " on its command line",
])

_gitlab_severity(a) := {"severity": "critical"} if "merge_request_event" in a.triggers

else := {}
