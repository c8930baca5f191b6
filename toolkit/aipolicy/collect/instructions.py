"""Instruction, rule and skill files: what is in the text assistants obey.

The files are the assistants' own (CLAUDE.md, AGENTS.md, GEMINI.md, Copilot's
instructions and prompts, Cursor/Windsurf/Cline/Roo/Continue/Amazon Q/Junie rules, Claude
Code commands and agents, and the skills under ``.claude/skills``, ``.agents/skills``,
``.gemini/skills`` and ``.github/skills``),
matched as spelled, at the root or in any directory (:data:`PATTERNS`). Each is read
through :class:`Repo` (its first :data:`READ_BYTES`, at most :data:`MAX_FILES` files,
binary files skipped) and searched by :mod:`.instruction_scan` (hidden Unicode, remote
code, instructions loaded from a URL, secrets) and :mod:`.instruction_content` (prompt
injection, safety bypass, destructive commands, credential exfiltration, exfiltration
URLs, encoded payloads, concealment; each noted as in text, code or an HTML comment).

Files under a skill's ``scripts/`` folder are inventoried as the skill's scripts (path,
interpreter from the shebang or extension) and searched for the same remote-code commands
and the shell-like content patterns. Facts only, nothing is judged or run. Each list keeps
at most :data:`MAX_RECORDS` entries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from aipolicy.collect.instruction_content import ContentMatch, content_matches
from aipolicy.collect.instruction_scan import (
    MAX_RECORDS,
    HiddenUnicode,
    RemoteExec,
    RemoteInclude,
    SecretMatch,
    excerpt,
    hidden_unicode,
    remote_exec,
    remote_include,
    secrets,
)
from aipolicy.collect.listing import display_path
from aipolicy.collect.parse import ParseError
from aipolicy.collect.repo import Repo

__all__ = [
    "MAX_FILES",
    "MAX_RECORDS",
    "READ_BYTES",
    "ContentMatch",
    "HiddenUnicode",
    "InstructionFacts",
    "InstructionFile",
    "InstructionsCollector",
    "RemoteExec",
    "RemoteInclude",
    "SecretMatch",
    "SkillScript",
    "content_matches",
    "excerpt",
    "hidden_unicode",
    "interpreter",
    "remote_exec",
    "remote_include",
    "secrets",
]

READ_BYTES = 256 * 1024
"""Only the start of each file is read."""
MAX_FILES = 2_000
"""At most this many files (instruction files and skill scripts) are read."""
BINARY_SNIFF_BYTES = 8 * 1024

Kind = Literal["instructions", "rules", "skill", "command", "agent"]

_ANY_DIR = r"(?:.*/)?"
_PATH_KINDS: tuple[tuple[Kind, str], ...] = (
    ("instructions", r"(?:CLAUDE|CLAUDE\.local|AGENTS|AGENTS\.override|GEMINI)\.md"),
    ("instructions", r"\.claude/CLAUDE\.md"),
    ("instructions", r"\.github/copilot-instructions\.md"),
    ("instructions", r"\.github/instructions/.+"),
    ("instructions", r"\.junie/guidelines\.md"),
    ("rules", r"\.cursorrules"),
    ("rules", r"\.cursor/rules/.+"),
    ("rules", r"\.windsurfrules"),
    ("rules", r"\.windsurf/rules/.+"),
    ("rules", r"\.clinerules(?:/.+)?"),
    ("rules", r"\.roo/rules[^/]*/.+"),
    ("rules", r"\.roorules[^/]*"),
    ("rules", r"\.continue/rules/.+"),
    ("rules", r"\.amazonq/rules/.+"),
    ("rules", r"\.claude/rules/.+"),
    ("skill", r"\.(?:claude|agents|gemini|github)/skills/.+"),
    ("command", r"\.claude/commands/.+"),
    ("command", r"\.github/prompts/.+"),
    ("agent", r"\.claude/agents/.+"),
)
PATTERNS: tuple[tuple[Kind, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(_ANY_DIR + pattern + r"$")) for kind, pattern in _PATH_KINDS
)
"""What each instruction file is to its assistant, by path (first match wins)."""
_CANDIDATE = re.compile(
    r"(?:^|/)(?:CLAUDE|AGENTS|GEMINI|\.(?:github|junie|cursor|windsurf|clinerules|roo|continue"
    r"|amazonq|claude|agents|gemini))"
)
"""A quick test every path of :data:`PATTERNS` passes (most paths fail it at once)."""

_SKILL_SCRIPT = re.compile(
    _ANY_DIR + r"(\.(?:claude|agents|gemini|github)/skills/[^/]+)/scripts/.+$"
)

_INTERPRETERS = {
    ".sh": "sh",
    ".bash": "bash",
    ".zsh": "zsh",
    ".fish": "fish",
    ".py": "python",
    ".js": "node",
    ".mjs": "node",
    ".cjs": "node",
    ".ts": "node",
    ".rb": "ruby",
    ".pl": "perl",
    ".php": "php",
    ".lua": "lua",
    ".ps1": "powershell",
    ".bat": "cmd",
    ".cmd": "cmd",
}
"""Interpreter of a script without a shebang, by extension."""
_SHEBANG = re.compile(r"^#!\s*(\S+)(?:\s+(?:-\S+\s+)*(\S+))?")


@dataclass(frozen=True)
class InstructionFile:
    """One instruction, rule, skill, command or agent file and what is in it."""

    path: str
    """Path relative to the repository root (display form)."""
    kind: Kind
    """``instructions``, ``rules``, ``skill``, ``command`` or ``agent``."""
    truncated: bool = False
    """Larger than :data:`READ_BYTES`; only its start was searched."""
    hidden_unicode: tuple[HiddenUnicode, ...] = ()
    """Hidden characters, one record per line and kind."""
    remote_exec: tuple[RemoteExec, ...] = ()
    """Commands or phrases that fetch and run remote code."""
    remote_include: tuple[RemoteInclude, ...] = ()
    """Instructions loaded from a URL."""
    secrets: tuple[SecretMatch, ...] = ()
    """Secret-like text, one record per line and kind."""
    content_matches: tuple[ContentMatch, ...] = ()
    """Risky content (prompt injection, safety bypass, destructive commands, exfiltration,
    encoded payloads, concealment), one record per line, kind and place."""

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "kind": self.kind,
            "truncated": self.truncated,
            "hidden_unicode": [h.to_json() for h in self.hidden_unicode],
            "remote_exec": [r.to_json() for r in self.remote_exec],
            "remote_include": [r.to_json() for r in self.remote_include],
            "secrets": [s.to_json() for s in self.secrets],
            "content_matches": [c.to_json() for c in self.content_matches],
        }


@dataclass(frozen=True)
class SkillScript:
    """A file a skill ships under its ``scripts/`` folder."""

    path: str
    """Path relative to the repository root (display form)."""
    skill: str
    """The skill's folder (``.claude/skills/<name>``, possibly under a subdirectory)."""
    interpreter: str | None
    """From the shebang (``bash``, ``python3``; ``env`` resolved), else by extension;
    ``binary`` for a binary file; ``None`` when unknown."""
    truncated: bool = False
    """Larger than :data:`READ_BYTES`; only its start was searched."""
    remote_exec: tuple[RemoteExec, ...] = ()
    """Commands that fetch and run remote code."""
    content_matches: tuple[ContentMatch, ...] = ()
    """Shell-like risky content (safety bypass, destructive commands, credential
    exfiltration, encoded payloads), one record per line and kind; all ``code``."""

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "skill": self.skill,
            "interpreter": self.interpreter,
            "truncated": self.truncated,
            "remote_exec": [r.to_json() for r in self.remote_exec],
            "content_matches": [c.to_json() for c in self.content_matches],
        }


@dataclass(frozen=True)
class InstructionFacts:
    """The repository's instruction, rule and skill files."""

    files: tuple[InstructionFile, ...] = ()
    """Instruction files, sorted by path (binary files left out)."""
    skill_scripts: tuple[SkillScript, ...] = ()
    """Scripts shipped by skills, sorted by path."""
    files_over_budget: int = 0
    """Matching files not read because :data:`MAX_FILES` were read already."""
    parse_errors: tuple[ParseError, ...] = ()
    """Always empty: text is read leniently (undecodable bytes replaced)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "files": [f.to_json() for f in self.files],
            "skill_scripts": [s.to_json() for s in self.skill_scripts],
            "files_over_budget": self.files_over_budget,
        }


class InstructionsCollector:
    name = "instructions"

    def collect(self, repo: Repo) -> InstructionFacts:
        files: list[InstructionFile] = []
        scripts: list[SkillScript] = []
        # Vendored trees too: a CLAUDE.md or skill copied in from elsewhere is still read
        # by the agent (and judged as an example, see contexts.example in the org data).
        candidates = [(rel, kind) for rel in repo.agentic_files if (kind := _kind(rel)) is not None]
        for rel, kind in candidates[:MAX_FILES]:
            read = repo.read(rel, READ_BYTES)
            if read is None:
                continue
            binary = b"\0" in read.data[:BINARY_SNIFF_BYTES]
            script = _SKILL_SCRIPT.match(rel)
            if script is not None:
                scripts.append(_script(rel, script.group(1), read.data, read.truncated, binary))
            elif not binary:
                files.append(_file(rel, kind, read.data, read.truncated))
        return InstructionFacts(
            files=tuple(sorted(files, key=lambda f: f.path)),
            skill_scripts=tuple(sorted(scripts, key=lambda s: s.path)),
            files_over_budget=max(0, len(candidates) - MAX_FILES),
        )


def _kind(rel: str) -> Kind | None:
    if _CANDIDATE.search(rel) is None:
        return None
    for kind, pattern in PATTERNS:
        if pattern.match(rel):
            return kind
    return None


def _text(data: bytes, truncated: bool) -> str:
    text = data.decode("utf-8-sig", "replace")
    if truncated:
        text = text[: text.rfind("\n") + 1] or text  # the last line may be cut
    return text


def _file(rel: str, kind: Kind, data: bytes, truncated: bool) -> InstructionFile:
    lines = _text(data, truncated).split("\n")
    return InstructionFile(
        path=display_path(rel),
        kind=kind,
        truncated=truncated,
        hidden_unicode=_cap(hidden_unicode(lines)),
        remote_exec=_cap(remote_exec(lines)),
        remote_include=_cap(remote_include(lines)),
        secrets=_cap(secrets(data)),
        content_matches=_cap(content_matches(lines)),
    )


def _script(rel: str, skill: str, data: bytes, truncated: bool, binary: bool) -> SkillScript:
    if binary:
        return SkillScript(display_path(rel), display_path(skill), "binary", truncated)
    lines = _text(data, truncated).split("\n")
    return SkillScript(
        path=display_path(rel),
        skill=display_path(skill),
        interpreter=interpreter(rel, lines[0] if lines else ""),
        truncated=truncated,
        remote_exec=_cap(remote_exec(lines)),
        content_matches=_cap(content_matches(lines, markdown=False)),
    )


def _cap(records: list[Any]) -> tuple[Any, ...]:
    return tuple(records[:MAX_RECORDS])


def interpreter(rel: str, first_line: str) -> str | None:
    """The interpreter a script names in its shebang, else the one its extension implies."""
    shebang = _SHEBANG.match(first_line)
    if shebang is not None:
        program = shebang.group(1).rsplit("/", 1)[-1]
        if program == "env" and shebang.group(2):
            program = shebang.group(2).rsplit("/", 1)[-1]
        return program[:40] if program and program != "env" else None
    name = rel.rsplit("/", 1)[-1]
    dot = name.rfind(".")
    return _INTERPRETERS.get(name[dot:].lower()) if dot > 0 else None
