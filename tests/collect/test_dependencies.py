"""Dependencies: manifests, lockfiles, package indexes and committed registry credentials."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from aipolicy.collect.dep_manifests import Dependency, IndexSetting, NpmAuthToken, clean_url
from aipolicy.collect.dependencies import (
    DependenciesCollector,
    DependencyFacts,
    DependencyManifest,
    pep508,
)
from aipolicy.collect.parse import ParseError
from aipolicy.collect.repo import Repo
from tests.conftest import section_schema

REPOS = Path(__file__).resolve().parents[1] / "fixtures" / "repos"
SHA = "0123456789abcdef0123456789abcdef01234567"

Deadline = Callable[[float], AbstractContextManager[None]]


def collect(path: Path) -> DependencyFacts:
    return DependenciesCollector().collect(Repo(path))


def manifest(facts: DependencyFacts, path: str) -> DependencyManifest:
    return next(m for m in facts.manifests if m.path == path)


def dep(
    name: str,
    spec: str,
    line: int,
    pinned: bool,
    source: str = "registry",
    section: str | None = None,
) -> Dependency:
    return Dependency(name, spec, line, pinned, source, section)  # type: ignore[arg-type]


def setting(path: str, line: int, kind: str, value: str, **given: Any) -> IndexSetting:
    ecosystem = "npm" if kind.startswith(("npm", "yarn")) else "pypi"
    return IndexSetting(path, line, ecosystem, kind, value, **given)


def assert_schema_valid(doc: Any) -> None:
    schema = section_schema("dependencies")
    Draft202012Validator.check_schema(schema)
    assert [e.message for e in Draft202012Validator(schema).iter_errors(doc)] == []


# --- Python --------------------------------------------------------------------------------


def test_python_manifests_are_found_with_their_lockfiles_and_includes() -> None:
    # requirements/dev.txt matches by name; constraints.txt is read because requirements.txt
    # names it with -c. -r ../outside.txt (outside the repository) and -r https://... (never
    # fetched) are not read; tools/pyproject.toml only configures ruff, so it is no manifest.
    facts = collect(REPOS / "deps-python")
    assert [(m.path, m.format, m.lockfile) for m in facts.manifests] == [
        ("Pipfile", "Pipfile", "Pipfile.lock"),
        ("constraints.txt", "requirements", None),
        ("pyproject.toml", "pyproject.toml", "uv.lock"),
        ("requirements.txt", "requirements", None),
        ("requirements/dev.txt", "requirements", None),
        ("services/api/pyproject.toml", "pyproject.toml", None),
        ("setup.cfg", "setup.cfg", None),
    ]
    assert {m.ecosystem for m in facts.manifests} == {"pypi"}
    assert facts.parse_errors == ()


def test_requirements_lines_are_recorded_as_written_with_pins_hashes_and_sources() -> None:
    git = "git+https://github.com/example"
    assert manifest(collect(REPOS / "deps-python"), "requirements.txt") == DependencyManifest(
        "requirements.txt",
        "pypi",
        "requirements",
        None,
        (
            dep("requests", "==2.31.0", 11, True),
            dep("flask", ">=2.0,<3", 12, False),
            dep("django", "", 13, False),
            dep("numpy", "==1.26.*", 14, False),
            dep("example-corp-utils", "== 1.4.0", 15, True),
            dep("urllib3", ">=2", 17, False),
            dep("mylib", f"{git}/mylib.git@{SHA}", 19, True, "git"),
            dep("otherlib", f"{git}/otherlib.git@main", 20, False, "git"),
            dep("editable-pkg", f"{git}/editable.git#egg=editable-pkg", 21, False, "git"),
            dep("pkg", "./local/pkg", 22, False, "path"),
            dep(
                "some_pkg",
                "https://files.example.com/wheels/some_pkg-1.0-py3-none-any.whl",
                23,
                False,
                "url",
            ),
        ),
    )


def test_a_hash_alone_pins_a_requirement_and_markers_are_not_part_of_the_spec() -> None:
    assert pep508('a>=1 ; python_version < "3.9" --hash=sha256:00') == (
        "a",
        ">=1",
        "registry",
        True,
    )
    assert pep508("b[x,y] (>=1,<2)") == ("b", ">=1,<2", "registry", False)
    assert pep508("c===1.0") == ("c", "===1.0", "registry", True)
    assert pep508("d @ file:///src/d") == ("d", "file:///src/d", "path", False)
    assert pep508("--not-a-requirement") is None


def test_pyproject_lists_build_requirements_and_uv_sources() -> None:
    section = "project.dependencies"
    assert manifest(collect(REPOS / "deps-python"), "pyproject.toml").dependencies == (
        dep("hatchling", ">=1.20", 2, False, section="build-system.requires"),
        dep("httpx", ">=0.27", 9, False, section=section),
        dep("example-corp-auth", "==2.0.1", 10, True, section=section),
        # [tool.uv.sources] takes internal-tools from git, at a full commit.
        dep("internal-tools", "", 11, True, "git", section),
        dep("pytest", ">=8", 15, False, section="project.optional-dependencies.test"),
        dep("ruff", "==0.4.4", 18, True, section="dependency-groups.lint"),
        dep("mypy", "", 22, False, section="tool.uv.dev-dependencies"),
    )


def test_poetry_tables_record_exact_versions_paths_and_git_but_not_python() -> None:
    main, dev = "tool.poetry.dependencies", "tool.poetry.group.dev.dependencies"
    path = "services/api/pyproject.toml"
    assert manifest(collect(REPOS / "deps-python"), path).dependencies == (
        dep("fastapi", "0.110.0", 6, True, section=main),
        dep("pydantic", "^2.6", 7, False, section=main),
        dep("corp-models", "1.2.3", 8, True, section=main),
        dep("local-lib", "../lib", 9, False, "path", main),
        dep("gitlib", "https://github.com/example/gitlib.git", 10, False, "git", main),
        dep("pytest", "~8.0", 13, False, section=dev),
    )


def test_pipfile_and_setup_cfg_dependencies() -> None:
    facts = collect(REPOS / "deps-python")
    assert manifest(facts, "Pipfile").dependencies == (
        dep("requests", "==2.31.0", 12, True, section="packages"),
        dep("flask", "*", 13, False, section="packages"),
        dep("corp-lib", "*", 14, False, section="packages"),
        dep("pytest", "https://github.com/pytest-dev/pytest.git", 17, False, "git", "dev-packages"),
    )
    assert manifest(facts, "setup.cfg").dependencies == (
        dep("click", ">=8", 6, False, section="options.install_requires"),
        dep("attrs", "==23.2.0", 7, True, section="options.install_requires"),
        dep("setuptools_scm", "", 8, False, section="options.setup_requires"),
        dep("sphinx", "", 12, False, section="options.extras_require.docs"),
    )


def test_python_index_settings_from_every_source_with_credentials_and_queries_removed() -> None:
    api, worker = "services/api/pyproject.toml", "services/worker/uv.toml"
    corp = "https://pypi.corp.example.com/simple"
    assert collect(REPOS / "deps-python").index_config == (
        setting(".github/workflows/ci.yml", 7, "index_url", "${{ secrets.INDEX_URL }}"),
        setting(".github/workflows/ci.yml", 9, "extra_index_url", "https://gha.example.com/simple"),
        setting(".github/workflows/ci.yml", 10, "index_url", "https://uv.example.com/simple"),
        # uv and pip environment variables in CI; "$PIP_EXTRA_INDEX_URL" only reads one.
        setting(".gitlab-ci.yml", 2, "uv_index_strategy", "unsafe-best-match"),
        setting(".gitlab-ci.yml", 3, "extra_index_url", "https://uv-extra.example.com/simple"),
        setting(".gitlab-ci.yml", 4, "index_url", "https://uv-default.example.com/simple"),
        setting(".gitlab-ci.yml", 8, "trusted_host", "pypi.internal.example.com"),
        setting("Dockerfile", 2, "extra_index_url", "https://docker-extra.example.com/simple"),
        setting("Dockerfile", 4, "extra_index_url", "https://pypi.internal.example.com/simple"),
        setting("Pipfile", 2, "pipenv_source", "https://pypi.org/simple", name="pypi"),
        setting("Pipfile", 7, "pipenv_source", corp, name="corp"),
        setting("pip.conf", 2, "index_url", "https://pypi.org/simple"),
        setting("pip.conf", 4, "extra_index_url", "https://a.example.com/simple"),
        setting("pip.conf", 5, "extra_index_url", "https://b.example.com/simple"),
        setting("pip.conf", 8, "trusted_host", "a.example.com"),
        setting("pyproject.toml", 21, "uv_index_strategy", "unsafe-best-match"),
        setting("pyproject.toml", 29, "uv_index", corp, name="corp", explicit=True),
        setting(
            "pyproject.toml",
            34,
            "uv_index",
            "https://mirror.example.com/simple",
            name="mirror",
            default=True,
        ),
        setting("requirements.txt", 2, "index_url", "https://pypi.example.com/simple"),
        setting(
            "requirements.txt", 3, "extra_index_url", "https://pypi.internal.example.com/simple"
        ),
        setting("requirements.txt", 4, "trusted_host", "pypi.internal.example.com"),
        setting("requirements.txt", 5, "find_links", "./wheels"),
        setting(api, 17, "poetry_source", f"{corp}/", name="corp", priority="supplemental"),
        setting(
            api,
            22,
            "poetry_source",
            "https://legacy.example.com/simple/",
            name="legacy",
            priority="secondary",
        ),
        setting(
            api,
            27,
            "poetry_source",
            "https://old.example.com/simple/",
            name="old-default",
            default=True,
        ),
        setting(worker, 1, "uv_index_strategy", "first-index"),
        setting(worker, 2, "extra_index_url", "https://extra.example.com/simple"),
        setting(worker, 6, "uv_index", corp, name="corp"),
        setting(worker, 9, "index_url", "https://pip.example.com/simple"),
        setting("worker.Dockerfile", 2, "extra_index_url", "https://legacy-env.example.com/simple"),
    )


# --- npm and Yarn --------------------------------------------------------------------------


def test_package_json_dependencies_with_their_kind_of_source_and_exact_pins() -> None:
    facts = collect(REPOS / "deps-node")
    assert facts.manifests == (
        DependencyManifest(
            "package.json",
            "npm",
            "package.json",
            "package-lock.json",
            (
                dep("@example-corp/ui", "1.2.3", 4, True, section="dependencies"),
                dep("left-pad", "^1.3.0", 5, False, section="dependencies"),
                dep("lodash", "~4.17.21", 6, False, section="dependencies"),
                dep("anything", "*", 7, False, section="dependencies"),
                dep("newest", "latest", 8, False, section="dependencies"),
                dep("aliased", "npm:real-package@2.0.0", 9, True, section="dependencies"),
                dep(
                    "from-git",
                    f"git+https://github.com/example/from-git.git#{SHA}",
                    10,
                    True,
                    "git",
                    "dependencies",
                ),
                dep("shorthand", "example/shorthand#main", 11, False, "git", "dependencies"),
                dep(
                    "tarball",
                    "https://registry.example.com/tarball-1.0.0.tgz",
                    12,
                    False,
                    "url",
                    "dependencies",
                ),
                dep("local", "file:../local", 13, False, "path", "dependencies"),
                dep("typescript", "=5.4.5", 16, True, section="devDependencies"),
            ),
        ),
        DependencyManifest(
            "web/package.json",
            "npm",
            "package.json",
            None,
            (dep("react", "^18.2.0", 1, False, section="dependencies"),),
        ),
    )


def test_npm_and_yarn_registries_and_scopes() -> None:
    corp = "https://npm.corp.example.com"
    assert collect(REPOS / "deps-node").index_config == (
        setting(".npmrc", 2, "npm_registry", "https://registry.npmjs.org/"),
        setting(".npmrc", 3, "npm_scope_registry", f"{corp}/", scope="@example-corp"),
        setting(".yarnrc", 2, "yarn_registry", "https://registry.yarnpkg.com"),
        setting(".yarnrc", 3, "yarn_scope", corp, scope="@example-corp"),
        setting(".yarnrc.yml", 1, "yarn_registry", "https://registry.yarnpkg.com"),
        setting(".yarnrc.yml", 4, "yarn_scope", corp, scope="example-corp"),
    )


def test_registry_credentials_are_located_but_their_values_never_recorded() -> None:
    facts = collect(REPOS / "deps-node")
    assert facts.npm_auth_tokens == (
        NpmAuthToken(".npmrc", 4, "//npm.corp.example.com/:_authToken", True),
        NpmAuthToken(".npmrc", 5, "//registry.npmjs.org/:_authToken", False),
        NpmAuthToken(".npmrc", 7, "_auth", False),
        NpmAuthToken(".yarnrc", 4, "//npm.corp.example.com/:_authToken", False),
        NpmAuthToken(".yarnrc.yml", 5, "npmScopes.example-corp.npmAuthToken", True),
        NpmAuthToken(
            ".yarnrc.yml", 8, "npmRegistries.https://npm.corp.example.com.npmAuthIdent", False
        ),
    )
    text = json.dumps(facts.to_json())
    for secret in ("not-a-real-token", "bm90LWEtcmVhbA", "not-a-real-ident", "NPM_TOKEN"):
        assert secret not in text


# --- Go, Cargo, Maven, Gradle, Bundler ------------------------------------------------------


def test_go_modules_are_pinned_by_version_and_local_replacements_are_paths() -> None:
    assert manifest(collect(REPOS / "deps-other"), "go.mod") == DependencyManifest(
        "go.mod",
        "go",
        "go.mod",
        "go.sum",
        (
            dep("github.com/example-corp/shared", "v1.4.0", 5, True, section="require"),
            dep("github.com/pkg/errors", "v0.9.1", 8, True, section="require"),
            dep("golang.org/x/text", "v0.14.0", 9, True, section="require"),
            dep(
                "github.com/example-corp/local",
                "v0.0.0-00010101000000-000000000000",
                10,
                True,
                "path",
                "require",
            ),
        ),
    )


def test_cargo_dependencies_in_every_table() -> None:
    assert manifest(collect(REPOS / "deps-other"), "crate/Cargo.toml") == DependencyManifest(
        "crate/Cargo.toml",
        "cargo",
        "Cargo.toml",
        "crate/Cargo.lock",
        (
            dep("serde", "1.0", 6, False, section="dependencies"),
            dep("exact", "=1.2.3", 7, True, section="dependencies"),
            dep("tokio", "1", 8, False, section="dependencies"),
            dep("mine", "../mine", 9, False, "path", "dependencies"),
            dep("forked", "https://github.com/example/forked", 10, True, "git", "dependencies"),
            dep("proptest", "1.4", 13, False, section="dev-dependencies"),
            dep("nix", "0.28", 16, False, section="target.cfg(unix).dependencies"),
        ),
    )


def test_maven_and_gradle_coordinates_ranges_and_snapshots() -> None:
    facts = collect(REPOS / "deps-other")
    # The commented-out dependency in each file is not recorded.
    assert manifest(facts, "java/pom.xml") == DependencyManifest(
        "java/pom.xml",
        "maven",
        "pom.xml",
        None,
        (
            dep("com.example.corp:corp-core", "1.0.0", 4, True, section="dependency"),
            dep("junit:junit", "[4.0,5.0)", 10, False, section="dependency:test"),
            dep("org.example:snap", "2.0-SNAPSHOT", 16, False, section="dependency"),
        ),
    )
    assert manifest(facts, "gradle-app/build.gradle.kts").dependencies == (
        dep("com.google.guava:guava", "33.0.0-jre", 4, True, section="implementation"),
        dep("org.junit.jupiter:junit-jupiter", "5.+", 5, False, section="testImplementation"),
        dep("com.example.corp:bom", "1.0.0", 6, True, section="api"),
        dep("org.postgresql:postgresql", "42.7.1", 8, True, section="runtimeOnly"),
    )


def test_gemfile_gems_with_versions_git_and_paths() -> None:
    assert manifest(collect(REPOS / "deps-other"), "Gemfile") == DependencyManifest(
        "Gemfile",
        "rubygems",
        "Gemfile",
        "Gemfile.lock",
        (
            dep("rails", "7.1.3", 3, True),
            dep("puma", "~> 6.0, >= 6.4", 4, False),
            dep("corp_gem", "https://github.com/example-corp/corp_gem.git", 5, True, "git"),
            dep("local_gem", "../local_gem", 6, False, "path"),
            dep("rake", "", 7, False),
        ),
    )


# --- Malformed and hostile files -----------------------------------------------------------


def test_malformed_files_become_parse_errors_and_their_manifests_stay_listed() -> None:
    facts = collect(REPOS / "deps-malformed")
    assert facts.parse_errors == (
        ParseError(".yarnrc.yml", 3, "expected ',' or ']', but got '<stream end>'"),
        ParseError("Pipfile", 2, "Invalid value (at line 2, column 12)"),
        ParseError("package.json", 1, "Expecting property name enclosed in double quotes"),
        ParseError("pom.xml", 2, "DOCTYPE refused; not parsed"),
        ParseError(
            "pyproject.toml",
            1,
            "Expected ']' at the end of a table declaration (at line 1, column 9)",
        ),
        ParseError("requirements.txt", 2, "not UTF-8 (byte 17)"),
    )
    assert [(m.path, m.dependencies) for m in facts.manifests] == [
        ("Pipfile", ()),
        ("package.json", ()),
        ("pom.xml", ()),
        ("pyproject.toml", ()),
        ("requirements.txt", ()),
    ]
    assert facts.index_config == () and facts.npm_auth_tokens == ()


def test_symlinks_out_of_the_repository_are_neither_manifests_nor_includes(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("leaked==1.0\n")
    root = tmp_path / "repo"
    root.mkdir()
    os.symlink(outside / "secret.txt", root / "requirements.txt")
    os.symlink(outside / "secret.txt", root / "linked.txt")
    os.symlink(outside / "secret.txt", root / ".npmrc")
    (root / "requirements-dev.txt").write_text("-r linked.txt\n-r ../outside/secret.txt\nok==1\n")
    facts = collect(root)
    assert facts == DependencyFacts(
        manifests=(
            DependencyManifest(
                "requirements-dev.txt", "pypi", "requirements", None, (dep("ok", "==1", 3, True),)
            ),
        )
    )


def test_fifos_named_like_manifests_or_configs_are_never_opened(
    tmp_path: Path, deadline: Deadline
) -> None:
    for name in ("requirements.txt", "package.json", ".npmrc", "pip.conf", "Dockerfile"):
        os.mkfifo(tmp_path / name)
    (tmp_path / "requirements-dev.txt").write_text("-r requirements.txt\n")
    with deadline(5):
        facts = collect(tmp_path)
    assert facts == DependencyFacts(
        manifests=(DependencyManifest("requirements-dev.txt", "pypi", "requirements", None, ()),)
    )


def test_more_than_five_thousand_dependencies_are_cut_and_marked(
    tmp_path: Path, deadline: Deadline
) -> None:
    (tmp_path / "requirements.txt").write_text("".join(f"p{i}==1\n" for i in range(5_001)))
    with deadline(10):
        found = collect(tmp_path).manifests[0]
    assert (len(found.dependencies), found.dependencies[-1].name, found.truncated) == (
        5_000,
        "p4999",
        True,
    )


def test_a_file_larger_than_the_read_cap_is_a_parse_error(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_bytes(b" " * (1024 * 1024 + 1))
    facts = collect(tmp_path)
    assert facts.parse_errors == (ParseError("package.json", None, "larger than 1024 KiB"),)


def test_pathological_lines_are_read_in_linear_time(tmp_path: Path, deadline: Deadline) -> None:
    # Long runs that make naive regular expressions backtrack for minutes; all under 1 MiB.
    run, word = " " * 150_000, "a" * 150_000
    files = {
        "requirements.txt": f"a{run}b\n--x{run}\nname{run}\nx @ {run};\na{run}--y\n",
        "package.json": f'{{"dependencies": {{"a": "{"1" * 150_000}*"}}}}',
        "pyproject.toml": f'[tool.poetry.dependencies]\na = "{"1" * 150_000}*"\n',
        "pom.xml": "<dependency>" * 30_000 + "<!--" * 30_000 + f"<version>{run}",
        "build.gradle": f"implementation{run}x\nimplementation(group{run}\n",
        "Gemfile": f"gem{run}x\ngem 'a', {word}\n",
        "setup.cfg": f"[options]\na{run}b\ninstall_requires = x{run}\n",
        "pip.conf": f"[global]\na{run}b\n",
        "Dockerfile": f"ENV PIP_INDEX_URL{run}\nPIP_INDEX_URL{run}=\n--index-url{run}\n",
        ".yarnrc": f"registry{run}\n",
        ".npmrc": f"{word}{run}:_authToken{run}\n",
        "go.mod": f"replace (\na{run}=>{run}\n{word}\n)\nrequire{run}\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    with deadline(10):
        facts = collect(tmp_path)
    assert facts.parse_errors == ()
    assert len(facts.manifests) == 8


def test_urls_lose_credentials_and_queries_but_keep_their_git_reference() -> None:
    assert clean_url("https://u:p@h.example.com:8443/simple/?token=x#frag") == (
        "https://h.example.com:8443/simple/#frag"
    )
    assert clean_url("https://[broken/simple?x=1") == "https://[broken/simple"
    assert clean_url("./wheels") == "./wheels"


# --- Shape ---------------------------------------------------------------------------------


def test_the_section_serialises_to_its_schema_without_the_parse_errors() -> None:
    for name in ("deps-python", "deps-node", "deps-other", "deps-malformed"):
        doc = collect(REPOS / name).to_json()
        assert sorted(doc) == ["index_config", "manifests", "npm_auth_tokens"]
        assert_schema_valid(doc)
    assert collect(REPOS / "deps-other").to_json()["manifests"][0] == {
        "path": "Gemfile",
        "ecosystem": "rubygems",
        "format": "Gemfile",
        "lockfile": "Gemfile.lock",
        "dependencies": [
            {
                "name": "rails",
                "spec": "7.1.3",
                "line": 3,
                "pinned": True,
                "source": "registry",
                "section": None,
            },
            {
                "name": "puma",
                "spec": "~> 6.0, >= 6.4",
                "line": 4,
                "pinned": False,
                "source": "registry",
                "section": None,
            },
            {
                "name": "corp_gem",
                "spec": "https://github.com/example-corp/corp_gem.git",
                "line": 5,
                "pinned": True,
                "source": "git",
                "section": None,
            },
            {
                "name": "local_gem",
                "spec": "../local_gem",
                "line": 6,
                "pinned": False,
                "source": "path",
                "section": None,
            },
            {
                "name": "rake",
                "spec": "",
                "line": 7,
                "pinned": False,
                "source": "registry",
                "section": None,
            },
        ],
        "truncated": False,
    }


def test_every_schema_property_and_array_item_has_a_title_and_description() -> None:
    def walk(node: Any, where: str) -> list[str]:
        missing = [where for key in ("title", "description") if key not in node]
        for name, child in node.get("properties", {}).items():
            missing += walk(child, f"{where}.{name}")
        if "items" in node:
            missing += walk(node["items"], f"{where}[]")
        return missing

    assert walk(section_schema("dependencies"), "dependencies") == []
