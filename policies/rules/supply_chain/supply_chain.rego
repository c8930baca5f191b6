# METADATA
# title: Supply chain
# description: |
#   Package-index settings that open the door to dependency confusion, the
#   organisation's internal package names that a public index could serve, and
#   dependency hygiene (lockfiles, pinned versions, git and URL sources) where the
#   org data requires the `dependency_hygiene` control. AI assistants add and
#   install dependencies on their own, so these settings decide what they pull in.
package aipolicy.rules.supply_chain

import data.aipolicy.lib.findings
import data.aipolicy.lib.project

_deps := object.get(input, "dependencies", {})

_manifests := object.get(_deps, "manifests", [])

_index_config := object.get(_deps, "index_config", [])

# --- paths -------------------------------------------------------------------------

_basename(path) := parts[count(parts) - 1] if {
	parts := split(path, "/")
}

# Directory of a path, "" for the repository root.
_dirname(path) := concat("/", array.slice(parts, 0, count(parts) - 1)) if {
	parts := split(path, "/")
}

# Directory `dir` is `ancestor` or below it ("" is the root, above everything).
_within(_, ancestor) if ancestor == ""

_within(dir, ancestor) if dir == ancestor

_within(dir, ancestor) if startswith(dir, concat("", [ancestor, "/"]))

# pip never reads pyproject.toml or uv.toml: index settings there are uv's.
_uv_config_file(path) if _basename(path) in {"uv.toml", "pyproject.toml"}

_requirements_paths := {m.path | some m in _manifests; m.format == "requirements"}

# --- public indexes ----------------------------------------------------------------

_public_pypi(value) if regex.match(`^https?://([a-z0-9-]+\.)?(pypi\.org|pythonhosted\.org)(:[0-9]+)?(/|$)`, lower(value))

_public_npm(value) if regex.match(`^https?://registry\.(npmjs\.org|npmjs\.com|yarnpkg\.com)(:[0-9]+)?(/|$)`, lower(value))

# Poetry's own name for PyPI, used as a source without a url.
_pypi_source(s) if lower(object.get(s, "name", "")) == "pypi"

_pypi_source(s) if _public_pypi(s.value)

_remote(value) if startswith(lower(value), "http://")

_remote(value) if startswith(lower(value), "https://")

# --- internal package names --------------------------------------------------------

_prefixes(ecosystem) := object.get(object.get(data.org, "internal_package_prefixes", {}), ecosystem, [])

# PyPI names compare after PEP 503 normalisation (case, and runs of - _ . alike).
_normalise("pypi", name) := replace(replace(replace(replace(lower(name), "_", "-"), ".", "-"), "--", "-"), "--", "-")

_normalise(ecosystem, name) := lower(name) if ecosystem != "pypi"

_internal_name(ecosystem, name) if {
	some prefix in _prefixes(ecosystem)
	startswith(_normalise(ecosystem, name), _normalise(ecosystem, prefix))
}

# Dependencies of a manifest that carry an internal name and come from a package index.
_internal_deps(m) := [d |
	some d in m.dependencies
	d.source == "registry"
	_internal_name(m.ecosystem, d.name)
]

# "example-corp-a" or "example-corp-a and 2 more", for messages.
_names(ds) := ds[0].name if count(ds) == 1

_names(ds) := concat("", [ds[0].name, " and ", format_int(count(ds) - 1, 10), " more"]) if count(ds) > 1

_count(1, one, _) := concat(" ", ["1", one])

_count(n, _, many) := concat(" ", [format_int(n, 10), many]) if n != 1

_at(s) := concat("", [s.path, " line ", format_int(s.line, 10)])

# --- pip-style extra sources -------------------------------------------------------

# An index pip consults on equal terms with the main one: --extra-index-url, or a
# remote --find-links page.
_pip_extra_source(s) if {
	s.ecosystem == "pypi"
	s.kind == "extra_index_url"
	not _uv_config_file(s.path)
}

_pip_extra_source(s) if {
	s.ecosystem == "pypi"
	s.kind == "find_links"
	_remote(s.value)
	not _uv_config_file(s.path)
}

# A pip setting applies to a manifest when it is in that requirements file, or in a
# file that is not a requirements file (pip.conf, a CI file, a Dockerfile).
_applies_to(s, m) if s.path == m.path

_applies_to(s, _) if not s.path in _requirements_paths

_unsafe_strategies := {"unsafe-first-match", "unsafe-best-match"}

_unsafe_strategy(s) if {
	s.kind == "uv_index_strategy"
	s.value in _unsafe_strategies
}

# A uv strategy applies to a project in the same directory, and everywhere when set
# outside uv's own files (UV_INDEX_STRATEGY in a CI file or Dockerfile).
_strategy_applies_to(s, m) if {
	_uv_config_file(s.path)
	_dirname(s.path) == _dirname(m.path)
}

_strategy_applies_to(s, _) if not _uv_config_file(s.path)

# An index uv considers besides the default one for every package.
_uv_extra_index(s) if {
	s.kind == "uv_index"
	not s.explicit == true
	not s.default == true
}

_uv_extra_index(s) if {
	s.ecosystem == "pypi"
	s.kind == "extra_index_url"
}

# A Python package index other than public PyPI is configured somewhere.
_internal_pypi_index_kinds := {"index_url", "extra_index_url", "find_links", "poetry_source", "pipenv_source", "uv_index"}

_internal_pypi_index if {
	some s in _index_config
	s.ecosystem == "pypi"
	s.kind in _internal_pypi_index_kinds
	s.value != ""
	not _pypi_source(s)
}

# --- Poetry sources ----------------------------------------------------------------

# Poetry: a source without priority is primary; "default" (1.5-1.8) and the legacy
# `default = true` also replace PyPI. "secondary" is the legacy lower priority.
_poetry_primary(s) if s.priority == null

_poetry_primary(s) if s.priority in {"primary", "default"}

_poetry_lower(s) if s.priority in {"supplemental", "secondary"}

_poetry_sources(path) := [s | some s in _index_config; s.kind == "poetry_source"; s.path == path]

# PyPI is searched before supplemental sources: implicitly when no primary source
# exists, or because it is declared as a primary source itself.
_pypi_outranks_supplemental(sources) if count([s | some s in sources; _poetry_primary(s)]) == 0

_pypi_outranks_supplemental(sources) if {
	some s in sources
	_poetry_primary(s)
	_pypi_source(s)
}

# --- npm registries ----------------------------------------------------------------

_npm_scope(name) := split(name, "/")[0] if startswith(name, "@")

_npm_scope(name) := "" if not startswith(name, "@")

_scope_mapped(scope) if {
	scope != ""
	some s in _index_config
	s.kind in {"npm_scope_registry", "yarn_scope"}
	is_string(s.scope)
	trim_prefix(s.scope, "@") == trim_prefix(scope, "@")
}

_default_registry_kinds := {"npm_registry", "yarn_registry"}

# Every package goes to a registry of the organisation's: a default registry is set,
# and none of the default registries is the public one.
_internal_default_registry if {
	some s in _index_config
	s.kind in _default_registry_kinds
	not _public_npm(s.value)
	count([t | some t in _index_config; t.kind in _default_registry_kinds; _public_npm(t.value)]) == 0
}

# --- lockfiles and pinning ---------------------------------------------------------

# Manifest formats that have a lockfile of their own, with the lockfiles that count.
_lockfiles := {
	"package.json": "package-lock.json, npm-shrinkwrap.json, yarn.lock, pnpm-lock.yaml or bun.lock",
	"pyproject.toml": "poetry.lock, uv.lock or pdm.lock",
	"Pipfile": "Pipfile.lock",
	"go.mod": "go.sum",
	"Cargo.toml": "Cargo.lock",
	"Gemfile": "Gemfile.lock",
}

# Workspaces keep one lockfile at their root: an npm or Cargo manifest below a
# manifest of the same format with a lockfile, or a pyproject.toml below a uv.lock.
_workspace_lockfile(m) if {
	m.format in {"package.json", "Cargo.toml"}
	some a in _manifests
	a.format == m.format
	a.path != m.path
	a.lockfile != null
	_within(_dirname(m.path), _dirname(a.path))
}

_workspace_lockfile(m) if {
	m.format == "pyproject.toml"
	not _poetry_project(m)
	some a in _manifests
	a.format == m.format
	a.path != m.path
	is_string(a.lockfile)
	_basename(a.lockfile) == "uv.lock"
	_within(_dirname(m.path), _dirname(a.path))
}

# Poetry has no workspaces: a Poetry project needs its own poetry.lock.
_poetry_project(m) if {
	some d in m.dependencies
	startswith(object.get(d, "section", ""), "tool.poetry.")
}

_poetry_project(m) if count(_poetry_sources(m.path)) > 0

_locked(m) if m.lockfile != null

_locked(m) if _workspace_lockfile(m)

# Declared dependencies a lockfile would fix (build requirements are never locked).
_lockable_deps(m) := [d | some d in m.dependencies; d.section != "build-system.requires"]

# Formats whose versions are the only pin there is (no lockfile of their own).
_pin_only_formats := {"requirements", "setup.cfg", "pom.xml", "build.gradle", "build.gradle.kts"}

# pip-tools input (requirements.in) compiled into a requirements.txt beside it.
_compiled_input(m) if {
	endswith(m.path, ".in")
	concat("", [trim_suffix(m.path, ".in"), ".txt"]) in _requirements_paths
}

# A library's setup.cfg declares ranges on purpose; its users pin.
_ranges_expected(m) if {
	m.format == "setup.cfg"
	project.kind == "library"
}

_unpinned(m) := [d | some d in m.dependencies; d.source == "registry"; not d.pinned]

_describe(d) := concat("", [d.name, " ", d.spec]) if d.spec != ""

_describe(d) := concat("", [d.name, " (no version)"]) if d.spec == ""

# ===================================================================================
# Package indexes
# ===================================================================================

# METADATA
# title: pip extra package index
# description: |
#   pip treats `--extra-index-url` (and a remote `--find-links` page) as equal to the
#   main index and installs the highest version found on any of them. Anyone who
#   publishes a package of the same name on the other index with a higher version
#   wins: dependency confusion (CVE-2018-20225; the pip docs call the option unsafe).
#   Settings in uv's own files are not pip's and are judged by the uv rules.
# custom:
#   id: AIP400
#   severity: high
#   cwe: [CWE-427, CWE-1357]
#   owasp: [LLM03:2025, ASI04:2026]
#   evidence:
#     - https://pip.pypa.io/en/stable/cli/pip_install/ (verified 2026-11-25)
#     - https://nvd.nist.gov/vuln/detail/CVE-2018-20225 (not verified)
#   remediation: |
#     Use a single `--index-url` that serves both internal and public packages (a
#     proxying repository such as Artifactory, Nexus or devpi), or move to uv or
#     Poetry and bind internal packages to their index.
#   risk: A package published on a public index replaces an internal one (dependency confusion).
violations contains findings.finding(rego.metadata.rule(), message, {"path": s.path, "line": s.line}) if {
	some s in _index_config
	_pip_extra_source(s)
	option := {"extra_index_url": "--extra-index-url", "find_links": "--find-links"}[s.kind]
	message := concat("", [
		"pip ", option, " ", s.value, " in ", s.path,
		" is searched on equal terms with the main index, so a public package can shadow a private one",
	])
}

# METADATA
# title: pip trusted host
# description: |
#   `--trusted-host` (or `trusted-host` in pip.conf, `PIP_TRUSTED_HOST`) makes pip
#   accept that host over plain HTTP or with an invalid certificate, so anyone on the
#   network path can serve modified packages.
# custom:
#   id: AIP401
#   severity: medium
#   cwe: [CWE-295, CWE-319]
#   owasp: [LLM03:2025, ASI04:2026]
#   evidence:
#     - https://pip.pypa.io/en/stable/cli/pip_install/ (verified 2026-11-25)
#   remediation: |
#     Remove the trusted-host setting and serve the index over HTTPS with a valid
#     certificate (add the organisation's CA with `--cert` or PIP_CERT if needed).
#   risk: Packages tampered with in transit (TLS verification off).
violations contains findings.finding(rego.metadata.rule(), message, {"path": s.path, "line": s.line}) if {
	some s in _index_config
	s.ecosystem == "pypi"
	s.kind == "trusted_host"
	message := concat("", ["pip trusts host ", s.value, " without TLS verification (trusted-host in ", s.path, ")"])
}

# METADATA
# title: Unsafe uv index strategy
# description: |
#   uv's default `first-index` strategy takes each package from the first index that
#   has it, which guards against dependency confusion. `unsafe-first-match` and
#   `unsafe-best-match` look at every index, like pip, and the uv docs warn that this
#   exposes the project to dependency confusion.
# custom:
#   id: AIP402
#   severity: high
#   cwe: [CWE-427]
#   owasp: [LLM03:2025, ASI04:2026]
#   evidence:
#     - https://docs.rs/uv-configuration/0.0.8/uv_configuration/enum.IndexStrategy.html (verified 2026-11-25)
#   remediation: |
#     Remove `index-strategy` (or UV_INDEX_STRATEGY) to use the default `first-index`;
#     pin packages that must come from a given index with `[tool.uv.sources]` and an
#     `explicit = true` index.
#   risk: A package published on a public index replaces an internal one (dependency confusion).
violations contains findings.finding(rego.metadata.rule(), message, {"path": s.path, "line": s.line}) if {
	some s in _index_config
	_unsafe_strategy(s)
	message := concat("", ["uv index strategy ", s.value, " in ", s.path, " lets every index compete for every package"])
}

# METADATA
# title: Package index over plain HTTP
# description: |
#   A package index or registry is configured with an http:// URL, so packages and
#   their metadata travel unauthenticated and can be modified in transit
#   (localhost is not reported).
# custom:
#   id: AIP403
#   severity: medium
#   cwe: [CWE-319, CWE-494]
#   owasp: [LLM03:2025, ASI04:2026]
#   evidence:
#     - https://pip.pypa.io/en/stable/cli/pip_install/ (verified 2026-11-25)
#   remediation: Use the index's https:// URL.
#   risk: Packages tampered with in transit.
violations contains findings.finding(rego.metadata.rule(), message, {"path": s.path, "line": s.line}) if {
	some s in _index_config
	s.kind != "uv_index_strategy"
	s.kind != "trusted_host"
	startswith(lower(s.value), "http://")
	host := lower(substring(s.value, 7, -1))
	not regex.match(`^(localhost|127\.[0-9.]+|\[::1\])([:/]|$)`, host)
	message := concat("", ["package index ", s.value, " in ", s.path, " is fetched over plain HTTP"])
}

# ===================================================================================
# Internal package names that a public index could serve
# ===================================================================================

# METADATA
# title: Poetry source order lets PyPI shadow internal packages
# description: |
#   Poetry searches primary sources (or the implicit PyPI when no primary source is
#   configured) before supplemental ones, and searches every primary source together.
#   An internal index declared `supplemental` (or legacy `secondary`) below PyPI, or
#   next to PyPI as a primary source, lets a package published on PyPI under an
#   internal name win. `explicit` sources and a primary internal source without PyPI
#   are not reported.
# custom:
#   id: AIP404
#   severity: high
#   cwe: [CWE-427]
#   owasp: [LLM03:2025, ASI04:2026]
#   evidence:
#     - https://python-poetry.org/docs/repositories/ (verified 2026-11-25)
#   remediation: |
#     Make the internal source `priority = "explicit"` and bind each internal package
#     to it (`example-corp-x = { version = "...", source = "corp" }`), or make it the
#     only primary source (it then replaces PyPI and should proxy it).
#   risk: A package published on PyPI replaces an internal one (dependency confusion).
violations contains findings.finding(rego.metadata.rule(), x.message, x.location) if {
	some x in _poetry_shadowing
}

# An internal source ranked below PyPI.
_poetry_shadowing contains {"message": message, "location": {"path": s.path, "line": s.line}} if {
	some m in _manifests
	m.format == "pyproject.toml"
	internal := _internal_deps(m)
	count(internal) > 0
	sources := _poetry_sources(m.path)
	_pypi_outranks_supplemental(sources)
	some s in sources
	_poetry_lower(s)
	not _pypi_source(s)
	message := concat("", [
		"Poetry source '", _label(s), "' is ", s.priority, ", so PyPI is searched before it for ",
		_names(internal), " in ", m.path,
	])
}

# An internal source next to PyPI among the primary sources, which are searched together.
_poetry_shadowing contains {"message": message, "location": {"path": s.path, "line": s.line}} if {
	some m in _manifests
	m.format == "pyproject.toml"
	internal := _internal_deps(m)
	count(internal) > 0
	sources := _poetry_sources(m.path)
	some pypi in sources
	_poetry_primary(pypi)
	_pypi_source(pypi)
	some s in sources
	_poetry_primary(s)
	not _pypi_source(s)
	message := concat("", [
		"Poetry searches primary source '", _label(s), "' together with primary source '", _label(pypi),
		"' (PyPI), so PyPI can supply ", _names(internal), " in ", m.path,
	])
}

_label(s) := s.name if is_string(s.name)

_label(s) := s.value if not is_string(s.name)

# METADATA
# title: Internal Python package resolvable from a public index
# description: |
#   A dependency named with one of the organisation's internal PyPI prefixes would be
#   looked up on a public index: pip consults an extra index on equal terms, uv is set
#   to an unsafe index strategy with more than one index, or the repository
#   configures no internal index at all (it then resolves from PyPI unless every
#   machine that installs it is configured otherwise).
# custom:
#   id: AIP405
#   severity: high
#   cwe: [CWE-427]
#   owasp: [LLM03:2025, ASI04:2026]
#   evidence:
#     - https://pip.pypa.io/en/stable/cli/pip_install/ (verified 2026-11-25)
#     - https://docs.rs/uv-configuration/0.0.8/uv_configuration/enum.IndexStrategy.html (verified 2026-11-25)
#     - https://python-poetry.org/docs/repositories/ (verified 2026-11-25)
#   remediation: |
#     Install internal packages from a single internal index that proxies PyPI
#     (`--index-url`), or bind them to their index (uv `[tool.uv.sources]`, Poetry
#     `source = ...` with an explicit source), and reserve the names on PyPI.
#   risk: A package published on PyPI under an internal name is installed instead (dependency confusion).
violations contains findings.finding(rego.metadata.rule(), x.message, {"path": x.manifest.path, "line": x.internal[0].line}) if {
	some x in _pypi_exposure
}

# Internal names of each Python manifest, with why a public index could serve them.
_pypi_internal contains {"manifest": m, "internal": internal} if {
	some m in _manifests
	m.ecosystem == "pypi"
	internal := _internal_deps(m)
	count(internal) > 0
}

# pip consults an extra index; one in the requirements file itself is named first.
_pypi_exposure contains object.union(x, {"message": message}) if {
	some x in _pypi_internal
	m := x.manifest
	own := [s | some s in _index_config; _pip_extra_source(s); s.path == m.path]
	others := [s | some s in _index_config; _pip_extra_source(s); s.path != m.path; _applies_to(s, m)]
	extras := array.concat(own, others)
	count(extras) > 0
	message := concat("", [
		_names(x.internal), " in ", m.path, " can be taken from a public index: pip searches the extra index ",
		extras[0].value, " (", _at(extras[0]), ") on equal terms",
	])
}

# uv runs with an unsafe index strategy and more than one index.
_pypi_exposure contains object.union(x, {"message": message}) if {
	some x in _pypi_internal
	strategies := [s | some s in _index_config; _unsafe_strategy(s); _strategy_applies_to(s, x.manifest)]
	count(strategies) > 0
	count([s | some s in _index_config; _uv_extra_index(s)]) > 0
	message := concat("", [
		_names(x.internal), " in ", x.manifest.path, " can be taken from a public index: uv index strategy ",
		strategies[0].value, " (", _at(strategies[0]), ") lets every index compete",
	])
}

# No internal index at all: the names go to public PyPI.
_pypi_exposure contains object.union(x, {"message": message}) if {
	some x in _pypi_internal
	not _internal_pypi_index
	message := concat("", [
		_names(x.internal), " in ", x.manifest.path,
		" resolves from public PyPI: the repository configures no internal package index",
	])
}

# METADATA
# title: Internal npm package resolvable from the public registry
# description: |
#   A dependency named with one of the organisation's internal npm prefixes has no
#   registry mapping: its scope is not mapped in .npmrc (`@scope:registry=`) or
#   .yarnrc(.yml) (`npmScopes`), and the default registry is not an internal one, so
#   npm and Yarn fetch it from the public registry, where anyone can publish the name.
# custom:
#   id: AIP406
#   severity: high
#   cwe: [CWE-427]
#   owasp: [LLM03:2025, ASI04:2026]
#   evidence:
#     - https://docs.npmjs.com/cli/using-npm/scope (not verified)
#   remediation: |
#     Map the scope to the internal registry in the committed .npmrc
#     (`@example-corp:registry=https://npm.example.com/`) or .yarnrc.yml (`npmScopes`),
#     and own the scope on the public registry.
#   risk: A package published on the public registry under an internal name is installed (dependency confusion).
violations contains findings.finding(rego.metadata.rule(), message, {"path": m.path, "line": ds[0].line}) if {
	not _internal_default_registry
	some m in _manifests
	m.ecosystem == "npm"
	internal := _internal_deps(m)
	some scope in {_npm_scope(d.name) | some d in internal}
	not _scope_mapped(scope)
	ds := [d | some d in internal; _npm_scope(d.name) == scope]
	message := _npm_message(ds, scope, m.path)
}

_npm_message(ds, scope, path) := concat("", [
	_names(ds), " in ", path, " resolves from the public npm registry: scope ", scope,
	" has no registry mapping",
]) if scope != ""

_npm_message(ds, "", path) := concat("", [
	_names(ds), " in ", path, " resolves from the public npm registry: no internal registry is configured",
])

# ===================================================================================
# Dependency hygiene (where the org data requires the dependency_hygiene control)
# ===================================================================================

# METADATA
# title: Manifest without a lockfile
# description: |
#   A manifest declares dependencies but no lockfile sits beside it (nor, for npm,
#   Cargo and uv workspaces, at the workspace root), so every install resolves
#   versions afresh and may pull a version nobody reviewed.
# custom:
#   id: AIP407
#   severity: medium
#   cwe: [CWE-1357, CWE-494]
#   owasp: [LLM03:2025, ASI04:2026]
#   evidence:
#     - https://pip.pypa.io/en/stable/cli/pip_install/ (verified 2026-11-25)
#   remediation: |
#     Generate and commit the lockfile (npm install, poetry lock, uv lock, pipenv
#     lock, go mod tidy, cargo generate-lockfile, bundle lock) and install from it in CI.
#   risk: Unreviewed or malicious new versions installed silently.
violations contains findings.finding(rego.metadata.rule(), message, {"path": m.path}) if {
	project.control_required("dependency_hygiene")
	some m in _manifests
	expected := _lockfiles[m.format]
	n := count(_lockable_deps(m))
	n > 0
	not _locked(m)
	message := concat("", [m.path, " declares ", _count(n, "dependency", "dependencies"), " but has no lockfile (", expected, ")"])
}

# METADATA
# title: Unpinned dependencies
# description: |
#   A requirements file, setup.cfg or Maven/Gradle build (which have no lockfile of
#   their own) declares dependencies without an exact version. Reported once per
#   manifest, at the first unpinned dependency, with the count.
# custom:
#   id: AIP408
#   severity: low
#   cwe: [CWE-1357, CWE-494]
#   owasp: [LLM03:2025, ASI04:2026]
#   evidence:
#     - https://pip.pypa.io/en/stable/cli/pip_install/ (verified 2026-11-25)
#   remediation: |
#     Pin exact versions (`==` with `--hash` for pip, compiled with pip-compile or
#     `uv pip compile`; fixed versions for Maven/Gradle, or Gradle dependency locking).
#   risk: Unreviewed or malicious new versions installed silently.
violations contains findings.finding(rego.metadata.rule(), message, {"path": m.path, "line": unpinned[0].line}) if {
	project.control_required("dependency_hygiene")
	some m in _manifests
	m.format in _pin_only_formats
	not _compiled_input(m)
	not _ranges_expected(m)
	unpinned := _unpinned(m)
	count(unpinned) > 0
	message := concat("", [
		m.path, " has ", _count(count(unpinned), "unpinned dependency", "unpinned dependencies"), ", the first ",
		_describe(unpinned[0]),
	])
}

# METADATA
# title: Dependency from a git branch or unhashed URL
# description: |
#   A dependency is fetched from a git repository by branch or tag, or from an archive
#   URL without a hash, and no lockfile fixes what was fetched: the code installed can
#   change at any time without a change in this repository. Git sources fixed to a
#   commit and lockfile-backed manifests are not reported.
# custom:
#   id: AIP409
#   severity: medium
#   cwe: [CWE-494, CWE-829]
#   owasp: [LLM03:2025, ASI04:2026]
#   evidence:
#     - https://pip.pypa.io/en/stable/cli/pip_install/ (verified 2026-11-25)
#   remediation: |
#     Publish the package to the internal index and depend on a version, or pin the
#     git source to a full commit SHA (URL sources with `--hash`), or commit a lockfile.
#   risk: Code installed from an unreviewed, mutable source.
violations contains findings.finding(rego.metadata.rule(), message, {"path": m.path, "line": d.line}) if {
	project.control_required("dependency_hygiene")
	some m in _manifests
	not _locked(m)
	some d in m.dependencies
	d.source in {"git", "url"}
	not d.pinned
	message := _source_message(d, m.path)
}

_source_message(d, path) := concat("", [d.name, " in ", path, " comes from git ", d.spec, ", not fixed to a commit"]) if {
	d.source == "git"
}

_source_message(d, path) := concat("", [d.name, " in ", path, " is downloaded from ", d.spec, " without a hash"]) if {
	d.source == "url"
}
