package aipolicy.rules.security_testing_test

import data.aipolicy.rules.security_testing

org := {
	"default_classification": "internal",
	"classifications": [
		{"id": "public", "ai_assistance": "allowed"},
		{"id": "internal", "ai_assistance": "allowed"},
		{"id": "confidential", "ai_assistance": "restricted"},
		{"id": "restricted", "ai_assistance": "prohibited"},
	],
	"controls": {
		"secret_scanning": {"required_from": "internal"},
		"sast": {"required_from": "confidential"},
		"dast": {"required_from": "confidential", "applies_to_kinds": ["web-service"]},
	},
	"inventory": [],
}

workflow(control, tool, line, triggers) := {
	"control": control, "tool": tool, "path": ".github/workflows/security.yml", "line": line,
	"source": "github-actions", "job": tool, "triggers": triggers,
	"on_pull_request": "pull_request" in triggers, "on_push": "push" in triggers,
	"manual_only": triggers == ["workflow_dispatch"],
}

precommit(control, tool, line) := {
	"control": control, "tool": tool, "path": ".pre-commit-config.yaml", "line": line,
	"source": "pre-commit", "job": null, "triggers": [],
	"on_pull_request": false, "on_push": false, "manual_only": false,
}

facts(class, kind, controls) := {
	"manifest": {"present": true, "classification": class, "kind": kind},
	"repository": {"remote": null},
	"assistants": [],
	"ci": {"workflows": [], "controls": controls, "agents": []},
}

found(inp) := {[v.rule, v.location] | some v in security_testing.violations with input as inp with data.org as org}

messages(inp) := {v.message | some v in security_testing.violations with input as inp with data.org as org}

on_prs := ["pull_request", "push"]

# SAST (AIP310)

test_confidential_project_without_any_sast_is_reported if {
	found(facts("confidential", "library", [workflow("secret_scanning", "gitleaks", 9, on_prs)])) == {["AIP310", {"path": "."}]}
}

test_sast_on_pull_requests_satisfies_the_control if {
	found(facts("confidential", "library", [
		workflow("sast", "codeql", 4, on_prs),
		workflow("secret_scanning", "gitleaks", 9, on_prs),
	])) == set()
}

test_manual_only_sast_does_not_count_and_is_named if {
	inp := facts("confidential", "library", [
		workflow("sast", "semgrep", 4, ["workflow_dispatch"]),
		workflow("secret_scanning", "gitleaks", 9, on_prs),
	])
	found(inp) == {["AIP310", {"path": ".github/workflows/security.yml", "line": 4}]}
	messages(inp) == {"No static analysis (SAST) runs on pull requests: semgrep in .github/workflows/security.yml runs only when started by hand"}
}

test_scheduled_sast_does_not_count if {
	inp := facts("confidential", "library", [
		workflow("sast", "codeql", 4, ["schedule"]),
		workflow("secret_scanning", "gitleaks", 9, on_prs),
	])
	messages(inp) == {"No static analysis (SAST) runs on pull requests: codeql in .github/workflows/security.yml runs only on schedule"}
}

test_sast_is_not_required_below_its_classification if {
	found(facts("internal", "library", [workflow("secret_scanning", "gitleaks", 9, on_prs)])) == set()
}

# Secret scanning (AIP311)

test_internal_project_without_secret_scanning_is_reported if {
	found(facts("internal", "library", [])) == {["AIP311", {"path": "."}]}
}

test_secret_scanning_only_in_pre_commit_does_not_count if {
	inp := facts("internal", "library", [precommit("secret_scanning", "gitleaks", 9)])
	found(inp) == {["AIP311", {"path": ".pre-commit-config.yaml", "line": 9}]}
	messages(inp) == {"No secret scanning runs on pull requests: gitleaks in .pre-commit-config.yaml runs only where developers install pre-commit"}
}

test_secret_scanning_on_pull_requests_satisfies_the_control if {
	gitlab := {
		"control": "secret_scanning", "tool": "gitlab-secret-detection-component",
		"path": ".gitlab-ci.yml", "line": 12, "source": "gitlab-ci", "job": null,
		"triggers": ["merge_request_event"], "on_pull_request": true, "on_push": false,
		"manual_only": false,
	}
	found(facts("internal", "library", [precommit("secret_scanning", "detect-secrets", 3), gitlab])) == set()
}

test_public_project_needs_no_secret_scanning if {
	found(facts("public", "library", [])) == set()
}

# DAST (AIP312)

test_confidential_web_service_without_dast_is_reported if {
	inp := facts("confidential", "web-service", [
		workflow("sast", "codeql", 4, on_prs),
		workflow("secret_scanning", "gitleaks", 9, on_prs),
	])
	found(inp) == {["AIP312", {"path": "."}]}
	messages(inp) == {"No dynamic analysis (DAST) runs for this web-service in the repository's CI"}
}

test_manual_only_dast_does_not_count if {
	inp := facts("confidential", "web-service", [
		workflow("sast", "codeql", 4, on_prs),
		workflow("secret_scanning", "gitleaks", 9, on_prs),
		workflow("dast", "zap", 20, ["workflow_dispatch"]),
	])
	found(inp) == {["AIP312", {"path": ".github/workflows/security.yml", "line": 20}]}
}

test_scheduled_dast_satisfies_the_control if {
	found(facts("confidential", "web-service", [
		workflow("sast", "codeql", 4, on_prs),
		workflow("secret_scanning", "gitleaks", 9, on_prs),
		workflow("dast", "zap", 20, ["schedule"]),
	])) == set()
}

test_dast_is_only_for_web_services if {
	found(facts("restricted", "library", [
		workflow("sast", "codeql", 4, on_prs),
		workflow("secret_scanning", "gitleaks", 9, on_prs),
	])) == set()
}

test_facts_without_ci_count_as_no_controls if {
	inp := {"manifest": {"present": true, "classification": "internal"}, "repository": {"remote": null}}
	found(inp) == {["AIP311", {"path": "."}]}
}
