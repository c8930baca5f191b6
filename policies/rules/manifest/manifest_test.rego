package aipolicy.rules.manifest_test

import data.aipolicy.rules.manifest

org := {
	"default_classification": "internal",
	"classifications": [
		{"id": "public", "ai_assistance": "allowed"},
		{"id": "internal", "ai_assistance": "allowed"},
		{"id": "restricted", "ai_assistance": "prohibited"},
	],
	"tools": {},
	"inventory": [{"repository": "github.com/acme/pay", "classification": "restricted"}],
}

with_manifest(class, remote) := {
	"manifest": {"present": true, "path": ".aipolicy.yaml", "classification": class, "lines": {"classification": 4}},
	"repository": {"remote": remote},
	"assistants": [],
}

ids(inp) := {v.rule | some v in manifest.violations with input as inp with data.org as org}

test_missing_manifest_is_low if {
	inp := {"manifest": {"present": false}, "repository": {"remote": null}, "assistants": []}
	vs := manifest.violations with input as inp with data.org as org
	[v] := [v | some v in vs]
	v.rule == "AIP090"
	v.severity == "low"
	v.message == "no .aipolicy.yaml; the default classification 'internal' applies"
}

test_missing_manifest_is_fine_when_inventory_classifies if {
	inp := {"manifest": {"present": false}, "repository": {"remote": "github.com/acme/pay"}, "assistants": []}
	ids(inp) == set()
}

test_manifest_below_inventory_is_reported_at_its_line if {
	vs := manifest.violations with input as with_manifest("public", "github.com/acme/pay") with data.org as org
	[v] := [v | some v in vs]
	v.rule == "AIP091"
	v.location == {"path": ".aipolicy.yaml", "line": 4}
}

test_manifest_matching_inventory_passes if {
	ids(with_manifest("restricted", "github.com/acme/pay")) == set()
}

test_valid_manifest_without_inventory_passes if {
	ids(with_manifest("public", null)) == set()
}

test_unknown_classification_is_high if {
	ids(with_manifest("secretish", null)) == {"AIP092"}
}

test_unknown_data_category_and_scope_are_reported if {
	inp := {
		"manifest": {
			"present": true, "path": ".aipolicy.yaml", "classification": "public",
			"data_categories": ["pii", "gossip"], "regulatory_scope": ["gdpr", "made-up"],
			"lines": {"data_categories": 6, "regulatory_scope": 7},
		},
		"repository": {"remote": null},
		"assistants": [],
	}
	o := object.union(org, {"data_categories": {"pii": {"title": "PII"}}, "regulatory_scopes": {"gdpr": {"title": "GDPR", "ai_assistance": "allowed"}}})
	vs := manifest.violations with input as inp with data.org as o
	{[v.rule, v.message, v.location.line] | some v in vs} == {
		["AIP093", "unknown data category 'gossip'", 6],
		["AIP094", "unknown regulatory scope 'made-up'", 7],
	}
}
