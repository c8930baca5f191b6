package aipolicy.rules.plugins_test

import data.aipolicy.rules.plugins

org := {
	"default_classification": "internal",
	"classifications": [{"id": "internal", "ai_assistance": "allowed"}],
	"tools": {},
	"inventory": [],
	"plugins": {
		"allowed_plugins": ["commit-commands@claude-plugins-official", "formatter"],
		"allowed_marketplaces": ["claude-plugins-official", "anthropics/claude-code", "https://git.example.com/team/plugins.git"],
	},
}

plugin(id, overrides) := object.union(
	{
		"tool": "claude-code", "path": ".claude/settings.json", "scope": "project", "line": 4,
		"id": id, "name": split(id, "@")[0], "marketplace": null, "enabled": true, "versions": null,
	},
	overrides,
)

source(overrides) := object.union(
	{"type": "github", "repo": null, "url": null, "path": null, "ref": null, "package": null, "host_pattern": null},
	overrides,
)

marketplace(name, src) := {
	"tool": "claude-code", "path": ".claude/settings.json", "scope": "project", "line": 10,
	"name": name, "source": src, "auto_update": null,
}

facts(section) := {
	"manifest": {"present": true, "classification": "internal"},
	"repository": {"remote": null},
	"assistants": [],
	"plugins": object.union({"settings_files": [], "enabled_plugins": [], "marketplaces": [], "skills": []}, section),
}

found_with(section, o) := {[v.rule, v.location.path, v.location.line] |
	some v in plugins.violations with input as facts(section) with data.org as o
}

found(section) := found_with(section, org)

messages(section) := {v.message | some v in plugins.violations with input as facts(section) with data.org as org}

# AIP150

test_allowed_plugin_passes if {
	found({"enabled_plugins": [plugin("commit-commands@claude-plugins-official", {})]}) == set()
}

test_plugin_from_another_marketplace_is_reported if {
	found({"enabled_plugins": [plugin("commit-commands@elsewhere", {})]}) == {["AIP150", ".claude/settings.json", 4]}
	messages({"enabled_plugins": [plugin("commit-commands@elsewhere", {})]}) == {".claude/settings.json enables plugin commit-commands@elsewhere, which is not on the organisation's allowlist"}
}

test_entry_without_marketplace_allows_any_marketplace if {
	found({"enabled_plugins": [plugin("formatter@anywhere", {}), plugin("Formatter@other", {"name": "Formatter"})]}) == set()
}

test_plugin_with_versions_counts_as_enabled if {
	found({"enabled_plugins": [plugin("shell@evil", {"versions": ["1.0.0"], "line": 7})]}) == {["AIP150", ".claude/settings.json", 7]}
}

test_disabled_plugin_is_not_reported if {
	found({"enabled_plugins": [plugin("shell@evil", {"enabled": false}), plugin("other@evil", {"enabled": null})]}) == set()
}

test_no_plugin_allowlist_reports_nothing if {
	o := object.remove(org, ["plugins"])
	found_with({"enabled_plugins": [plugin("shell@evil", {})]}, o) == set()
}

# AIP151

test_marketplace_allowed_by_name if {
	found({"marketplaces": [marketplace("claude-plugins-official", source({"repo": "anthropics/claude-plugins-official"}))]}) == set()
}

test_marketplace_allowed_by_repo_or_url if {
	found({"marketplaces": [
		marketplace("team", source({"repo": "anthropics/claude-code"})),
		marketplace("team-git", source({"type": "git", "url": "https://github.com/Anthropics/claude-code.git"})),
		marketplace("internal", source({"type": "git", "url": "https://git.example.com/team/plugins"})),
	]}) == set()
}

test_unlisted_marketplace_is_reported if {
	m := marketplace("community", source({"repo": "someone/agent-plugins"}))
	found({"marketplaces": [m]}) == {["AIP151", ".claude/settings.json", 10]}
	messages({"marketplaces": [m]}) == {".claude/settings.json adds plugin marketplace 'community' (github someone/agent-plugins), which is not on the organisation's allowlist"}
}

test_similar_repo_is_not_allowed if {
	found({"marketplaces": [marketplace("x", source({"repo": "anthropics/claude-code-fork"}))]}) == {["AIP151", ".claude/settings.json", 10]}
}

test_marketplace_without_source_is_judged_by_name if {
	found({"marketplaces": [marketplace("claude-plugins-official", null)]}) == set()
	messages({"marketplaces": [marketplace("mystery", null)]}) == {".claude/settings.json adds plugin marketplace 'mystery' (no source), which is not on the organisation's allowlist"}
}

test_no_marketplace_allowlist_reports_nothing if {
	o := object.remove(org, ["plugins"])
	found_with({"marketplaces": [marketplace("community", source({"repo": "someone/agent-plugins"}))]}, o) == set()
}

# AIP152

test_local_directory_marketplace_is_reported if {
	m := marketplace("claude-plugins-official", source({"type": "directory", "path": "./tools/market"}))
	found({"marketplaces": [m]}) == {["AIP152", ".claude/settings.json", 10]}
	messages({"marketplaces": [m]}) == {".claude/settings.json adds plugin marketplace 'claude-plugins-official' from a local directory (./tools/market)"}
}

test_local_file_marketplace_is_reported if {
	m := marketplace("claude-plugins-official", source({"type": "file"}))
	messages({"marketplaces": [m]}) == {".claude/settings.json adds plugin marketplace 'claude-plugins-official' from a local file"}
}

test_plain_http_and_git_urls_are_reported if {
	found({"marketplaces": [
		marketplace("claude-plugins-official", source({"type": "url", "url": "HTTP://plugins.example.com/marketplace.json"})),
		marketplace("anthropics/claude-code", source({"type": "git", "url": "git://git.example.com/plugins.git"})),
	]}) == {["AIP152", ".claude/settings.json", 10]}
}

test_https_and_github_sources_pass if {
	found({"marketplaces": [
		marketplace("claude-plugins-official", source({"type": "url", "url": "https://plugins.example.com/marketplace.json"})),
		marketplace("claude-plugins-official", source({"repo": "anthropics/claude-plugins-official"})),
	]}) == set()
}

# strictKnownMarketplaces restricts; it is never a finding.

test_strict_known_marketplaces_is_not_reported if {
	found({"settings_files": [{
		"tool": "claude-code", "path": "managed-settings.json", "scope": "managed", "parse_error": false,
		"strict_known_marketplaces": {"line": 2, "entries": [{"line": 3, "source": source({"type": "directory", "path": "/opt/m"})}]},
	}]}) == set()
}
