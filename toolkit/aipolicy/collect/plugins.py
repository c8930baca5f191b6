"""Plugins, plugin marketplaces and skills: what the repository asks assistants to load.

Claude Code settings files (``.claude/settings.json``, ``.claude/settings.local.json``, any
committed ``managed-settings.json`` or ``managed-settings.d/*.json``) are read again here for
three keys (code.claude.com/docs/en/plugins/org and /plugins/marketplace-reference):

- ``enabledPlugins``: an object of ``"plugin@marketplace"`` to ``true``/``false`` (or a list
  of versions);
- ``extraKnownMarketplaces``: marketplace name to ``{"source": {"source": <kind>, ...}}``,
  where the kind is ``github`` (``repo``), ``git`` or ``url`` (``url``), ``directory`` or
  ``file`` (``path``), ``npm`` (``package``), ``hostPattern`` or ``settings``;
- ``strictKnownMarketplaces``: a list of such source objects (managed settings only).

GitHub Copilot has no repository file for these documented (its CLI registers marketplaces
with ``copilot plugin marketplace add``), so none is read. Skills are inventoried where the
assistants discover them (a folder with a ``SKILL.md``): ``.claude/skills/`` (Claude Code),
``.agents/skills/`` (the open Agent Skills layout: Codex, Copilot) and ``.github/skills/``
(Copilot), at any depth, with the ``name`` and ``description`` of the SKILL.md front matter
and the files the skill ships under ``scripts/``.

Nothing is fetched or run: a marketplace is recorded as written. URLs lose their
credentials, query string and fragment; no header value is ever recorded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from aipolicy.collect.agent_config import CLAUDE_MANAGED, CLAUDE_SETTINGS
from aipolicy.collect.agent_mcp import MISSING, Fact, get_path, load, strip_url
from aipolicy.collect.listing import display_path
from aipolicy.collect.parse import Parsed, ParseError, parse_text
from aipolicy.collect.repo import Repo

SKILL_FILES = (
    "**/.claude/skills/*/SKILL.md",
    "**/.agents/skills/*/SKILL.md",
    "**/.github/skills/*/SKILL.md",
    "**/.gemini/skills/*/SKILL.md",
)
MAX_SKILL_BYTES = 256 * 1024
MAX_TEXT = 1024
"""Longest name or description recorded (the Agent Skills limit for a description)."""

_FRONT_MATTER_END = re.compile(r"^---[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class MarketplaceSource(Fact):
    """Where a marketplace is fetched from: a ``source`` object as written."""

    type: str | None
    """The kind (``source``): github, git, url, npm, file, directory, hostPattern,
    settings; null when missing or not a string."""
    repo: str | None
    """``repo`` (github: owner/name)."""
    url: str | None
    """``url`` (git, url) without userinfo, query string or fragment."""
    path: str | None
    """``path`` (directory, file; or the marketplace file inside a repository)."""
    ref: str | None
    """``ref`` (branch or tag), when given."""
    package: str | None
    """``package`` (npm)."""
    host_pattern: str | None
    """``hostPattern`` (a pattern of hosts, in strictKnownMarketplaces)."""


@dataclass(frozen=True)
class EnabledPlugin(Fact):
    """One entry of ``enabledPlugins``."""

    tool: str
    """Assistant whose settings file holds it (claude-code)."""
    path: str
    """Settings file, relative to the repository root."""
    scope: str
    """``project`` (settings.json), ``local`` (settings.local.json) or ``managed``."""
    line: int
    """1-based line of the entry."""
    id: str
    """The key as written, ``name@marketplace``."""
    name: str
    """The plugin name (the part before the last ``@``)."""
    marketplace: str | None
    """The marketplace name (after the last ``@``); null when the key has no ``@``."""
    enabled: bool | None
    """The value when it is a boolean; true for a list of versions; null otherwise."""
    versions: tuple[str, ...] | None
    """The versions when the value is a list of them."""


@dataclass(frozen=True)
class Marketplace(Fact):
    """One entry of ``extraKnownMarketplaces``."""

    tool: str
    """Assistant whose settings file holds it (claude-code)."""
    path: str
    """Settings file, relative to the repository root."""
    scope: str
    """``project``, ``local`` or ``managed``."""
    line: int
    """1-based line of the entry."""
    name: str
    """The marketplace name (the key)."""
    source: MarketplaceSource | None
    """Where it is fetched from; null when the entry has no ``source`` object."""
    auto_update: bool | None
    """``autoUpdate`` when it is a boolean."""


@dataclass(frozen=True)
class SourceEntry(Fact):
    """One source object of ``strictKnownMarketplaces``."""

    line: int
    """1-based line of the entry."""
    source: MarketplaceSource
    """The source as written."""


@dataclass(frozen=True)
class StrictMarketplaces(Fact):
    """``strictKnownMarketplaces`` of one settings file: only these marketplaces may be added."""

    line: int
    """1-based line of the key."""
    entries: tuple[SourceEntry, ...]
    """The allowed sources (empty: no marketplace may be added)."""


@dataclass(frozen=True)
class PluginSettingsFile(Fact):
    """A settings file read for plugin keys."""

    tool: str
    """Assistant the file belongs to (claude-code)."""
    path: str
    """File, relative to the repository root."""
    scope: str
    """``project``, ``local`` or ``managed``."""
    parse_error: bool
    """The file could not be parsed (its error is among the parse errors)."""
    strict_known_marketplaces: StrictMarketplaces | None
    """``strictKnownMarketplaces`` when the file sets it to a list."""


@dataclass(frozen=True)
class Skill(Fact):
    """A skill folder: a directory with a ``SKILL.md``."""

    root: str
    """The skills directory it is in (``.claude/skills``, ``pkg/.agents/skills``, ...)."""
    dir: str
    """The skill folder."""
    path: str
    """Its SKILL.md."""
    line: int
    """1-based line of the front matter's ``name`` (1 when there is none)."""
    front_matter: bool
    """The SKILL.md starts with a YAML front matter block that parsed to an object."""
    name: str | None
    """``name`` from the front matter (at most 1024 characters)."""
    description: str | None
    """``description`` from the front matter (at most 1024 characters)."""
    description_line: int | None
    """1-based line of ``description``."""
    scripts: tuple[str, ...]
    """Files under the skill's ``scripts/`` folder, sorted."""


@dataclass(frozen=True)
class PluginFacts:
    """Plugins, marketplaces and skills the repository configures."""

    settings_files: tuple[PluginSettingsFile, ...] = ()
    """Settings files read, sorted by path."""
    enabled_plugins: tuple[EnabledPlugin, ...] = ()
    """Every ``enabledPlugins`` entry, in file order."""
    marketplaces: tuple[Marketplace, ...] = ()
    """Every ``extraKnownMarketplaces`` entry, in file order."""
    skills: tuple[Skill, ...] = ()
    """Every skill folder, sorted by path."""
    parse_errors: tuple[ParseError, ...] = ()
    """Files that could not be parsed (not in JSON)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "settings_files": [f.to_json() for f in self.settings_files],
            "enabled_plugins": [p.to_json() for p in self.enabled_plugins],
            "marketplaces": [m.to_json() for m in self.marketplaces],
            "skills": [s.to_json() for s in self.skills],
        }


class PluginsCollector:
    """Reads the ``plugins`` section."""

    name = "plugins"

    def collect(self, repo: Repo) -> PluginFacts:
        errors: list[ParseError] = []
        files: list[PluginSettingsFile] = []
        plugins: list[EnabledPlugin] = []
        marketplaces: list[Marketplace] = []
        candidates = [*CLAUDE_SETTINGS, *((p, "managed") for p in repo.glob(*CLAUDE_MANAGED))]
        for rel, scope in sorted(candidates):
            parsed = load(repo, rel, "jsonc", errors)
            if parsed is None:
                continue
            if parsed.error is not None:
                files.append(PluginSettingsFile("claude-code", parsed.path, scope, True, None))
                continue
            files.append(
                PluginSettingsFile(
                    "claude-code", parsed.path, scope, False, _strict(parsed, parsed.value)
                )
            )
            plugins.extend(_enabled_plugins(parsed, scope))
            marketplaces.extend(_marketplaces(parsed, scope))
        skills = [_skill(repo, rel, errors) for rel in repo.glob(*SKILL_FILES)]
        return PluginFacts(
            settings_files=tuple(files),
            enabled_plugins=tuple(plugins),
            marketplaces=tuple(marketplaces),
            skills=tuple(sorted((s for s in skills if s is not None), key=lambda s: s.path)),
            parse_errors=tuple(errors),
        )


def _enabled_plugins(parsed: Parsed, scope: str) -> list[EnabledPlugin]:
    value = get_path(parsed.value, ("enabledPlugins",))
    if not isinstance(value, dict):
        return []
    found = []
    for key, setting in value.items():
        name, at, marketplace = key.rpartition("@")
        if not at:
            name, marketplace = key, ""
        versions = (
            tuple(v if isinstance(v, str) else str(v) for v in setting)
            if isinstance(setting, list)
            else None
        )
        enabled = setting if isinstance(setting, bool) else (True if versions is not None else None)
        found.append(
            EnabledPlugin(
                tool="claude-code",
                path=parsed.path,
                scope=scope,
                line=parsed.line("enabledPlugins", key),
                id=key,
                name=name,
                marketplace=marketplace or None,
                enabled=enabled,
                versions=versions,
            )
        )
    return found


def _marketplaces(parsed: Parsed, scope: str) -> list[Marketplace]:
    value = get_path(parsed.value, ("extraKnownMarketplaces",))
    if not isinstance(value, dict):
        return []
    found = []
    for name, entry in value.items():
        source = entry.get("source") if isinstance(entry, dict) else None
        auto_update = entry.get("autoUpdate") if isinstance(entry, dict) else None
        found.append(
            Marketplace(
                tool="claude-code",
                path=parsed.path,
                scope=scope,
                line=parsed.line("extraKnownMarketplaces", name),
                name=name,
                source=_source(source) if isinstance(source, dict) else None,
                auto_update=auto_update if isinstance(auto_update, bool) else None,
            )
        )
    return found


def _strict(parsed: Parsed, value: Any) -> StrictMarketplaces | None:
    strict = get_path(value, ("strictKnownMarketplaces",))
    if strict is MISSING or not isinstance(strict, list):
        return None
    entries = tuple(
        SourceEntry(parsed.line("strictKnownMarketplaces", i), _source(item))
        for i, item in enumerate(strict)
        if isinstance(item, dict)
    )
    return StrictMarketplaces(parsed.line("strictKnownMarketplaces"), entries)


def _source(source: dict[str, Any]) -> MarketplaceSource:
    url = _string(source, "url")
    return MarketplaceSource(
        type=_string(source, "source"),
        repo=_string(source, "repo"),
        url=strip_url(url) if url is not None else None,
        path=_string(source, "path"),
        ref=_string(source, "ref"),
        package=_string(source, "package"),
        host_pattern=_string(source, "hostPattern"),
    )


def _string(entry: dict[str, Any], key: str) -> str | None:
    value = entry.get(key)
    return value if isinstance(value, str) else None


# --- Skills ---------------------------------------------------------------------------


def _skill(repo: Repo, rel: str, errors: list[ParseError]) -> Skill | None:
    read = repo.read(rel, MAX_SKILL_BYTES)
    if read is None:
        return None
    shown = display_path(rel)
    skill_dir = rel.rsplit("/", 1)[0]
    prefix = f"{skill_dir}/scripts/"
    scripts = tuple(sorted(display_path(f) for f in repo.files if f.startswith(prefix)))
    base = Skill(
        root=display_path(skill_dir.rsplit("/", 1)[0]),
        dir=display_path(skill_dir),
        path=shown,
        line=1,
        front_matter=False,
        name=None,
        description=None,
        description_line=None,
        scripts=scripts,
    )
    text = read.data.decode("utf-8", "replace").removeprefix("\ufeff")
    block = _front_matter(text)
    if block is None:
        return base
    parsed = parse_text(block, shown, "yaml")
    if parsed.error is not None:
        line = parsed.error.line + 1 if parsed.error.line is not None else None
        errors.append(ParseError(shown, line, f"front matter: {parsed.error.message}"))
        return base
    if not isinstance(parsed.value, dict):
        return base
    name = parsed.value.get("name")
    description = parsed.value.get("description")
    return Skill(
        root=base.root,
        dir=base.dir,
        path=shown,
        line=parsed.line("name") + 1 if "name" in parsed.value else 1,
        front_matter=True,
        name=name[:MAX_TEXT] if isinstance(name, str) else None,
        description=description[:MAX_TEXT] if isinstance(description, str) else None,
        description_line=parsed.line("description") + 1 if "description" in parsed.value else None,
        scripts=scripts,
    )


def _front_matter(text: str) -> str | None:
    """The YAML between a first line ``---`` and the next ``---`` line, if the file has one."""
    first, _, rest = text.partition("\n")
    if first.rstrip() != "---":
        return None
    end = _FRONT_MATTER_END.search(rest)
    return rest[: end.start()] if end else None
