"""The dependency facts' building blocks, and every ecosystem but Python.

npm (package.json, .npmrc, .yarnrc, .yarnrc.yml), Go, Cargo, Maven (pom.xml is read with
regular expressions, never an XML parser, and a DOCTYPE is refused), Gradle and Bundler.
Nothing is resolved, fetched or executed; Python is in :mod:`aipolicy.collect.dependencies`.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

from aipolicy.collect.listing import display_path
from aipolicy.collect.parse import Format, Parsed, ParseError, parse_text
from aipolicy.collect.repo import Repo

Source = Literal["registry", "git", "url", "path"]
MAX_TEXT_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Dependency:
    """One dependency as a manifest declares it."""

    name: str
    """Package name as written (npm ``@scope/name``, Maven ``group:artifact``, Go module)."""
    spec: str
    """Version requirement as written, or the URL or path for other sources (credentials
    and query removed); empty when none is given."""
    line: int
    """1-based line of the declaration."""
    pinned: bool
    """Exactly one version: ``==1.2.3``, an exact npm, Cargo, Poetry or Bundler version,
    requirement hashes, a Go module version, or a git commit given as 40 hex digits."""
    source: Source
    """Where it comes from: a package registry, a git repository, a URL or a local path."""
    section: str | None = None
    """Where the manifest declares it (``devDependencies``, ``build-system.requires``, a Gradle
    configuration ...); ``None`` in requirements files and Gemfiles."""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class IndexSetting:
    """A package index (registry) setting in a repository file."""

    path: str
    """File it is set in, relative to the repository root."""
    line: int
    """1-based line of the setting."""
    ecosystem: str
    """``pypi`` or ``npm``."""
    kind: str
    """``extra_index_url``, ``index_url``, ``trusted_host``, ``find_links``, ``poetry_source``,
    ``pipenv_source``, ``uv_index``, ``uv_index_strategy``, ``npm_registry``,
    ``npm_scope_registry``, ``yarn_registry`` or ``yarn_scope``."""
    value: str
    """The URL (credentials and query removed), host, path or strategy, as written."""
    name: str | None = None
    """Name of a Poetry source, Pipenv source or uv index."""
    scope: str | None = None
    """npm or Yarn scope mapped to the registry, as written (``@corp`` or ``corp``)."""
    priority: str | None = None
    """Poetry ``priority`` as given (``secondary`` for the legacy ``secondary = true``)."""
    default: bool | None = None
    """Poetry (legacy) or uv ``default``, as given."""
    explicit: bool | None = None
    """uv ``explicit``, as given."""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class NpmAuthToken:
    """A registry credential setting in a committed npm or Yarn file (never its value)."""

    path: str
    """File it is set in, relative to the repository root."""
    line: int
    """1-based line of the setting."""
    key: str
    """The setting's name: ``//npm.example.com/:_authToken``, ``npmScopes.corp.npmAuthToken``."""
    from_env: bool
    """The value is only an environment variable reference such as ``${NPM_TOKEN}``."""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Found:
    """What reading a repository produced besides the manifests (mutable, internal)."""

    settings: list[IndexSetting] = field(default_factory=list)
    tokens: list[NpmAuthToken] = field(default_factory=list)
    errors: list[ParseError] = field(default_factory=list)
    includes: list[str] = field(default_factory=list)
    """Files named by requirements ``-r``/``-c`` lines, still to be read."""

    def setting(self, path: str, line: int, kind: str, value: str, **given: Any) -> None:
        """Record an index setting; ``given`` values of the wrong type count as not given."""
        types: dict[str, type] = {"default": bool, "explicit": bool}
        checked: dict[str, Any] = {
            k: v if isinstance(v, types.get(k, str)) else None for k, v in given.items()
        }
        ecosystem = "npm" if kind.startswith(("npm", "yarn")) else "pypi"
        shown, url = display_path(path), clean_url(value)
        self.settings.append(IndexSetting(shown, line, ecosystem, kind, url, **checked))

    def token(self, path: str, line: int, key: str, value: Any) -> None:
        env = isinstance(value, str) and bool(re.fullmatch(r"\$\{[^}]+\}", value.strip()))
        self.tokens.append(NpmAuthToken(display_path(path), line, key, env))

    def read_text(self, repo: Repo, rel: str, *, lenient: bool = False) -> str | None:
        """The text of ``rel``; a problem becomes a ParseError (none when ``lenient``)."""
        read = repo.read(rel, MAX_TEXT_BYTES)
        if read is None or lenient:
            return None if read is None else read.data.decode("utf-8-sig", "replace")
        if read.truncated:
            limit = MAX_TEXT_BYTES // 1024
            self.errors.append(ParseError(display_path(rel), None, f"larger than {limit} KiB"))
            return None
        try:
            return read.data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = read.data.count(b"\n", 0, exc.start) + 1
            self.errors.append(ParseError(display_path(rel), line, f"not UTF-8 (byte {exc.start})"))
            return None

    def parse(self, repo: Repo, rel: str, fmt: Format) -> tuple[Parsed, Lines]:
        """``rel`` parsed as ``fmt``, with its lines; on failure, a ParseError and no value."""
        text, shown = self.read_text(repo, rel), display_path(rel)
        parsed = Parsed(shown) if text is None else parse_text(text, shown, fmt)
        if parsed.error is not None:
            self.errors.append(parsed.error)
        return parsed, Lines(text or "")


class Lines:
    """Finds the line of a quoted value in a file's text, in order (for array items)."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self._cursor: dict[tuple[str, int], int] = {}

    def find(self, value: str, start: int) -> int:
        """First line from ``start`` (past earlier finds from there) holding ``value`` quoted."""
        quoted = (f'"{value}"', f"'{value}'")
        begin = self._cursor.get((value, start), start)
        for number in range(max(begin, 1), len(self.lines) + 1):
            if any(q in self.lines[number - 1] for q in quoted):
                self._cursor[(value, start)] = number + 1
                return number
        return max(start, 1)


def clean_url(value: str) -> str:
    """``value`` without user, password and query when it is a URL; unchanged otherwise."""
    if "://" not in value:
        return value
    try:
        parts = urlsplit(value)
    except ValueError:
        return re.sub(r"//[^/@]*@", "//", value.split("?", 1)[0])
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, host, parts.path, "", parts.fragment))


def sha_pinned(ref: str) -> bool:
    """A git reference (or URL ending in one) that names a commit by its full id."""
    return bool(re.search(r"(?:^|[@#=/])[0-9a-f]{40}$", ref.strip()))


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def table_entry(value: Any, exact: re.Pattern[str]) -> tuple[str, Source, bool]:
    """Spec, source and pinned of a Cargo, Poetry or Pipenv ``"spec"`` or ``{table}`` value."""
    entry = value if isinstance(value, dict) else {"version": value}
    if "git" in entry:
        return clean_url(str(entry["git"])), "git", sha_pinned(str(entry.get("rev", "")))
    if "url" in entry:
        return clean_url(str(entry["url"])), "url", False
    if "path" in entry or "file" in entry:
        return str(entry.get("path", entry.get("file"))), "path", False
    version = text if isinstance(text := entry.get("version"), str) else ""
    return version, "registry", len(version) < 100 and bool(exact.match(version))


_SEMVER = re.compile(r"^=?v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")
_CARGO_EXACT = re.compile(r"^=\s*\d+\.\d+\.\d+")
PLAIN_VERSION = re.compile(r"^=?=?\s*v?\d+(?:\.\d+)*(?:[-.+]?[0-9A-Za-z][0-9A-Za-z.+-]*)?$")


def _npm(spec: str) -> tuple[Source, bool]:
    value = spec.strip()
    if alias := re.match(r"^npm:(?:@?[^@]+)@(.*)$", value):
        return "registry", bool(_SEMVER.match(alias.group(1)))
    if re.match(r"^(file:|link:|workspace:|portal:|\.{0,2}/|~/)", value):
        return "path", False
    if re.match(r"^(git\+|git:|github:|gitlab:|bitbucket:|gist:|[\w.-]+/[\w.-]+(#.*)?$)", value):
        return "git", sha_pinned(value)
    if re.match(r"^https?://", value):
        return "url", False
    return "registry", bool(_SEMVER.match(value))


def parse_package_json(repo: Repo, rel: str, found: Found) -> list[Dependency]:
    parsed, _ = found.parse(repo, rel, "json")
    deps: list[Dependency] = []
    for section in ("dependencies", "devDependencies", "optionalDependencies", "peerDependencies"):
        for name, spec in as_dict(as_dict(parsed.value).get(section)).items():
            text = spec if isinstance(spec, str) else ""
            source, pinned = _npm(text)
            line = parsed.line(section, name)
            deps.append(Dependency(name, clean_url(text), line, pinned, source, section))
    return deps


_NPMRC_LINE = re.compile(r"^\s*(?P<key>[^#;\s][^=]*)=(?P<value>.*)$")
_YARNRC_LINE = re.compile(r'^\s*(?P<key>"[^"]+"|[^\s#"]\S*)\s+(?P<value>\S.*)$')


def read_npmrc(repo: Repo, rel: str, found: Found) -> None:
    """``.npmrc`` (``key=value``) or Yarn 1's ``.yarnrc`` (``key value``, either side quoted)."""
    yarn = rel.endswith(".yarnrc")
    for number, raw in enumerate((found.read_text(repo, rel) or "").splitlines(), start=1):
        if not (entry := (_YARNRC_LINE if yarn else _NPMRC_LINE).match(raw)):
            continue
        key, value = (part.strip().strip("\"'") for part in entry.group("key", "value"))
        if key == "registry":
            found.setting(rel, number, "yarn_registry" if yarn else "npm_registry", value)
        elif scope := re.fullmatch(r"(@[^:\s]+):registry", key):
            kind = "yarn_scope" if yarn else "npm_scope_registry"
            found.setting(rel, number, kind, value, scope=scope.group(1))
        elif re.search(r"(^|:)(_authToken|_auth|_password)$", key):
            found.token(rel, number, key, value)


def read_yarnrc_yml(repo: Repo, rel: str, found: Found) -> None:
    """Yarn 2+: ``npmRegistryServer``, ``npmScopes`` and auth settings at any level."""
    parsed, _ = found.parse(repo, rel, "yaml")
    doc = as_dict(parsed.value)
    tables: list[tuple[tuple[str, ...], Any]] = [((), doc)] if doc else []
    for group in ("npmScopes", "npmRegistries"):
        tables += [((group, key), value) for key, value in as_dict(doc.get(group)).items()]
    for path, table in tables:
        server = as_dict(table).get("npmRegistryServer")
        if isinstance(server, str) and path[:1] != ("npmRegistries",):
            kind, scope = ("yarn_scope", path[1]) if path else ("yarn_registry", None)
            found.setting(rel, parsed.line(*path, "npmRegistryServer"), kind, server, scope=scope)
        for key in ("npmAuthToken", "npmAuthIdent"):
            if key in as_dict(table):
                line = parsed.line(*path, key)
                found.token(rel, line, ".".join((*path, key)), table[key])


def parse_go_mod(repo: Repo, rel: str, found: Found) -> list[Dependency]:
    requires: list[tuple[str, str, int]] = []
    local: set[str] = set()
    block = ""
    for number, raw in enumerate((found.read_text(repo, rel) or "").splitlines(), start=1):
        line = raw.split("//", 1)[0].strip()
        directive = re.match(r"^(require|replace)\s*(\(?)\s*(.*)$", line)
        if block and line == ")":
            block = ""
            continue
        if directive and not block:
            kind, line = directive.group(1), directive.group(3)
            if directive.group(2):
                block = kind
                continue
        elif not (kind := block):
            continue
        if kind == "require" and (req := re.match(r"^(\S+)\s+(\S+)", line)):
            requires.append((req.group(1), req.group(2), number))
        elif kind == "replace" and (parts := line.partition("=>"))[1] and parts[0].split():
            if re.match(r"\s*(\.{1,2}/|/)", parts[2]):
                local.add(parts[0].split()[0])
    return [
        Dependency(name, version, number, True, "path" if name in local else "registry", "require")
        for name, version, number in requires
    ]


def parse_cargo_toml(repo: Repo, rel: str, found: Found) -> list[Dependency]:
    parsed, _ = found.parse(repo, rel, "toml")
    doc = as_dict(parsed.value)
    kinds = ("dependencies", "dev-dependencies", "build-dependencies")
    tables: list[tuple[tuple[str, ...], Any]] = [((kind,), doc.get(kind)) for kind in kinds]
    workspace = as_dict(doc.get("workspace")).get("dependencies")
    tables.append((("workspace", "dependencies"), workspace))
    for target, spec in as_dict(doc.get("target")).items():
        tables += [(("target", target, kind), as_dict(spec).get(kind)) for kind in kinds]
    deps: list[Dependency] = []
    for path, table in tables:
        for name, value in as_dict(table).items():
            spec, source, pinned = table_entry(value, _CARGO_EXACT)
            line = parsed.line(*path, name)
            deps.append(Dependency(name, spec, line, pinned, source, ".".join(path)))
    return deps


def _xml_tag(body: str, tag: str) -> str:
    match = re.search(rf"<{tag}>([^<]*)</{tag}>", body)
    return match.group(1).strip() if match else ""


def _blank_comments(text: str) -> str:
    """``text`` with every ``<!-- -->`` comment blanked out, newlines kept (linear time)."""
    out, position = [], 0
    while (start := text.find("<!--", position)) != -1:
        end = text.find("-->", start + 4)
        end = len(text) if end == -1 else end + 3
        out += [text[position:start], re.sub(r"[^\n]", " ", text[start:end])]
        position = end
    return "".join(out) + text[position:]


def _maven_pinned(version: str) -> bool:
    dynamic = re.search(r"[\[\](),$+*]|^(LATEST|RELEASE|latest\..*)$|-SNAPSHOT$", version)
    return bool(version) and not dynamic


def parse_pom_xml(repo: Repo, rel: str, found: Found) -> list[Dependency]:
    text = found.read_text(repo, rel) or ""
    if doctype := re.search(r"<!(DOCTYPE|ENTITY)", text, re.IGNORECASE):
        line = text.count("\n", 0, doctype.start()) + 1
        found.errors.append(ParseError(display_path(rel), line, "DOCTYPE refused; not parsed"))
        return []
    text = _blank_comments(text)
    deps: list[Dependency] = []
    for match in re.finditer(r"<(dependency|plugin|extension)>", text):
        end = text.find(f"</{match.group(1)}>", match.end(), match.end() + 8192)
        body = re.split(r"<(?:dependencies|exclusions)>", text[match.end() : max(end, 0)])[0]
        group, artifact = _xml_tag(body, "groupId"), _xml_tag(body, "artifactId")
        if artifact:
            version, scope = _xml_tag(body, "version"), _xml_tag(body, "scope")
            line = text.count("\n", 0, match.start()) + 1
            name = f"{group}:{artifact}" if group else artifact
            section = f"{match.group(1)}:{scope}" if scope else match.group(1)
            deps.append(
                Dependency(name, version, line, _maven_pinned(version), "registry", section)
            )
    return deps


_GRADLE_CONFIG = r"^\s*(\w+)\s*(?:\(\s*)?"  # any configuration: implementation, api, kapt ...
_GRADLE_STRING = re.compile(
    _GRADLE_CONFIG + r"(?:(?:enforcedPlatform|platform)\s*\(\s*)?"
    r"[\"']([^\"':\s]+):([^\"':\s]+)(?::([^\"'\s]+))?[\"']"
)
_GRADLE_MAP = re.compile(
    _GRADLE_CONFIG + r"group\s*[:=]\s*[\"']([^\"']+)[\"']\s*,\s*name\s*[:=]\s*[\"']([^\"']+)[\"']"
    r"(?:\s*,\s*version\s*[:=]\s*[\"']([^\"']+)[\"'])?"
)


def parse_gradle(repo: Repo, rel: str, found: Found) -> list[Dependency]:
    deps: list[Dependency] = []
    for number, raw in enumerate((found.read_text(repo, rel) or "").splitlines(), start=1):
        if match := _GRADLE_STRING.match(raw) or _GRADLE_MAP.match(raw):
            config, group, artifact, version = (part or "" for part in match.groups())
            name, pinned = f"{group}:{artifact}", _maven_pinned(version)
            deps.append(Dependency(name, version, number, pinned, "registry", config))
    return deps


_GEM = re.compile(r"""^\s*gem\s*(?:\(\s*)?["']([^"']+)["'](.*)$""")
_GEM_OPTION = re.compile(r"""\b(\w+):\s*["']([^"']*)["']|:(\w+)\s*=>\s*["']([^"']*)["']""")


def parse_gemfile(repo: Repo, rel: str, found: Found) -> list[Dependency]:
    deps: list[Dependency] = []
    for number, raw in enumerate((found.read_text(repo, rel) or "").splitlines(), start=1):
        if not (match := _GEM.match(raw.split("#", 1)[0])):
            continue
        name, rest = match.groups()
        options = {(m[0] or m[2]): (m[1] or m[3]) for m in _GEM_OPTION.findall(rest)}
        versions = re.findall(r"""["']([^"']+)["']""", _GEM_OPTION.sub("", rest))
        git = [options[k] for k in ("git", "github", "gitlab", "bitbucket") if k in options]
        if git:
            pinned = sha_pinned(options.get("ref", ""))
            deps.append(Dependency(name, clean_url(git[0]), number, pinned, "git"))
        elif "path" in options:
            deps.append(Dependency(name, options["path"], number, False, "path"))
        else:
            exact = len(versions) == 1 and bool(re.match(r"^=?\s*\d+(\.\d+)*$", versions[0]))
            deps.append(Dependency(name, ", ".join(versions), number, exact, "registry"))
    return deps
