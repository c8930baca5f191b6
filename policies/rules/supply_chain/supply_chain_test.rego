package aipolicy.rules.supply_chain_test

import data.aipolicy.rules.supply_chain

org := {
	"default_classification": "internal",
	"classifications": [
		{"id": "public", "ai_assistance": "allowed"},
		{"id": "internal", "ai_assistance": "allowed"},
		{"id": "confidential", "ai_assistance": "restricted"},
		{"id": "restricted", "ai_assistance": "prohibited"},
	],
	"controls": {"dependency_hygiene": {"required_from": "internal"}},
	"internal_package_prefixes": {"npm": ["@example-corp/", "examplecorp-"], "pypi": ["example-corp-"]},
	"inventory": [],
}

# --- building facts ----------------------------------------------------------------

dep(name, spec, line, pinned) := {"name": name, "spec": spec, "line": line, "pinned": pinned, "source": "registry", "section": null}

git_dep(name, spec, line, pinned) := object.union(dep(name, spec, line, pinned), {"source": "git"})

manifest(path, eco, fmt, lockfile, deps) := {
	"path": path, "ecosystem": eco, "format": fmt, "lockfile": lockfile,
	"dependencies": deps, "truncated": false,
}

setting(path, line, kind, value) := {
	"path": path, "line": line, "ecosystem": "pypi", "kind": kind, "value": value,
	"name": null, "scope": null, "priority": null, "default": null, "explicit": null,
}

npm_setting(path, line, kind, value, scope) := object.union(
	setting(path, line, kind, value),
	{"ecosystem": "npm", "scope": scope},
)

poetry(line, name, url, priority) := object.union(
	setting("pyproject.toml", line, "poetry_source", url),
	{"name": name, "priority": priority},
)

uv_index(path, line, name, flags) := object.union(
	object.union(setting(path, line, "uv_index", "https://pypi.corp.example.com/simple"), {"name": name}),
	flags,
)

facts(class, manifests, index_config) := {
	"manifest": {"present": true, "classification": class, "kind": "service"},
	"repository": {"remote": null},
	"assistants": [],
	"dependencies": {"manifests": manifests, "index_config": index_config, "npm_auth_tokens": []},
}

internal_index := setting("pip.conf", 2, "index_url", "https://pypi.corp.example.com/simple")

vs(inp) := result if {
	result := supply_chain.violations with input as inp with data.org as org
}

found(inp) := {[v.rule, v.location.path, object.get(v.location, "line", null)] | some v in vs(inp)}

ids(inp) := {v.rule | some v in vs(inp)}

messages(inp, rule) := {v.message | some v in vs(inp); v.rule == rule}

# --- AIP400: pip extra index -------------------------------------------------------

test_pip_extra_index_is_reported_where_it_is_set if {
	inp := facts("public", [], [setting("requirements.txt", 3, "extra_index_url", "https://pypi.corp.example.com/simple")])
	found(inp) == {["AIP400", "requirements.txt", 3]}
	messages(inp, "AIP400") == {"pip --extra-index-url https://pypi.corp.example.com/simple in requirements.txt is searched on equal terms with the main index, so a public package can shadow a private one"}
}

test_remote_find_links_counts_as_an_extra_index_but_a_local_one_does_not if {
	ids(facts("internal", [], [setting("pip.conf", 4, "find_links", "https://wheels.example.com/")])) == {"AIP400"}
	ids(facts("internal", [], [setting("requirements.txt", 5, "find_links", "./wheels")])) == set()
}

test_a_single_index_url_is_not_an_extra_index if {
	ids(facts("internal", [], [internal_index])) == set()
}

test_uv_extra_index_in_uv_files_is_not_judged_as_pip if {
	ids(facts("internal", [], [setting("uv.toml", 2, "extra_index_url", "https://pypi.corp.example.com/simple")])) == set()
	ids(facts("internal", [], [setting("svc/pyproject.toml", 9, "extra_index_url", "https://x.example.com/simple")])) == set()
}

# --- AIP401: trusted host ----------------------------------------------------------

test_trusted_host_is_reported if {
	inp := facts("public", [], [setting("pip.conf", 8, "trusted_host", "pypi.corp.example.com")])
	found(inp) == {["AIP401", "pip.conf", 8]}
	messages(inp, "AIP401") == {"pip trusts host pypi.corp.example.com without TLS verification (trusted-host in pip.conf)"}
}

# --- AIP402: uv index strategy -----------------------------------------------------

test_unsafe_uv_index_strategies_are_reported if {
	found(facts("internal", [], [setting("uv.toml", 1, "uv_index_strategy", "unsafe-best-match")])) == {["AIP402", "uv.toml", 1]}
	ids(facts("internal", [], [setting(".gitlab-ci.yml", 2, "uv_index_strategy", "unsafe-first-match")])) == {"AIP402"}
}

test_default_uv_index_strategy_passes if {
	ids(facts("internal", [], [setting("uv.toml", 1, "uv_index_strategy", "first-index")])) == set()
}

# --- AIP403: plain HTTP ------------------------------------------------------------

test_index_over_plain_http_is_reported if {
	inp := facts("internal", [], [
		internal_index,
		npm_setting(".npmrc", 1, "npm_registry", "http://npm.corp.example.com/", null),
	])
	found(inp) == {["AIP403", ".npmrc", 1]}
}

test_localhost_over_http_passes if {
	ids(facts("internal", [], [setting("pip.conf", 2, "index_url", "http://localhost:3141/root/pypi/+simple/")])) == set()
	ids(facts("internal", [], [setting("pip.conf", 2, "index_url", "http://127.0.0.1:8080/simple")])) == set()
}

# --- AIP404: Poetry source priorities ----------------------------------------------

poetry_project(sources) := facts(
	"internal",
	[manifest("pyproject.toml", "pypi", "pyproject.toml", "poetry.lock", [dep("example-corp-auth", "1.0.0", 8, true)])],
	sources,
)

test_supplemental_internal_source_below_implicit_pypi_is_reported if {
	inp := poetry_project([poetry(20, "corp", "https://pypi.corp.example.com/simple/", "supplemental")])
	found(inp) == {["AIP404", "pyproject.toml", 20]}
	messages(inp, "AIP404") == {"Poetry source 'corp' is supplemental, so PyPI is searched before it for example-corp-auth in pyproject.toml"}
}

test_legacy_secondary_source_is_like_supplemental if {
	ids(poetry_project([poetry(20, "corp", "https://pypi.corp.example.com/simple/", "secondary")])) == {"AIP404"}
}

test_internal_primary_next_to_primary_pypi_is_reported if {
	inp := poetry_project([
		poetry(20, "PyPI", "", "primary"),
		poetry(24, "corp", "https://pypi.corp.example.com/simple/", null),
	])
	found(inp) == {["AIP404", "pyproject.toml", 24]}
}

test_primary_internal_source_replaces_pypi if {
	# A primary source disables the implicit PyPI: the supplemental one is searched after it.
	ids(poetry_project([poetry(20, "corp", "https://pypi.corp.example.com/simple/", null)])) == set()
	ids(poetry_project([
		poetry(20, "corp", "https://pypi.corp.example.com/simple/", "primary"),
		poetry(24, "PyPI", "", "supplemental"),
	])) == set()
}

test_explicit_internal_source_passes if {
	ids(poetry_project([poetry(20, "corp", "https://pypi.corp.example.com/simple/", "explicit")])) == set()
}

test_supplemental_source_without_internal_names_passes if {
	inp := facts(
		"internal",
		[manifest("pyproject.toml", "pypi", "pyproject.toml", "poetry.lock", [dep("httpx", "0.27.0", 8, true)])],
		[poetry(20, "torch", "https://download.pytorch.org/whl/cpu", "supplemental")],
	)
	ids(inp) == set()
}

# --- AIP405: internal Python names -------------------------------------------------

requirements(extra) := facts(
	"internal",
	[manifest("requirements.txt", "pypi", "requirements", null, [
		dep("requests", "==2.31.0", 4, true),
		dep("Example_Corp..Utils", "==1.4.0", 5, true),
		dep("example-corp-auth", "==2.0.1", 6, true),
	])],
	array.concat([internal_index], extra),
)

test_internal_names_with_a_pip_extra_index_are_reported_at_the_first_internal_name if {
	inp := requirements([setting("requirements.txt", 2, "extra_index_url", "https://pypi.org/simple")])
	found(inp) == {["AIP400", "requirements.txt", 2], ["AIP405", "requirements.txt", 5]}
	messages(inp, "AIP405") == {"Example_Corp..Utils and 1 more in requirements.txt can be taken from a public index: pip searches the extra index https://pypi.org/simple (requirements.txt line 2) on equal terms"}
}

test_an_extra_index_in_another_requirements_file_does_not_apply if {
	inp := facts(
		"internal",
		[
			manifest("requirements.txt", "pypi", "requirements", null, [dep("example-corp-auth", "==2.0.1", 6, true)]),
			manifest("requirements/dev.txt", "pypi", "requirements", null, [dep("pytest", "==8.0.0", 3, true)]),
		],
		[internal_index, setting("requirements/dev.txt", 2, "extra_index_url", "https://x.example.com/simple")],
	)
	found(inp) == {["AIP400", "requirements/dev.txt", 2]}
}

test_internal_names_from_a_single_internal_index_pass if {
	ids(requirements([])) == set()
}

test_internal_names_without_any_internal_index_are_reported if {
	inp := facts(
		"public",
		[manifest("requirements.txt", "pypi", "requirements", null, [dep("example-corp-auth", "==2.0.1", 6, true)])],
		[setting("pip.conf", 2, "index_url", "https://pypi.org/simple")],
	)
	found(inp) == {["AIP405", "requirements.txt", 6]}
	messages(inp, "AIP405") == {"example-corp-auth in requirements.txt resolves from public PyPI: the repository configures no internal package index"}
}

test_internal_names_from_git_are_not_index_lookups if {
	inp := facts(
		"public",
		[manifest("requirements.txt", "pypi", "requirements", null, [git_dep("example-corp-auth", "git+https://g.example.com/a.git@0123456789abcdef0123456789abcdef01234567", 6, true)])],
		[],
	)
	ids(inp) == set()
}

uv_project(strategy, indexes) := facts(
	"internal",
	[manifest("pyproject.toml", "pypi", "pyproject.toml", "uv.lock", [dep("example-corp-auth", "==2.0.1", 10, true)])],
	array.concat([setting("pyproject.toml", 20, "uv_index_strategy", strategy)], indexes),
)

test_uv_unsafe_strategy_with_an_extra_index_exposes_internal_names if {
	inp := uv_project("unsafe-best-match", [uv_index("pyproject.toml", 24, "corp", {})])
	found(inp) == {["AIP402", "pyproject.toml", 20], ["AIP405", "pyproject.toml", 10]}
}

test_uv_first_index_searches_the_internal_index_before_pypi if {
	ids(uv_project("first-index", [uv_index("pyproject.toml", 24, "corp", {})])) == set()
}

test_uv_unsafe_strategy_with_only_a_default_or_explicit_index_is_only_the_strategy if {
	ids(uv_project("unsafe-best-match", [uv_index("pyproject.toml", 24, "corp", {"default": true})])) == {"AIP402"}
	ids(uv_project("unsafe-best-match", [uv_index("pyproject.toml", 24, "corp", {"explicit": true})])) == {"AIP402"}
}

# --- AIP406: internal npm names ----------------------------------------------------

node(config) := facts(
	"public",
	[manifest("package.json", "npm", "package.json", "package-lock.json", [
		dep("left-pad", "1.3.0", 3, true),
		dep("@example-corp/ui", "1.2.3", 4, true),
		dep("@example-corp/api", "2.0.0", 5, true),
	])],
	config,
)

test_internal_scope_without_registry_mapping_is_reported if {
	inp := node([])
	found(inp) == {["AIP406", "package.json", 4]}
	messages(inp, "AIP406") == {"@example-corp/ui and 1 more in package.json resolves from the public npm registry: scope @example-corp has no registry mapping"}
}

test_internal_scope_mapped_in_npmrc_or_yarnrc_passes if {
	ids(node([npm_setting(".npmrc", 2, "npm_scope_registry", "https://npm.corp.example.com/", "@example-corp")])) == set()
	ids(node([npm_setting(".yarnrc.yml", 4, "yarn_scope", "https://npm.corp.example.com", "example-corp")])) == set()
}

test_a_mapping_for_another_scope_does_not_protect if {
	ids(node([npm_setting(".npmrc", 2, "npm_scope_registry", "https://npm.other.example.com/", "@other")])) == {"AIP406"}
}

test_an_internal_default_registry_protects_every_name if {
	ids(node([npm_setting(".npmrc", 1, "npm_registry", "https://npm.corp.example.com/", null)])) == set()
	ids(node([npm_setting(".npmrc", 1, "npm_registry", "https://registry.npmjs.org/", null)])) == {"AIP406"}
}

test_unscoped_internal_names_need_an_internal_default_registry if {
	inp := facts(
		"public",
		[manifest("package.json", "npm", "package.json", "yarn.lock", [dep("examplecorp-tools", "1.0.0", 7, true)])],
		[npm_setting(".npmrc", 2, "npm_scope_registry", "https://npm.corp.example.com/", "@example-corp")],
	)
	messages(inp, "AIP406") == {"examplecorp-tools in package.json resolves from the public npm registry: no internal registry is configured"}
}

# --- AIP407: lockfiles -------------------------------------------------------------

test_manifest_without_lockfile_is_reported if {
	inp := facts("internal", [manifest("package.json", "npm", "package.json", null, [dep("left-pad", "^1.3.0", 3, false)])], [])
	found(inp) == {["AIP407", "package.json", null]}
	messages(inp, "AIP407") == {"package.json declares 1 dependency but has no lockfile (package-lock.json, npm-shrinkwrap.json, yarn.lock, pnpm-lock.yaml or bun.lock)"}
}

test_lockfile_rule_follows_the_dependency_hygiene_control if {
	ids(facts("public", [manifest("Cargo.toml", "cargo", "Cargo.toml", null, [dep("serde", "1.0", 6, false)])], [])) == set()
	ids(facts("internal", [manifest("Cargo.toml", "cargo", "Cargo.toml", null, [dep("serde", "1.0", 6, false)])], [])) == {"AIP407"}
}

test_manifests_with_a_lockfile_or_only_build_requirements_pass if {
	ids(facts("internal", [manifest("go.mod", "go", "go.mod", "go.sum", [dep("golang.org/x/text", "v0.14.0", 5, true)])], [])) == set()
	build := object.union(dep("hatchling", ">=1.20", 2, false), {"section": "build-system.requires"})
	ids(facts("internal", [manifest("pyproject.toml", "pypi", "pyproject.toml", null, [build])], [])) == set()
}

test_workspace_members_share_the_root_lockfile if {
	inp := facts(
		"internal", [
			manifest("package.json", "npm", "package.json", "package-lock.json", [dep("a", "1.0.0", 3, true)]),
			manifest("packages/web/package.json", "npm", "package.json", null, [dep("react", "^18.2.0", 3, false)]),
		],
		[],
	)
	ids(inp) == set()
}

test_a_poetry_project_below_a_uv_workspace_needs_its_own_lockfile if {
	poetry_dep := object.union(dep("pydantic", "^2.6", 7, false), {"section": "tool.poetry.dependencies"})
	inp := facts(
		"internal", [
			manifest("pyproject.toml", "pypi", "pyproject.toml", "uv.lock", [dep("httpx", ">=0.27", 9, false)]),
			manifest("services/api/pyproject.toml", "pypi", "pyproject.toml", null, [poetry_dep]),
		],
		[],
	)
	found(inp) == {["AIP407", "services/api/pyproject.toml", null]}
}

# --- AIP408: unpinned dependencies -------------------------------------------------

test_unpinned_requirements_are_reported_once_with_a_count if {
	inp := facts(
		"internal", [manifest("requirements.txt", "pypi", "requirements", null, [
			dep("requests", "==2.31.0", 1, true),
			dep("flask", ">=2.0,<3", 2, false),
			dep("django", "", 3, false),
		])],
		[],
	)
	found(inp) == {["AIP408", "requirements.txt", 2]}
	messages(inp, "AIP408") == {"requirements.txt has 2 unpinned dependencies, the first flask >=2.0,<3"}
}

test_unpinned_rule_follows_the_dependency_hygiene_control if {
	ids(facts("public", [manifest("requirements.txt", "pypi", "requirements", null, [dep("django", "", 3, false)])], [])) == set()
}

test_pinned_requirements_pass if {
	ids(facts("internal", [manifest("requirements.txt", "pypi", "requirements", null, [dep("requests", "==2.31.0", 1, true)])], [])) == set()
}

test_pip_compile_input_beside_its_output_is_not_judged if {
	inp := facts(
		"internal", [
			manifest("requirements.in", "pypi", "requirements", null, [dep("django", "", 1, false)]),
			manifest("requirements.txt", "pypi", "requirements", null, [dep("django", "==5.0.1", 9, true)]),
		],
		[],
	)
	ids(inp) == set()
}

test_ranges_in_a_lockfile_backed_manifest_are_not_unpinned if {
	ids(facts("internal", [manifest("package.json", "npm", "package.json", "yarn.lock", [dep("left-pad", "^1.3.0", 3, false)])], [])) == set()
}

test_a_library_setup_cfg_may_declare_ranges if {
	lib := object.union(facts("internal", [manifest("setup.cfg", "pypi", "setup.cfg", null, [dep("click", ">=8", 6, false)])], []), {"manifest": {"present": true, "classification": "internal", "kind": "library"}})
	ids(lib) == set()
	ids(facts("internal", [manifest("setup.cfg", "pypi", "setup.cfg", null, [dep("click", ">=8", 6, false)])], [])) == {"AIP408"}
}

# --- AIP409: git and URL sources ---------------------------------------------------

test_git_dependency_on_a_branch_is_reported if {
	inp := facts("internal", [manifest("requirements.txt", "pypi", "requirements", null, [git_dep("otherlib", "git+https://github.com/example/otherlib.git@main", 20, false)])], [])
	found(inp) == {["AIP409", "requirements.txt", 20]}
	messages(inp, "AIP409") == {"otherlib in requirements.txt comes from git git+https://github.com/example/otherlib.git@main, not fixed to a commit"}
}

test_url_dependency_without_hash_is_reported if {
	url := object.union(dep("some_pkg", "https://files.example.com/some_pkg-1.0.whl", 23, false), {"source": "url"})
	messages(facts("internal", [manifest("requirements.txt", "pypi", "requirements", null, [url])], []), "AIP409") == {"some_pkg in requirements.txt is downloaded from https://files.example.com/some_pkg-1.0.whl without a hash"}
}

test_git_dependency_fixed_to_a_commit_or_locked_passes if {
	fixed := git_dep("mylib", "git+https://github.com/example/mylib.git@0123456789abcdef0123456789abcdef01234567", 19, true)
	ids(facts("internal", [manifest("requirements.txt", "pypi", "requirements", null, [fixed])], [])) == set()
	branch := git_dep("shorthand", "example/shorthand#main", 11, false)
	ids(facts("internal", [manifest("package.json", "npm", "package.json", "package-lock.json", [branch])], [])) == set()
}

test_git_rule_follows_the_dependency_hygiene_control if {
	branch := git_dep("otherlib", "git+https://github.com/example/otherlib.git@main", 20, false)
	ids(facts("public", [manifest("requirements.txt", "pypi", "requirements", null, [branch])], [])) == set()
}

# --- no facts ----------------------------------------------------------------------

test_a_repository_without_dependencies_passes if {
	ids({"manifest": {"present": false}, "repository": {"remote": null}, "assistants": []}) == set()
}
