package aipolicy.rules.review_test

import data.aipolicy.rules.review

org := {
	"default_classification": "internal",
	"classifications": [
		{"id": "public", "ai_assistance": "allowed"},
		{"id": "internal", "ai_assistance": "allowed"},
		{"id": "confidential", "ai_assistance": "restricted"},
		{"id": "restricted", "ai_assistance": "prohibited"},
	],
	"controls": {"review": {"required_from": "internal"}},
	"inventory": [],
}

claude := {"tool": "claude-code", "files": [{"path": "CLAUDE.md", "line": 1}]}

no_codeowners := {
	"present": false, "path": null, "rules": [], "catch_all_owners": null,
	"catch_all_line": null, "truncated": false, "others": [],
}

codeowners(owners, line) := {
	"present": true, "path": ".github/CODEOWNERS",
	"rules": [{"pattern": "*", "owners": ["@example-corp/web"], "line": 2, "section": null}],
	"catch_all_owners": owners, "catch_all_line": line, "truncated": false, "others": [],
}

facts(class, assistants, owners_file, templates) := {
	"manifest": {"present": true, "classification": class},
	"repository": {"remote": null},
	"assistants": assistants,
	"review": {"codeowners": owners_file, "pr_templates": templates},
}

found(inp) := {[v.rule, v.location] | some v in review.violations with input as inp with data.org as org}

test_missing_codeowners_and_template_are_reported_when_assistants_are_used if {
	found(facts("internal", [claude], no_codeowners, [])) == {
		["AIP300", {"path": "."}],
		["AIP302", {"path": "."}],
	}
}

test_missing_codeowners_message_names_the_assistants_and_classification if {
	vs := review.violations with input as facts("confidential", [claude], no_codeowners, [".github/pull_request_template.md"])
		with data.org as org
	[v] := [v | some v in vs]
	v.rule == "AIP300"
	v.severity == "high"
	v.message == "No CODEOWNERS file, but AI assistants are in use (claude-code) and human review is required for 'confidential' projects"
}

test_codeowners_with_an_owned_catch_all_and_a_template_passes if {
	found(facts("internal", [claude], codeowners(["@example-corp/web"], 2), [".github/pull_request_template.md"])) == set()
}

test_codeowners_without_a_catch_all_rule_is_reported_at_the_file if {
	found(facts("internal", [claude], codeowners(null, null), ["docs/pull_request_template.md"])) == {["AIP301", {"path": ".github/CODEOWNERS"}]}
}

test_ownerless_catch_all_rule_is_reported_at_its_line if {
	vs := review.violations with input as facts("internal", [claude], codeowners([], 7), ["PULL_REQUEST_TEMPLATE.md"])
		with data.org as org
	[v] := [v | some v in vs]
	v.rule == "AIP301"
	v.severity == "medium"
	v.location == {"path": ".github/CODEOWNERS", "line": 7}
	v.message == ".github/CODEOWNERS's last catch-all rule names no owner, leaving files unowned"
}

test_no_assistants_in_use_needs_no_review_rules if {
	found(facts("internal", [], no_codeowners, [])) == set()
}

test_files_that_do_not_show_use_do_not_count_as_assistants if {
	noai := {"tool": "jetbrains-ai", "files": [{"path": ".noai", "line": 1}]}
	found(facts("internal", [noai], no_codeowners, [])) == set()
}

test_classification_below_the_review_control_is_not_judged if {
	found(facts("public", [claude], no_codeowners, [])) == set()
}

test_prohibited_project_is_left_to_the_eligibility_rule if {
	found(facts("restricted", [claude], no_codeowners, [])) == set()
}

test_org_without_a_review_control_requires_nothing if {
	vs := review.violations with input as facts("internal", [claude], no_codeowners, [])
		with data.org as object.remove(org, ["controls"])
	count(vs) == 0
}
