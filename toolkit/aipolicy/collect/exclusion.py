"""Context exclusion: for each assistant present, whether its ignore mechanism keeps each
sensitive path out of its context.

Sensitive paths are the secret-like files (:mod:`aipolicy.collect.secrets`) and the
patterns of the manifest's ``data_paths`` (category -> gitignore-style patterns). A
pattern is judged by a *probe*: a path built from the pattern (``*`` and ``**`` become
:data:`PROBE`), so ``excluded`` says whether a file matching it would be excluded.

Mechanisms (../shared/AI-TOOLS.md sections 1, 3, 4 and 6):

* ignore files, gitignore syntax, read with :class:`pathspec.GitIgnoreSpec`: negation,
  directory patterns, and git's rule that a file whose parent directory is excluded
  cannot be re-included. Only ``.aiexclude`` is honoured in any directory (Android
  Studio / Gemini Code Assist); the others are read at the repository root only (Cursor's
  hierarchical lookup is a setting, off by default). ``.cursorindexingignore`` is not a
  mechanism: files it lists stay available to Cursor's AI features.
* Claude Code: ``Read(...)`` rules in ``permissions.deny`` of ``.claude/settings.json``
  and ``.claude/settings.local.json``. ``Read`` alone denies every file; ``/p`` is
  anchored at the project root, ``p`` and ``./p`` are gitignore patterns from the root
  (the working directory); ``~/p`` and ``//abs`` paths are outside the project
  (``//**/p`` still matches anywhere).
* Documented defaults (:data:`DEFAULT_EXCLUSIONS`): Cursor excludes ``.env*`` without
  any configuration (cursor.com/docs/reference/ignore-file).

A tool is recorded when the assistants collector reports it and it has a mechanism (an
assistant without one, such as Codex, is absent here: the policy sees it in the
assistants facts). ``excluded_by`` names the first mechanism that excludes the path
(its files in the order above, then the tool's defaults).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pathspec

from aipolicy.collect.assistants import AssistantsCollector
from aipolicy.collect.listing import display_path
from aipolicy.collect.manifest import MANIFEST_NAMES
from aipolicy.collect.parse import ParseError, parse_file
from aipolicy.collect.repo import Repo
from aipolicy.collect.secrets import Secrets, SecretsCollector
from aipolicy.facts import AssistantUse

MAX_IGNORE_FILE_BYTES = 256 * 1024
"""Ignore files are read up to this size (a longer one is cut at its last full line)."""
PROBE = "aipolicy-probe"
"""Stands for any name (``*``, ``**``, ``?``) when a data-path pattern becomes a path."""

IGNORE_FILES: dict[str, tuple[tuple[str, bool], ...]] = {
    "cursor": ((".cursorignore", False),),
    "gemini": ((".geminiignore", False), (".aiexclude", True)),
    "aider": ((".aiderignore", False),),
    "jetbrains-ai": ((".aiignore", False),),
    "junie": ((".aiignore", False),),
    "windsurf": ((".codeiumignore", False),),
    "cline": ((".clineignore", False),),
    "roo": ((".rooignore", False),),
    "continue": ((".continueignore", False),),
}
"""Tool id -> (ignore file name, honoured in every directory) pairs."""
CLAUDE_TOOL = "claude-code"
CLAUDE_SETTINGS = (".claude/settings.json", ".claude/settings.local.json")
DEFAULT_EXCLUSIONS: dict[str, tuple[str, ...]] = {"cursor": (".env*",)}
"""Patterns a tool excludes with no configuration, from its documentation."""

_READ_RULE = re.compile(r"^\s*Read\s*(?:\((?P<spec>.*)\))?\s*$", re.DOTALL)


@dataclass(frozen=True)
class ExcludedBy:
    """Where the exclusion of a path comes from."""

    path: str
    """The ignore or settings file, or ``(<tool> default)`` for a documented default."""
    line: int | None
    """1-based line of the pattern or rule (``None`` for a default)."""

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line}


@dataclass(frozen=True)
class SensitivePath:
    """A sensitive path and whether one tool keeps it out of its context."""

    path: str
    """A secret-like file, or a data-path pattern as the manifest writes it."""
    reason: str
    """``secret_file`` or ``data_category:<category>``."""
    excluded_by: ExcludedBy | None
    """What excludes it; ``None`` when the tool may read it."""

    @property
    def excluded(self) -> bool:
        return self.excluded_by is not None

    def to_json(self) -> dict[str, Any]:
        by = self.excluded_by
        return {
            "path": self.path,
            "reason": self.reason,
            "excluded": self.excluded,
            "excluded_by": None if by is None else by.to_json(),
        }


@dataclass(frozen=True)
class ToolExclusion:
    """One assistant's exclusion mechanism and what it covers."""

    tool: str
    """Tool id, as in the assistants facts."""
    mechanism_files: tuple[str, ...]
    """Its ignore or settings files present in the repository, sorted."""
    sensitive: tuple[SensitivePath, ...]
    """Every sensitive path, sorted by path then reason."""

    def to_json(self) -> dict[str, Any]:
        return {
            "tool": self.tool,
            "mechanism_files": list(self.mechanism_files),
            "sensitive": [s.to_json() for s in self.sensitive],
        }


@dataclass(frozen=True)
class ContextExclusion:
    """Context exclusion of sensitive paths, per assistant present."""

    tools: tuple[ToolExclusion, ...] = ()
    """Sorted by tool id."""
    parse_errors: tuple[ParseError, ...] = ()
    """Settings or manifest files that did not parse (gathered into the top-level list)."""

    def to_json(self) -> list[dict[str, Any]]:
        return [t.to_json() for t in self.tools]


@dataclass(frozen=True)
class _Rules:
    """Exclusion patterns from one file, applying to paths under ``base``."""

    path: str
    base: str
    spec: pathspec.GitIgnoreSpec
    lines: tuple[int | None, ...]
    """Line of each pattern of ``spec``, by index."""


class ContextExclusionCollector:
    name = "context_exclusion"

    def __init__(
        self, secrets: Secrets | None = None, assistants: tuple[AssistantUse, ...] | None = None
    ) -> None:
        self._secrets = secrets
        self._assistants = assistants

    def collect(self, repo: Repo) -> ContextExclusion:
        errors: list[ParseError] = []
        secrets = self._secrets if self._secrets is not None else SecretsCollector().collect(repo)
        sensitive = [(p, p, "secret_file") for p in secrets.paths]
        sensitive += [
            (pattern, probe(pattern), f"data_category:{category}")
            for category, pattern in _data_paths(repo, errors)
        ]
        sensitive.sort(key=lambda entry: (entry[0], entry[2]))
        uses = self._assistants
        if uses is None:
            uses = AssistantsCollector().collect(repo)
        present = {use.tool for use in uses}
        tools: list[ToolExclusion] = []
        for tool in sorted(present & {*IGNORE_FILES, CLAUDE_TOOL}):
            files, groups = _mechanism(repo, tool, errors)
            groups.append(_default_rules(tool))
            entries = tuple(
                SensitivePath(shown, reason, _first_exclusion(groups, target))
                for shown, target, reason in sensitive
            )
            tools.append(ToolExclusion(tool, tuple(sorted(files)), entries))
        return ContextExclusion(tuple(tools), tuple(errors))


Group = list[_Rules]
"""The files of one mechanism, decided together (deeper files override shallower ones)."""


def _mechanism(repo: Repo, tool: str, errors: list[ParseError]) -> tuple[list[str], list[Group]]:
    """The tool's mechanism files and their rules, one group per independent mechanism."""
    if tool == CLAUDE_TOOL:
        return _claude_rules(repo, errors)
    files: list[str] = []
    groups: list[Group] = []
    for name, nested in IGNORE_FILES[tool]:
        found = {name} if repo.is_file(name) else set()
        if nested:
            found |= {f for f in repo.files if f.endswith("/" + name) and repo.is_file(f)}
        ordered = sorted(found, key=lambda f: (f.count("/"), f))
        files += [display_path(rel) for rel in ordered]
        groups.append([_ignore_file(repo, rel) for rel in ordered])
    return files, groups


def _ignore_file(repo: Repo, rel: str) -> _Rules:
    read = repo.read(rel, MAX_IGNORE_FILE_BYTES)
    data = b"" if read is None else read.data
    if read is not None and read.truncated:
        data = data[: data.rfind(b"\n") + 1]
    lines = [line.removesuffix("\r") for line in data.decode("utf-8", "replace").split("\n")]
    base = rel[: rel.rfind("/") + 1]
    numbers = tuple(range(1, len(lines) + 1))
    return _Rules(display_path(rel), base, _spec(lines), numbers)


def _spec(patterns: Iterable[str]) -> pathspec.GitIgnoreSpec:
    """One compiled pattern per line, so a match's index is its line's.

    pathspec drops empty lines and rejects some (``!``, a lone ``\\``): both become a
    comment, which matches nothing.
    """
    lines = [line or "#" for line in patterns]
    try:
        return pathspec.GitIgnoreSpec.from_lines(lines)
    except ValueError:  # pathspec's GitIgnorePatternError
        return pathspec.GitIgnoreSpec.from_lines([_valid(line) for line in lines])


def _valid(line: str) -> str:
    try:
        pathspec.GitIgnoreSpec.from_lines([line])
    except ValueError:
        return "#"
    return line


def _claude_rules(repo: Repo, errors: list[ParseError]) -> tuple[list[str], list[Group]]:
    files: list[str] = []
    groups: list[Group] = []
    for rel in CLAUDE_SETTINGS:
        parsed = parse_file(repo, rel, "jsonc")
        if parsed is None:
            continue
        files.append(parsed.path)
        if parsed.error is not None:
            errors.append(parsed.error)
            continue
        patterns: list[str] = []
        lines: list[int | None] = []
        deny = _get(parsed.value, "permissions", "deny")
        for index, rule in enumerate(deny if isinstance(deny, list) else []):
            pattern = claude_read_pattern(rule) if isinstance(rule, str) else None
            if pattern is not None:
                patterns.append(pattern)
                lines.append(parsed.line("permissions", "deny", index))
        groups.append([_Rules(parsed.path, "", _spec(patterns), tuple(lines))])
    return files, groups


def claude_read_pattern(rule: str) -> str | None:
    """The gitignore pattern (from the project root) a Claude Code deny ``rule`` stands for.

    ``None`` when the rule is not a ``Read`` rule or names nothing inside the project.
    """
    match = _READ_RULE.match(rule)
    if match is None:
        return None
    spec = (match.group("spec") or "").strip()
    if spec in ("", "*", "**"):
        return "*"
    if spec.startswith("//"):
        return spec[2:] if spec.startswith("//**/") else None
    if spec == "~" or spec.startswith(("~/", "!")) or "\n" in spec:
        return None
    if spec.startswith("./"):
        spec = spec[2:]
    return spec or None


def _default_rules(tool: str) -> Group:
    patterns = DEFAULT_EXCLUSIONS.get(tool, ())
    if not patterns:
        return []
    nones = tuple(None for _ in patterns)
    return [_Rules(f"({tool} default)", "", _spec(patterns), nones)]


def _first_exclusion(groups: list[Group], path: str) -> ExcludedBy | None:
    for group in groups:
        excluded_by = _decide(group, path)
        if excluded_by is not None:
            return excluded_by
    return None


def _decide(group: Group, path: str) -> ExcludedBy | None:
    """Whether ``path`` is excluded, by git's rules, and by which pattern.

    Each parent directory is tested first: once one is excluded, nothing inside it can
    be re-included. At each level a deeper file's decision overrides a shallower one's.
    """
    parts = path.split("/")
    for depth in range(1, len(parts) + 1):
        target = "/".join(parts[:depth]) + ("/" if depth < len(parts) else "")
        decision: ExcludedBy | None = None
        for rules in group:
            if not target.startswith(rules.base) or target == rules.base:
                continue
            result = rules.spec.check_file(target[len(rules.base) :])
            if result.include is not None and result.index is not None:
                excluded = ExcludedBy(rules.path, rules.lines[result.index])
                decision = excluded if result.include else None
        if decision is not None:
            return decision
    return None


def probe(pattern: str) -> str:
    """A path that the gitignore-style ``pattern`` matches, to test exclusions with.

    Runs of ``*`` become :data:`PROBE`, ``?`` and ``[...]`` one character they accept, an
    escaped character itself; a directory pattern gets :data:`PROBE` as a file inside.
    """
    text = pattern.strip().lstrip("/")
    if not text or text.endswith("/"):
        text += "*"
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        end = text.find("]", i + 2) if char == "[" else -1
        if char == "\\" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
        elif char == "*":
            out.append(PROBE)
            while i < len(text) and text[i] == "*":
                i += 1
        elif end != -1:
            out.append(_class_member(text[i + 1 : end]))
            i = end + 1
        else:
            out.append("x" if char == "?" else char)
            i += 1
    return "".join(out)


def _class_member(body: str) -> str:
    """A character the glob class ``[body]`` accepts (``x`` if it cannot be told)."""
    negated = body[:1] in ("!", "^")
    regex = "[" + ("^" if negated else "") + body[negated:].replace("\\", "\\\\") + "]"
    try:
        accepts = re.compile(regex)
    except re.error:
        return "x"
    return next((c for c in "x_0aA" if accepts.fullmatch(c)), "x")


def _data_paths(repo: Repo, errors: list[ParseError]) -> list[tuple[str, str]]:
    """(category, pattern) pairs from the manifest's ``data_paths``, if it has them."""
    for rel in MANIFEST_NAMES:
        parsed = parse_file(repo, rel, "yaml")
        if parsed is None:
            continue
        if parsed.error is not None:
            errors.append(parsed.error)
            return []
        mapping = _get(parsed.value, "data_paths")
        if not isinstance(mapping, dict):
            return []
        return [
            (str(category), pattern)
            for category, patterns in mapping.items()
            if isinstance(patterns, list)
            for pattern in patterns
            if isinstance(pattern, str) and pattern.strip() and not pattern.startswith("!")
        ]
    return []


def _get(value: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value
