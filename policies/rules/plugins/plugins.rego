# METADATA
# title: Plugins and marketplaces
# description: |
#   The assistant plugins a repository enables and the plugin marketplaces it adds
#   (`input.plugins`, from Claude Code's `enabledPlugins` and `extraKnownMarketplaces`),
#   against the organisation's allowlists (data.org.plugins). A plugin runs hooks and MCP
#   servers with the developer's rights and puts its skills in the agent's context, so
#   enabling one is installing code. A managed `strictKnownMarketplaces` list restricts
#   marketplaces: it is protection and is never reported.
package aipolicy.rules.plugins

import data.aipolicy.lib.findings

# METADATA
# title: Plugin not on the organisation's allowlist
# description: |
#   A settings file enables a plugin (`enabledPlugins`, `"name@marketplace": true` or a
#   list of versions) that no entry of `plugins.allowed_plugins` in the org data allows.
#   An entry `name@marketplace` allows that plugin from that marketplace; an entry without
#   `@` allows the plugin from any marketplace. Plugins set to `false` are not reported;
#   nothing is reported when the org data has no plugin allowlist.
# custom:
#   id: AIP150
#   severity: high
#   remediation: |
#     Remove the plugin from `enabledPlugins` (or set it to `false`), or ask the policy
#     owners to review it and add it to `plugins.allowed_plugins`.
#   risk: An unreviewed plugin runs its hooks and MCP servers with the developer's rights and steers the agent through its skills.
#   cwe: CWE-829
#   owasp: ["LLM03:2025", "ASI04:2026"]
#   evidence: "https://code.claude.com/docs/en/plugins/security and https://code.claude.com/docs/en/plugins/org (verified 2026-11-25)"
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	allowed := data.org.plugins.allowed_plugins
	some p in input.plugins.enabled_plugins
	p.enabled == true
	not _plugin_allowed(p, allowed)
	message := concat("", [p.path, " enables plugin ", p.id, ", which is not on the organisation's allowlist"])
	location := {"path": p.path, "line": p.line}
}

# METADATA
# title: Plugin marketplace not on the organisation's allowlist
# description: |
#   A settings file adds a marketplace (`extraKnownMarketplaces`) that no entry of
#   `plugins.allowed_marketplaces` in the org data names, either by the marketplace's name
#   or by its source (a GitHub `owner/repo`, or a git or marketplace URL; a GitHub URL and
#   its `owner/repo` are the same source, and a trailing `/` or `.git` is ignored).
#   Nothing is reported when the org data has no marketplace allowlist.
# custom:
#   id: AIP151
#   severity: high
#   remediation: |
#     Remove the marketplace from `extraKnownMarketplaces`, or ask the policy owners to
#     review it and add it to `plugins.allowed_marketplaces`. Organisations can enforce the
#     list on every machine with a managed `strictKnownMarketplaces`.
#   risk: Everyone who trusts the folder is offered plugins from a catalogue nobody reviewed, and its owner can change them at any time.
#   cwe: CWE-829
#   owasp: ["LLM03:2025", "ASI04:2026"]
#   evidence: "https://code.claude.com/docs/en/plugins/org and https://code.claude.com/docs/en/plugins/marketplace-reference (verified 2026-11-25)"
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	listed := data.org.plugins.allowed_marketplaces
	allowed := {_normalise(a) | some a in listed}
	some m in input.plugins.marketplaces
	count(_identities(m) & allowed) == 0
	message := concat("", [m.path, " adds plugin marketplace '", m.name, "' (", _describe(m.source), "), which is not on the organisation's allowlist"])
	location := {"path": m.path, "line": m.line}
}

# METADATA
# title: Plugin marketplace from a local path or an unencrypted URL
# description: |
#   A marketplace in `extraKnownMarketplaces` is read from a local directory or file
#   (`source: directory` or `file`), whose content is whatever is on each machine at that
#   path, or fetched over plain `http://` or `git://`, which anyone on the network path
#   can read and replace.
# custom:
#   id: AIP152
#   severity: medium
#   remediation: |
#     Publish the marketplace in a repository and add it by `github` repo or an `https://`
#     git URL, pinned with `ref`.
#   risk: The plugins offered can be swapped without a change to the repository, locally or in transit.
#   cwe: CWE-494
#   owasp: ["LLM03:2025", "ASI04:2026"]
#   evidence: "https://code.claude.com/docs/en/plugins/marketplace-reference (verified 2026-11-25)"
violations contains findings.finding(rego.metadata.rule(), message, location) if {
	some m in input.plugins.marketplaces
	reason := _unverifiable_source(m.source)
	message := concat("", [m.path, " adds plugin marketplace '", m.name, "' from ", reason])
	location := {"path": m.path, "line": m.line}
}

# --- Helpers -------------------------------------------------------------------------

_plugin_allowed(p, allowed) if {
	some a in allowed
	lower(a) == lower(p.id)
}

_plugin_allowed(p, allowed) if {
	some a in allowed
	not contains(a, "@")
	lower(a) == lower(p.name)
}

# Every name a marketplace can be allowed by: its own name and its source's repo and URL.
_identities(m) := {_normalise(x) | some x in array.concat([m.name], _source_names(m.source))}

_source_names(source) := [x |
	is_object(source)
	some key in ["repo", "url"]
	x := source[key]
	is_string(x)
]

# Lower case, without a trailing `/` or `.git`; a GitHub URL becomes its owner/repo.
_normalise(s) := trim_prefix(
	trim_prefix(
		trim_prefix(
			trim_prefix(trim_suffix(trim_suffix(lower(trim_space(s)), "/"), ".git"), "https://github.com/"),
			"http://github.com/",
		),
		"git@github.com:",
	),
	"github.com/",
)

_describe(source) := concat("", ["github ", source.repo]) if {
	is_string(source.repo)
} else := concat("", [source.type, " ", source.url]) if {
	is_string(source.url)
} else := concat("", [source.type, " ", source.path]) if {
	is_string(source.path)
} else := concat("", ["source ", source.type]) if {
	is_string(source.type)
} else := "no source"

_unverifiable_source(source) := concat("", ["a local ", source.type, " (", source.path, ")"]) if {
	source.type in {"directory", "file"}
	is_string(source.path)
} else := concat("", ["a local ", source.type]) if {
	source.type in {"directory", "file"}
} else := concat("", ["an unencrypted URL (", source.url, ")"]) if {
	is_string(source.url)
	some scheme in ["http://", "git://"]
	startswith(lower(source.url), scheme)
}
