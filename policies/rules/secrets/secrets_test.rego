package aipolicy.rules.secrets_test

import data.aipolicy.rules.secrets

org := {
	"default_classification": "internal",
	"classifications": [{"id": "internal", "ai_assistance": "allowed"}],
	"tools": {},
	"inventory": [],
}

clean_scan := {"files_scanned": 10, "files_too_large": 0, "records_capped": false, "files_over_budget": 0}

uses(tool, path) := {"tool": tool, "files": [{"path": path, "kind": "settings"}]}

# Facts with the given secret-file entries, assistants and context exclusion.
facts(files, assistants, exclusion) := {
	"manifest": {"present": false, "path": ".aipolicy.yaml"},
	"repository": {"remote": null},
	"assistants": assistants,
	"secrets": {"files": files, "content_scan": clean_scan},
	"context_exclusion": exclusion,
}

by_name(path, kind) := {"path": path, "kind": kind, "detected_by": "name"}

by_content(path, kind, line) := {"path": path, "kind": kind, "line": line, "detected_by": "content"}

# Claude Code's exclusion of each secret file (true: a Read deny rule covers it).
claude_exclusion(mechanism_files, excluded) := {
	"tool": "claude-code",
	"mechanism_files": mechanism_files,
	"sensitive": [{
		"path": path,
		"reason": "secret_file",
		"excluded": is_excluded,
		"excluded_by": by,
	} |
		some path, is_excluded in excluded
		by := _by(is_excluded)
	],
}

_by(true) := {"path": ".claude/settings.json", "line": 4}

_by(false) := null

found(inp) := {[v.rule, v.severity, v.location] | some v in secrets.violations with input as inp with data.org as org}

messages(inp) := {v.message | some v in secrets.violations with input as inp with data.org as org}

# --- AIP500 / AIP501: committed, no assistant can read it ---------------------------

test_token_found_by_content_is_a_high_finding_at_its_line if {
	inp := facts([by_content("scripts/deploy.sh", "github_token", 3)], [], [])
	found(inp) == {["AIP500", "high", {"path": "scripts/deploy.sh", "line": 3}]}
	messages(inp) == {"scripts/deploy.sh looks like it holds a credential (github_token by content)"}
}

test_env_file_by_name_is_a_medium_finding_on_the_whole_file if {
	inp := facts([by_name(".env", "env_file")], [], [])
	found(inp) == {["AIP501", "medium", {"path": ".env"}]}
	messages(inp) == {".env looks like a secret file (env_file by name)"}
}

test_one_finding_per_file_at_the_first_content_match if {
	inp := facts(
		[
			by_name(".env.staging", "env_file"),
			by_content(".env.staging", "aws_access_key_id", 2),
			by_content(".env.staging", "openai_api_key", 7),
		],
		[], [],
	)
	found(inp) == {["AIP500", "high", {"path": ".env.staging", "line": 2}]}
	messages(inp) == {".env.staging looks like it holds a credential (aws_access_key_id by content, env_file by name, openai_api_key by content)"}
}

test_rows_of_a_file_need_not_be_adjacent_in_the_facts if {
	inp := facts(
		[
			by_content("b.py", "github_token", 9),
			by_name(".env", "env_file"),
			by_content("b.py", "slack_token", 4),
		],
		[], [],
	)
	found(inp) == {["AIP500", "high", {"path": "b.py", "line": 4}], ["AIP501", "medium", {"path": ".env"}]}
}

test_name_rule_line_locates_the_finding if {
	inp := facts([{"path": ".npmrc", "kind": "npm_token", "line": 2, "detected_by": "name"}], [], [])
	found(inp) == {["AIP500", "high", {"path": ".npmrc", "line": 2}]}
}

test_credential_files_by_name_are_high if {
	kinds := ["private_key", "cloud_credentials", "npm_token", "netrc", "git_credentials"]
	inp := facts([by_name(k, k) | some k in kinds], [], [])
	found(inp) == {["AIP500", "high", {"path": k}] | some k in kinds}
}

test_files_that_may_hold_secrets_by_name_are_medium if {
	kinds := ["env_file", "key_file", "keystore", "pypi_credentials", "kubeconfig", "terraform_variables"]
	inp := facts([by_name(k, k) | some k in kinds], [], [])
	found(inp) == {["AIP501", "medium", {"path": k}] | some k in kinds}
}

test_no_secret_files_no_findings if {
	found(facts([], [uses("codex", ".codex/config.toml")], [])) == set()
}

# --- AIP502: an assistant in use can read it ------------------------------------------

test_secret_readable_by_claude_code_without_deny_rule_is_critical if {
	inp := facts(
		[by_name(".env", "env_file")],
		[uses("claude-code", "CLAUDE.md")],
		[claude_exclusion([], {".env": false})],
	)
	found(inp) == {["AIP502", "critical", {"path": ".env"}]}
	messages(inp) == {".env looks like it holds a secret (env_file by name) and is not excluded from the context of claude-code (no exclusion configured)"}
}

test_readable_credential_is_critical_instead_of_high if {
	inp := facts(
		[by_content("deploy/key.txt", "private_key", 2)],
		[uses("claude-code", ".claude/settings.json")],
		[claude_exclusion([".claude/settings.json"], {"deploy/key.txt": false})],
	)
	found(inp) == {["AIP502", "critical", {"path": "deploy/key.txt", "line": 2}]}
	messages(inp) == {"deploy/key.txt looks like it holds a secret (private_key by content) and is not excluded from the context of claude-code (not excluded by .claude/settings.json)"}
}

test_deny_rule_is_protection_not_a_finding if {
	inp := facts(
		[by_name(".env", "env_file")],
		[uses("claude-code", ".claude/settings.json")],
		[claude_exclusion([".claude/settings.json"], {".env": true})],
	)
	found(inp) == {["AIP501", "medium", {"path": ".env"}]}
}

test_assistant_without_exclusion_mechanism_can_read_every_secret if {
	inp := facts([by_name(".env", "env_file")], [uses("codex", ".codex/config.toml")], [])
	found(inp) == {["AIP502", "critical", {"path": ".env"}]}
	messages(inp) == {".env looks like it holds a secret (env_file by name) and is not excluded from the context of codex (it has no exclusion mechanism)"}
}

test_every_assistant_that_can_read_it_is_named if {
	inp := facts(
		[by_name(".env", "env_file")],
		[uses("claude-code", ".claude/settings.json"), uses("copilot", ".github/copilot-instructions.md")],
		[claude_exclusion([".claude/settings.json"], {".env": true})],
	)
	messages(inp) == {".env looks like it holds a secret (env_file by name) and is not excluded from the context of copilot (it has no exclusion mechanism)"}
}

test_agents_md_is_not_an_assistant_that_reads_files if {
	inp := facts([by_name(".env", "env_file")], [uses("agents-md", "AGENTS.md")], [])
	found(inp) == {["AIP501", "medium", {"path": ".env"}]}
}

test_assistant_seen_only_through_a_case_variant_is_not_in_use if {
	variant := {"tool": "codex", "files": [{"path": "agents.override.md", "kind": "instructions", "case_variant": true}]}
	inp := facts([by_name(".env", "env_file")], [variant], [])
	found(inp) == {["AIP501", "medium", {"path": ".env"}]}
}

# --- AIP503: content scan incomplete ---------------------------------------------------

scan_facts(scan) := object.union(facts([], [], []), {"secrets": {"files": [], "content_scan": scan}})

test_scan_over_budget_is_reported_as_info if {
	inp := scan_facts(object.union(clean_scan, {"files_over_budget": 25}))
	found(inp) == {["AIP503", "info", {"path": "."}]}
	messages(inp) == {"The secret content scan is incomplete: 25 text files were not searched (file budget used up)"}
}

test_record_cap_is_reported_as_info if {
	inp := scan_facts(object.union(clean_scan, {"records_capped": true}))
	found(inp) == {["AIP503", "info", {"path": "."}]}
}

test_complete_scan_is_not_reported if {
	found(scan_facts(clean_scan)) == set()
	found(scan_facts(object.union(clean_scan, {"files_too_large": 3}))) == set()
}

test_placeholder_only_file_is_info_not_a_secret if {
	inp := {
		"secrets": {
			"files": [
				{"path": "src/example.py", "kind": "aws_access_key_id", "detected_by": "content", "line": 2, "placeholder": true},
				{"path": "src/example.py", "kind": "github_token", "detected_by": "content", "line": 3, "placeholder": true},
			],
			"content_scan": {"files_scanned": 1, "files_too_large": 0, "records_capped": false, "files_over_budget": 0},
		},
		"assistants": [],
	}
	vs := secrets.violations with input as inp
	{[v.rule, v.severity, v.location.line, v.message] | some v in vs} == {[
		"AIP504", "info", 2,
		"src/example.py holds placeholder credential-like text (aws_access_key_id, github_token)",
	]}
}

test_a_real_match_beside_a_placeholder_is_judged_as_a_secret if {
	inp := {
		"secrets": {
			"files": [
				{"path": "src/s.py", "kind": "aws_access_key_id", "detected_by": "content", "line": 3},
				{"path": "src/s.py", "kind": "github_token", "detected_by": "content", "line": 5, "placeholder": true},
			],
			"content_scan": {"files_scanned": 1, "files_too_large": 0, "records_capped": false, "files_over_budget": 0},
		},
		"assistants": [],
	}
	{v.rule | some v in secrets.violations with input as inp} == {"AIP500"}
}
