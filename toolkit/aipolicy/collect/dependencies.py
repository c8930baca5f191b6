"""Dependencies and package indexes: the dependency-confusion surface, as plain facts.

Every dependency manifest with its dependencies and lockfile; every package-index setting
(requirements options, pip.conf, Poetry/uv/Pipenv sources, npm and Yarn settings, index
options in Dockerfiles and CI files); where npm credentials are committed (never their
values). Nothing is resolved, fetched or run. Python is read here, the rest in dep_manifests.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from aipolicy.collect import dep_manifests as dm
from aipolicy.collect.dep_manifests import Dependency, Found, Source, as_dict
from aipolicy.collect.listing import display_path
from aipolicy.collect.parse import Parsed, ParseError
from aipolicy.collect.repo import Repo

__all__ = ["DependenciesCollector", "DependencyFacts", "DependencyManifest"]

MAX_DEPENDENCIES = 5_000
MAX_MANIFESTS = 10_000


@dataclass(frozen=True)
class DependencyManifest:
    """A file that declares dependencies."""

    path: str
    """Path relative to the repository root, as spelled on disk."""
    ecosystem: str
    """``pypi``, ``npm``, ``go``, ``cargo``, ``maven`` (Maven and Gradle) or ``rubygems``."""
    format: str
    """``requirements`` (any pip requirements file) or the manifest's file name
    (``pyproject.toml``, ``package.json``, ``build.gradle.kts`` ...)."""
    lockfile: str | None
    """Path of the matching lockfile in the same directory, if one is there."""
    dependencies: tuple[Dependency, ...]
    """Declared dependencies in file order (empty when the file did not parse)."""
    truncated: bool = False
    """More than :data:`MAX_DEPENDENCIES` were declared; only the first are listed."""

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "dependencies": [d.to_json() for d in self.dependencies]}


@dataclass(frozen=True)
class DependencyFacts:
    """The ``dependencies`` section of the repository facts."""

    manifests: tuple[DependencyManifest, ...] = ()
    """Every dependency manifest, by path."""
    index_config: tuple[dm.IndexSetting, ...] = ()
    """Every package-index setting, by path and line."""
    npm_auth_tokens: tuple[dm.NpmAuthToken, ...] = ()
    """Committed registry credential settings, by path and line."""
    parse_errors: tuple[ParseError, ...] = ()
    """Files that could not be read as their format (gathered into the top-level list)."""

    def to_json(self) -> dict[str, Any]:
        sections = ("manifests", "index_config", "npm_auth_tokens")  # not parse_errors
        return {name: [item.to_json() for item in getattr(self, name)] for name in sections}


# --- Python --------------------------------------------------------------------------------

_NAME = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?(.*)$", re.DOTALL)
_EXACT = re.compile(r"===?\s*[^\s,*;]+")
_SHORT_OPTIONS = {"-i": "--index-url", "-f": "--find-links"}
_INDEX_OPTIONS = ("--index-url", "--extra-index-url", "--find-links", "--trusted-host")
Requirement = tuple[str, str, Source, bool]


def pep508(text: str) -> Requirement | None:
    """Name, spec, source and pinned of a requirement (PEP 508, or a pip URL or path)."""
    requirement, *options = re.split(r"\s(?=--)", text.strip(), maxsplit=1)
    requirement, hashed = requirement.strip(), bool(options) and "--hash" in options[0]
    if re.match(r"^([\w+.-]+://|file:|\.|/)", requirement):
        url = re.split(r"\s;", requirement, maxsplit=1)[0].strip()
        egg = re.search(r"[#&]egg=([\w.-]+)", url)
        base = url.split("#")[0].rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
        return _url_requirement(egg.group(1) if egg else base.split("-")[0], url, hashed)
    if not (match := _NAME.match(requirement)):
        return None
    name, rest = match.group(1), match.group(2).strip()
    if rest.startswith("@"):
        return _url_requirement(name, re.split(r"\s;", rest[1:].strip())[0].strip(), hashed)
    spec = rest.split(";")[0].strip().strip("()").strip()
    return name, spec, "registry", hashed or bool(_EXACT.fullmatch(spec))


def _url_requirement(name: str, url: str, hashed: bool) -> Requirement:
    if url.startswith("git+"):
        return name, dm.clean_url(url), "git", hashed or dm.sha_pinned(url.split("#")[0])
    source: Source = "url" if "://" in url and not url.startswith("file:") else "path"
    return name, dm.clean_url(url), source, hashed


def parse_requirements(repo: Repo, rel: str, found: Found) -> list[Dependency]:
    """A pip requirements file; ``-r``/``-c`` files inside the repository are queued."""
    deps: list[Dependency] = []
    pending, start = "", 0
    for number, raw in enumerate((found.read_text(repo, rel) or "").splitlines(), start=1):
        if raw.endswith("\\"):  # continues on the next line
            pending, start = pending + raw[:-1], start or number
            continue
        line = re.sub(r"(^|\s)#.*$", "", pending + raw).strip()
        number, pending, start = start or number, "", 0
        option = re.match(r"^(--[\w-]+)(?:\s*=\s*|\s+)(\S.*)$|^(-[rcefi])\s*(\S.*)$", line)
        if option:
            flag, value = option.group(1) or option.group(3), option.group(2) or option.group(4)
            flag = _SHORT_OPTIONS.get(flag, flag)
            value = value.strip().strip("\"'")
            if flag in ("-r", "--requirement", "-c", "--constraint") and "://" not in value:
                target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), value))
                if not target.startswith(("../", "/")) and target != "..":
                    found.includes.append(target)
            elif flag in _INDEX_OPTIONS:
                found.setting(rel, number, flag[2:].replace("-", "_"), value)
            elif flag in ("-e", "--editable") and (req := pep508(value)):
                source = "path" if "://" not in value else req[2]
                deps.append(Dependency(req[0], req[1], number, req[3], source))
        elif line and not line.startswith("-") and (req := pep508(line)):
            deps.append(Dependency(req[0], req[1], number, req[3], req[2]))
    return deps


def _table_deps(
    parsed: Parsed, path: tuple[str, ...], table: Any, pipenv: bool
) -> list[Dependency]:
    """Poetry and Pipenv ``name = spec | {table}`` dependencies (Poetry's ``python`` skipped)."""
    deps: list[Dependency] = []
    for name, value in as_dict(table).items():
        for entry in value if isinstance(value, list) and not pipenv else [value]:
            spec, source, pinned = dm.table_entry(entry, dm.PLAIN_VERSION)
            if pipenv and source == "registry":
                pinned = bool(_EXACT.fullmatch(spec))
            line, section = parsed.line(*path, name), ".".join(path)
            if pipenv or name.lower() != "python":
                deps.append(Dependency(name, spec, line, pinned, source, section))
    return deps


def _pep508_list(
    parsed: Parsed, lines: dm.Lines, path: tuple[str, ...], items: Any
) -> list[Dependency]:
    deps: list[Dependency] = []
    for item in items if isinstance(items, list) else ():
        if isinstance(item, str) and (req := pep508(item)):
            line = lines.find(item, parsed.line(*path))
            deps.append(Dependency(req[0], req[1], line, req[3], req[2], ".".join(path)))
    return deps


def _uv_source(dep: Dependency, sources: dict[str, Any]) -> Dependency:
    """``dep`` with the source ``[tool.uv.sources]`` gives it, if any."""
    entry = sources.get(re.sub(r"[-_.]+", "-", dep.name).lower())
    entry = as_dict(entry[0] if isinstance(entry, list) and entry else entry)
    _, source, pinned = dm.table_entry({"path": ""} if "workspace" in entry else entry, _EXACT)
    if source == "registry":
        return dep
    return Dependency(dep.name, dep.spec, dep.line, pinned, source, dep.section)


def parse_pyproject(repo: Repo, rel: str, found: Found) -> list[Dependency] | None:
    """PEP 621/735 lists, build requirements, Poetry tables, uv sources and indexes."""
    parsed, lines = found.parse(repo, rel, "toml")
    if parsed.value is None:
        return []
    doc, tool = parsed.value, as_dict(parsed.value.get("tool"))
    uv, poetry = as_dict(tool.get("uv")), as_dict(tool.get("poetry"))
    if not ({"project", "build-system", "dependency-groups"} & doc.keys() or uv or poetry):
        return None
    project = as_dict(doc.get("project"))
    lists: list[tuple[tuple[str, ...], Any]] = [
        (("project", "dependencies"), project.get("dependencies")),
        (("tool", "uv", "dev-dependencies"), uv.get("dev-dependencies")),
    ]
    for extra, items in as_dict(project.get("optional-dependencies")).items():
        lists.append((("project", "optional-dependencies", extra), items))
    for group, items in as_dict(doc.get("dependency-groups")).items():
        lists.append((("dependency-groups", group), items))
    sources = {re.sub(r"[-_.]+", "-", k).lower(): v for k, v in as_dict(uv.get("sources")).items()}
    deps = [_uv_source(d, sources) for p, v in lists for d in _pep508_list(parsed, lines, p, v)]
    requires = as_dict(doc.get("build-system")).get("requires")
    deps += _pep508_list(parsed, lines, ("build-system", "requires"), requires)
    tables: list[tuple[tuple[str, ...], Any]] = [
        ((key,), poetry.get(key)) for key in ("dependencies", "dev-dependencies")
    ]
    for group, value in as_dict(poetry.get("group")).items():
        tables += [(("group", group, "dependencies"), as_dict(value).get("dependencies"))]
    for sub, table in tables:
        deps += _table_deps(parsed, ("tool", "poetry", *sub), table, pipenv=False)
    poetry_sources = poetry.get("source")
    for entry in poetry_sources if isinstance(poetry_sources, list) else ():
        source = as_dict(entry)
        given = {key: source.get(key) for key in ("name", "priority", "default")}
        if given["priority"] is None and source.get("secondary") is True:
            given["priority"] = "secondary"
        url = str(source.get("url", ""))
        line = lines.find(url or str(given["name"]), parsed.line("tool", "poetry", "source"))
        found.setting(rel, line, "poetry_source", url, **given)
    _uv_settings(parsed, lines, uv, ("tool", "uv"), found)
    return deps


def _uv_settings(
    parsed: Parsed, lines: dm.Lines, uv: dict[str, Any], prefix: tuple[str, ...], found: Found
) -> None:
    """uv's ``[[index]]``, ``index-strategy`` and pip-style options (pyproject or uv.toml)."""
    indexes = uv.get("index")
    for index in indexes if isinstance(indexes, list) else ():
        if isinstance(url := as_dict(index).get("url"), str):
            line = lines.find(url, parsed.line(*prefix, "index"))
            given = {key: index.get(key) for key in ("name", "default", "explicit")}
            found.setting(parsed.path, line, "uv_index", url, **given)
    for table, path in ((uv, prefix), (as_dict(uv.get("pip")), (*prefix, "pip"))):
        for key in ("index-strategy", "index-url", "extra-index-url", "find-links"):
            kind = "uv_index_strategy" if key == "index-strategy" else key.replace("-", "_")
            values = table.get(key)
            for value in values if isinstance(values, list) else [values]:
                if isinstance(value, str):
                    line = lines.find(value, parsed.line(*path, key))
                    found.setting(parsed.path, line, kind, value)


def read_uv_toml(repo: Repo, rel: str, found: Found) -> None:
    parsed, lines = found.parse(repo, rel, "toml")
    _uv_settings(parsed, lines, as_dict(parsed.value), (), found)


def parse_pipfile(repo: Repo, rel: str, found: Found) -> list[Dependency] | None:
    """Every package category (``packages``, ``dev-packages``, custom) and ``[[source]]``."""
    parsed, lines = found.parse(repo, rel, "toml")
    if parsed.value is None:
        return []
    deps: list[Dependency] = []
    for category, table in parsed.value.items():
        if category not in ("source", "requires", "scripts", "pipenv"):
            deps += _table_deps(parsed, (category,), table, pipenv=True)
    sources = parsed.value.get("source")
    for source in sources if isinstance(sources, list) else ():
        if isinstance(url := as_dict(source).get("url"), str):
            line = lines.find(url, parsed.line("source"))
            found.setting(rel, line, "pipenv_source", url, name=source.get("name"))
    return deps


def ini_entries(text: str) -> list[tuple[str, str, str, int]]:
    """(section, key, value, line) of an INI file; continuation lines are separate values."""
    out: list[tuple[str, str, str, int]] = []
    section, key = "", ""
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped or stripped[0] in "#;":
            continue
        if raw[0] in " \t" and key:
            out.append((section, key, stripped, number))
        elif header := re.match(r"^\[([^\]]+)\]", stripped):
            section, key = header.group(1).strip(), ""
        elif sep := re.search(r"[=:]", stripped):
            key, value = stripped[: sep.start()].strip(), stripped[sep.end() :].strip()
            if value:
                out.append((section, key, value, number))
    return out


def parse_setup_cfg(repo: Repo, rel: str, found: Found) -> list[Dependency] | None:
    """``[options]`` requirements and ``[options.extras_require]`` of setuptools."""
    text = found.read_text(repo, rel)
    entries = ini_entries(text or "")
    sections = {section for section, *_ in entries}
    if text is not None and not any(s == "metadata" or s.startswith("options") for s in sections):
        return None
    deps: list[Dependency] = []
    wanted = ("install_requires", "setup_requires", "tests_require")
    for section, key, value, number in entries:
        if (section == "options" and key in wanted) or section == "options.extras_require":
            if req := pep508(value):
                deps.append(Dependency(req[0], req[1], number, req[3], req[2], f"{section}.{key}"))
    return deps


def read_pip_conf(repo: Repo, rel: str, found: Found) -> None:
    for _, key, value, number in ini_entries(found.read_text(repo, rel) or ""):
        option = "--" + key.strip().lower().replace("_", "-")
        for item in value.split() if option in _INDEX_OPTIONS else ():
            found.setting(rel, number, option[2:].replace("-", "_"), item)


_VALUE = r"[\"']?(\$\{\{[^}]*\}\}|[^\s\"'\\]+)"
_SHELL_OPTION = re.compile(r"--(extra-index-url|index-url|trusted-host)(?:=|\s+)" + _VALUE)
_UV_ENV = {"UV_DEFAULT_INDEX": "index_url", "UV_INDEX": "extra_index_url"}
_ENV_NAMES = r"PIP_(?:EXTRA_INDEX_URL|INDEX_URL|TRUSTED_HOST)|UV_(?:(?:EXTRA_)?INDEX_URL|"
_ENV_NAMES += r"DEFAULT_INDEX|INDEX_STRATEGY|INDEX)"
_ENV_SETTING = re.compile(  # NAME=value, NAME: value, or Dockerfile's legacy ENV NAME value
    rf"(?<![$\w{{])({_ENV_NAMES})\s*[:=]\s*{_VALUE}|^\s*ENV\s+({_ENV_NAMES})\s+{_VALUE}"
)


_BUILD_FILE = re.compile(
    r"(^|/)(Dockerfile(\.[^/]*)?|Containerfile(\.[^/]*)?|[^/]*\.[Dd]ockerfile|Jenkinsfile"
    r"|\.gitlab-ci\.yml|\.travis\.yml|azure-pipelines\.yml|bitbucket-pipelines\.yml)$"
    r"|^(\.github/workflows/[^/]+|\.circleci/config)\.ya?ml$"
)


def scan_build_file(repo: Repo, rel: str, found: Found) -> None:
    """pip/uv index options on command lines, or in the environment, of a build or CI file."""
    for number, raw in enumerate((found.read_text(repo, rel, lenient=True) or "").splitlines(), 1):
        for option, value in _SHELL_OPTION.findall(raw):
            found.setting(rel, number, option.replace("-", "_"), value)
        for name, value, legacy_name, legacy_value in _ENV_SETTING.findall(raw):
            name, value = name or legacy_name, value or legacy_value
            kind = _UV_ENV.get(name) or name.split("_", 1)[1].lower()
            found.setting(rel, number, kind.replace("index_strategy", "uv_index_strategy"), value)


# --- The collector -------------------------------------------------------------------------

Parser = Callable[[Repo, str, Found], "list[Dependency] | None"]
_PY_LOCKS = ("poetry.lock", "uv.lock", "pdm.lock")
_NPM_LOCKS = tuple(
    "package-lock.json npm-shrinkwrap.json yarn.lock pnpm-lock.yaml bun.lock bun.lockb".split()
)
MANIFESTS: dict[str, tuple[str, tuple[str, ...], Parser]] = {
    "pyproject.toml": ("pypi", _PY_LOCKS, parse_pyproject),
    "Pipfile": ("pypi", ("Pipfile.lock",), parse_pipfile),
    "setup.cfg": ("pypi", (), parse_setup_cfg),
    "package.json": ("npm", _NPM_LOCKS, dm.parse_package_json),
    "go.mod": ("go", ("go.sum",), dm.parse_go_mod),
    "Cargo.toml": ("cargo", ("Cargo.lock",), dm.parse_cargo_toml),
    "pom.xml": ("maven", (), dm.parse_pom_xml),
    "build.gradle": ("maven", ("gradle.lockfile",), dm.parse_gradle),
    "build.gradle.kts": ("maven", ("gradle.lockfile",), dm.parse_gradle),
    "Gemfile": ("rubygems", ("Gemfile.lock",), dm.parse_gemfile),
}
"""Manifest file name: ecosystem, lockfile names in order of preference, parser."""
CONFIGS: dict[str, Callable[[Repo, str, Found], None]] = {
    ".npmrc": dm.read_npmrc,
    ".yarnrc": dm.read_npmrc,
    ".yarnrc.yml": dm.read_yarnrc_yml,
    "pip.conf": read_pip_conf,
    "pip.ini": read_pip_conf,
    "uv.toml": read_uv_toml,
}
"""Index configuration file name: reader."""
_REQUIREMENTS = re.compile(
    r"(^|/)(requirements[^/]*|[^/]*[-_]requirements|requirements/[^/]+)\.(txt|in)$"
)


class DependenciesCollector:
    name = "dependencies"

    def collect(self, repo: Repo) -> DependencyFacts:
        found = Found()
        queue: list[str] = []
        for rel in repo.files:
            base = rel.rpartition("/")[2]
            if base in MANIFESTS or _REQUIREMENTS.search(rel):
                queue.append(rel)
            elif base in CONFIGS:
                CONFIGS[base](repo, rel, found)
            elif _BUILD_FILE.search(rel):
                scan_build_file(repo, rel, found)
        manifests: dict[str, DependencyManifest] = {}
        present = set(repo.files)
        while queue and len(manifests) < MAX_MANIFESTS:
            rel = queue.pop(0)
            if rel not in manifests and repo.is_file(rel):
                if manifest := self._manifest(repo, rel, found, present):
                    manifests[rel] = manifest
                queue += found.includes
                found.includes.clear()
        return DependencyFacts(
            tuple(manifests[k] for k in sorted(manifests)),
            tuple(sorted(found.settings, key=lambda s: (s.path, s.line))),
            tuple(sorted(found.tokens, key=lambda t: (t.path, t.line))),
            tuple(found.errors),
        )

    def _manifest(
        self, repo: Repo, rel: str, found: Found, present: set[str]
    ) -> DependencyManifest | None:
        directory, _, base = rel.rpartition("/")
        ecosystem, locks, parser = MANIFESTS.get(base, ("pypi", (), parse_requirements))
        deps = parser(repo, rel, found)
        if deps is None:
            return None
        kept = tuple(sorted(deps, key=lambda d: d.line)[:MAX_DEPENDENCIES])
        fmt = base if base in MANIFESTS else "requirements"
        paths = [posixpath.join(directory, name) for name in locks]
        lock = next((display_path(p) for p in paths if p in present and repo.is_file(p)), None)
        shown, truncated = display_path(rel), len(deps) > len(kept)
        return DependencyManifest(shown, ecosystem, fmt, lock, kept, truncated)
