package aipolicy.rules.data_sharing_test

import data.aipolicy.rules.data_sharing

org := {
	"default_classification": "internal",
	"classifications": [{"id": "internal", "ai_assistance": "allowed"}],
	"tools": {
		"claude-code": {"status": "approved", "max_classification": "internal", "data_categories": ["source-code", "pii"]},
		"cursor": {"status": "approved", "max_classification": "internal", "data_categories": ["source-code"]},
	},
	"inventory": [],
}

facts(cats, tool) := {
	"manifest": {"present": true, "classification": "internal", "data_categories": cats},
	"repository": {"remote": null},
	"assistants": [{"tool": tool, "files": [{"path": "f", "line": 2}]}],
}

test_vendor_without_the_category_is_reported if {
	vs := data_sharing.violations with input as facts(["pii", "phi"], "cursor") with data.org as org
	[v] := [v | some v in vs]
	v.rule == "AIP020"
	v.message == "cursor's vendor may not receive this project's data categories: phi, pii"
	v.location == {"path": "f", "line": 2}
}

test_vendor_covering_every_category_passes if {
	count(data_sharing.violations) == 0 with input as facts(["pii"], "claude-code") with data.org as org
}

test_source_code_only_needs_nothing_declared if {
	count(data_sharing.violations) == 0 with input as facts([], "cursor") with data.org as org
}
