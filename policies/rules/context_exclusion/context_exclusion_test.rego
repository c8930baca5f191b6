package aipolicy.rules.context_exclusion_test

import data.aipolicy.rules.context_exclusion

org := {
	"default_classification": "internal",
	"classifications": [{"id": "internal", "ai_assistance": "allowed"}],
	"tools": {},
	"inventory": [],
}

uses(tool, path) := {"tool": tool, "files": [{"path": path, "kind": "settings"}]}

manifest(data_paths) := {
	"present": true,
	"path": ".aipolicy.yaml",
	"classification": "internal",
	"data_categories": ["customer-pii"],
	"data_paths": data_paths,
	"lines": {"data_categories": 4, "data_paths": 6, "data_paths.customer-pii": 7},
}

facts(data_paths, assistants, exclusion) := {
	"manifest": manifest(data_paths),
	"repository": {"remote": null},
	"assistants": assistants,
	"context_exclusion": exclusion,
}

# One tool's exclusion of data/customers/ (customer-pii).
exclusion(tool, mechanism_files, excluded) := {
	"tool": tool,
	"mechanism_files": mechanism_files,
	"sensitive": [{
		"path": "data/customers/",
		"reason": "data_category:customer-pii",
		"excluded": excluded,
		"excluded_by": _by(excluded, mechanism_files),
	}],
}

_by(true, files) := {"path": files[0], "line": 3}

_by(false, _) := null

customers := {"customer-pii": ["data/customers/"]}

found(inp) := {[v.rule, v.severity, v.location, v.message] |
	some v in context_exclusion.violations with input as inp with data.org as org
}

test_data_path_readable_by_claude_code_is_reported_at_the_manifest if {
	inp := facts(customers, [uses("claude-code", "CLAUDE.md")], [exclusion("claude-code", [], false)])
	found(inp) == {[
		"AIP520", "high", {"path": ".aipolicy.yaml", "line": 7},
		"Data path 'data/customers/' (customer-pii) is not excluded from the context of claude-code (no exclusion configured)",
	]}
}

test_ignore_file_that_misses_the_path_is_named if {
	inp := facts(customers, [uses("gemini", ".geminiignore")], [exclusion("gemini", [".geminiignore"], false)])
	[[_, _, _, message]] := [f | some f in found(inp)]
	message == "Data path 'data/customers/' (customer-pii) is not excluded from the context of gemini (not excluded by .geminiignore)"
}

test_excluded_everywhere_is_protection_not_a_finding if {
	inp := facts(
		customers,
		[uses("claude-code", ".claude/settings.json"), uses("cursor", ".cursorignore")],
		[exclusion("claude-code", [".claude/settings.json"], true), exclusion("cursor", [".cursorignore"], true)],
	)
	found(inp) == set()
}

test_one_finding_per_path_names_every_assistant_that_can_read_it if {
	inp := facts(
		customers,
		[uses("claude-code", ".claude/settings.json"), uses("codex", ".codex/config.toml"), uses("cursor", ".cursorignore")],
		[exclusion("claude-code", [".claude/settings.json"], true), exclusion("cursor", [".cursorignore"], false)],
	)
	[[_, _, _, message]] := [f | some f in found(inp)]
	message == "Data path 'data/customers/' (customer-pii) is not excluded from the context of codex (it has no exclusion mechanism), cursor (not excluded by .cursorignore)"
}

test_assistant_without_exclusion_mechanism_reads_every_data_path if {
	paths := {"customer-pii": ["data/customers/", "exports/*.csv"]}
	inp := facts(paths, [uses("copilot", ".github/copilot-instructions.md")], [])
	{f[3] | some f in found(inp)} == {
		"Data path 'data/customers/' (customer-pii) is not excluded from the context of copilot (it has no exclusion mechanism)",
		"Data path 'exports/*.csv' (customer-pii) is not excluded from the context of copilot (it has no exclusion mechanism)",
	}
}

test_no_assistant_in_use_no_finding if {
	found(facts(customers, [], [])) == set()
	found(facts(customers, [uses("agents-md", "AGENTS.md")], [])) == set()
}

test_negations_and_blank_patterns_are_not_data_paths if {
	found(facts({"customer-pii": ["!data/customers/public/", "  "]}, [uses("codex", ".codex/config.toml")], [])) == set()
}

test_without_manifest_there_are_no_data_paths if {
	inp := object.union(facts(customers, [uses("codex", ".codex/config.toml")], []), {"manifest": {"present": false, "path": ".aipolicy.yaml"}})
	found(inp) == set()
}

test_location_falls_back_to_the_data_paths_line if {
	paths := {"pii": ["db/*.sqlite"]}
	inp := facts(paths, [uses("codex", ".codex/config.toml")], [])
	{f[2] | some f in found(inp)} == {{"path": ".aipolicy.yaml", "line": 6}}
}
