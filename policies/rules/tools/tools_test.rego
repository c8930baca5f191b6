package aipolicy.rules.tools_test

import data.aipolicy.rules.tools

org := {
	"default_classification": "internal",
	"classifications": [
		{"id": "public", "ai_assistance": "allowed"},
		{"id": "internal", "ai_assistance": "allowed"},
		{"id": "confidential", "ai_assistance": "restricted"},
		{"id": "restricted", "ai_assistance": "prohibited"},
	],
	"tools": {
		"claude-code": {"status": "approved", "max_classification": "confidential"},
		"cursor": {"status": "approved", "max_classification": "internal"},
		"codex": {"status": "restricted", "max_classification": "internal"},
		"windsurf": {"status": "prohibited", "max_classification": "public"},
	},
	"inventory": [],
}

uses(tool) := {"tool": tool, "files": [{"path": concat("", [".", tool]), "kind": "settings", "line": 1}]}

facts(class, tools, declared) := {
	"manifest": {"present": true, "classification": class, "assistants": declared},
	"repository": {"remote": null},
	"assistants": [uses(t) | some t in tools],
}

ids(inp) := {v.rule | some v in tools.violations with input as inp with data.org as org}

test_prohibited_tool_is_reported if {
	ids(facts("public", ["windsurf"], [])) == {"AIP010"}
}

test_tool_beyond_its_max_classification_is_reported if {
	ids(facts("confidential", ["cursor"], [])) == {"AIP011"}
	vs := tools.violations with input as facts("confidential", ["cursor"], []) with data.org as org
	some v in vs
	v.message == "cursor is approved up to 'internal', but this project is 'confidential'"
	v.location == {"path": ".cursor", "line": 1}
}

test_approved_tool_within_its_classification_passes if {
	ids(facts("confidential", ["claude-code"], [])) == set()
	ids(facts("public", ["cursor", "claude-code"], [])) == set()
}

test_restricted_tool_must_be_declared if {
	ids(facts("internal", ["codex"], [])) == {"AIP012"}
	ids(facts("internal", ["codex"], ["codex"])) == set()
}

test_restricted_tool_beyond_classification_is_not_approved if {
	ids(facts("confidential", ["codex"], ["codex"])) == {"AIP011"}
}

test_unknown_tool_is_reported if {
	ids(facts("internal", ["mystery-ai"], [])) == {"AIP013"}
}

test_prohibited_project_is_left_to_the_eligibility_rule if {
	ids(facts("restricted", ["windsurf", "cursor", "mystery-ai"], [])) == set()
}
