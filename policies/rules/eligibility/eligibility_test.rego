package aipolicy.rules.eligibility_test

import data.aipolicy.rules.eligibility

org := {
	"default_classification": "internal",
	"classifications": [
		{"id": "internal", "ai_assistance": "allowed"},
		{"id": "restricted", "ai_assistance": "prohibited"},
	],
	"tools": {"claude-code": {"status": "approved", "max_classification": "internal"}},
	"inventory": [],
}

facts(class, assistants) := {
	"manifest": {"present": true, "classification": class},
	"repository": {"remote": null},
	"assistants": assistants,
}

claude := {"tool": "claude-code", "files": [{"path": "CLAUDE.md", "kind": "instructions"}]}

test_assistant_in_prohibited_project_is_critical if {
	vs := eligibility.violations with data.org as org with input as facts("restricted", [claude])
	count(vs) == 1
	some v in vs
	v.rule == "AIP001"
	v.severity == "critical"
	v.location == {"path": "CLAUDE.md", "line": 1}
	contains(v.message, "claude-code")
}

test_no_assistant_in_prohibited_project_is_fine if {
	count(eligibility.violations) == 0 with data.org as org with input as facts("restricted", [])
}

test_assistant_in_allowed_project_is_fine if {
	count(eligibility.violations) == 0 with data.org as org with input as facts("internal", [claude])
}

test_message_names_what_prohibits_ai if {
	vs := eligibility.violations with data.org as org with input as facts("restricted", [claude])
	some v in vs
	v.message == "claude-code is configured, but AI assistance is prohibited for this project (classification 'restricted')"
}
