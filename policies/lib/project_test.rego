package aipolicy.lib.project_test

import data.aipolicy.lib.project

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
		"windsurf": {"status": "prohibited", "max_classification": "public"},
	},
	"inventory": [{"repository": "github.com/acme/payments", "classification": "restricted"}],
}

manifest(c) := {"present": true, "classification": c}

no_manifest := {"present": false}

test_default_classification_without_manifest_or_inventory if {
	project.effective_class == "internal" with data.org as org
		with input as {"manifest": no_manifest, "repository": {"remote": null}}
	project.classification_source == "default" with data.org as org
		with input as {"manifest": no_manifest, "repository": {"remote": null}}
}

test_manifest_classification_is_used if {
	project.effective_class == "public" with data.org as org
		with input as {"manifest": manifest("public"), "repository": {"remote": null}}
	project.classification_source == "manifest" with data.org as org
		with input as {"manifest": manifest("public"), "repository": {"remote": null}}
}

test_inventory_wins_over_a_looser_manifest if {
	inp := {"manifest": manifest("public"), "repository": {"remote": "github.com/acme/payments"}}
	project.effective_class == "restricted" with data.org as org with input as inp
	project.classification_source == "inventory" with data.org as org with input as inp
}

test_stricter_manifest_wins_over_inventory if {
	o := json.patch(org, [{"op": "replace", "path": "/inventory/0/classification", "value": "internal"}])
	inp := {"manifest": manifest("confidential"), "repository": {"remote": "github.com/acme/payments"}}
	project.effective_class == "confidential" with data.org as o with input as inp
	project.classification_source == "manifest" with data.org as o with input as inp
}

test_unknown_manifest_classification_fails_closed if {
	inp := {"manifest": manifest("top-secret"), "repository": {"remote": null}}
	project.manifest_class_unknown with data.org as org with input as inp
	project.effective_class == "restricted" with data.org as org with input as inp
}

test_allowed_tools_follow_classification if {
	project.allowed_tools == {"claude-code", "cursor"} with data.org as org
		with input as {"manifest": manifest("internal"), "repository": {"remote": null}}
	project.allowed_tools == {"claude-code"} with data.org as org
		with input as {"manifest": manifest("confidential"), "repository": {"remote": null}}
}

test_no_tools_when_ai_is_prohibited if {
	project.allowed_tools == set() with data.org as org
		with input as {"manifest": manifest("restricted"), "repository": {"remote": null}}
}

test_declared_tools_come_from_the_manifest if {
	inp := {"manifest": {"present": true, "classification": "internal", "assistants": ["cursor"]}}
	project.declared_tools == {"cursor"} with data.org as org with input as inp
}

scoped_org := json.patch(org, [{"op": "add", "path": "/regulatory_scopes", "value": {
	"itar": {"title": "ITAR", "ai_assistance": "prohibited"},
	"hipaa": {"title": "HIPAA", "ai_assistance": "restricted"},
}}])

test_regulatory_scope_can_prohibit_ai if {
	inp := {"manifest": {"present": true, "classification": "public", "regulatory_scope": ["itar"]}}
	project.ai_assistance == "prohibited" with data.org as scoped_org with input as inp
	project.prohibited_by == ["regulatory scope 'itar'"] with data.org as scoped_org with input as inp
	project.allowed_tools == set() with data.org as scoped_org with input as inp
}

test_regulatory_scope_never_loosens if {
	inp := {"manifest": {"present": true, "classification": "restricted", "regulatory_scope": ["hipaa"]}}
	project.ai_assistance == "prohibited" with data.org as scoped_org with input as inp
}

test_restricted_scope_makes_an_allowed_class_restricted if {
	inp := {"manifest": {"present": true, "classification": "public", "regulatory_scope": ["hipaa"]}}
	project.ai_assistance == "restricted" with data.org as scoped_org with input as inp
}

test_allowed_tools_need_every_data_category if {
	o := json.patch(org, [{"op": "add", "path": "/tools/claude-code/data_categories", "value": ["source-code", "pii"]}])
	inp := {"manifest": {"present": true, "classification": "public", "data_categories": ["pii"]}}
	project.allowed_tools == {"claude-code"} with data.org as o with input as inp
}

controls_org := object.union(org, {"controls": {
	"review": {"title": "Review", "required_from": "internal"},
	"dast": {"title": "DAST", "required_from": "confidential", "applies_to_kinds": ["web-service"]},
}})

test_control_required_from_its_classification_on if {
	project.control_required("review") with data.org as controls_org with input as {"manifest": manifest("internal")}
	project.control_required("review") with data.org as controls_org with input as {"manifest": manifest("restricted")}
	not project.control_required("review") with data.org as controls_org with input as {"manifest": manifest("public")}
}

test_control_limited_to_kinds if {
	web := {"manifest": {"present": true, "classification": "confidential", "kind": "web-service"}}
	lib := {"manifest": {"present": true, "classification": "confidential", "kind": "library"}}
	project.control_required("dast") with data.org as controls_org with input as web
	not project.control_required("dast") with data.org as controls_org with input as lib
}

test_unknown_control_is_not_required if {
	not project.control_required("nope") with data.org as controls_org with input as {"manifest": manifest("restricted")}
}

test_switch_off_and_editor_files_do_not_show_use if {
	inp := {"assistants": [
		{"tool": "jetbrains-ai", "files": [{"path": ".noai", "kind": "settings"}]},
		{"tool": "zed", "files": [{"path": ".zed/settings.json", "kind": "settings"}]},
		{"tool": "claude-code", "files": [
			{"path": "docs/claude.md", "kind": "instructions", "case_variant": true},
			{"path": "CLAUDE.md", "kind": "instructions"},
		]},
		{"tool": "gemini", "files": [{"path": "Gemini.md", "kind": "instructions", "case_variant": true}]},
	]}
	project.assistants_in_use == {"claude-code"} with input as inp
	project.in_use == {{"tool": "claude-code", "files": [{"path": "CLAUDE.md", "kind": "instructions"}]}} with input as inp
}

test_configuration_in_example_trees_does_not_show_use if {
	inp := {"assistants": [
		{"tool": "cursor", "files": [{"path": "docs/cursor/.cursorrules", "kind": "rules"}]},
		{"tool": "claude-code", "files": [{"path": "tests/fixtures/repo/CLAUDE.md", "kind": "instructions"}]},
	]}
	project.assistants_in_use == set() with input as inp
}

test_readers_in_use_leave_out_shared_instructions if {
	inp := {"assistants": [
		{"tool": "agents-md", "files": [{"path": "AGENTS.md", "kind": "instructions"}]},
		{"tool": "codex", "files": [{"path": ".codex/config.toml", "kind": "settings"}]},
	]}
	project.readers_in_use == {"codex"} with input as inp
}

test_exclusion_by_tool_indexes_the_facts if {
	inp := {"context_exclusion": [{"tool": "cursor", "mechanism_files": [".cursorignore"], "sensitive": []}]}
	project.exclusion_by_tool.cursor.mechanism_files == [".cursorignore"] with input as inp
}
