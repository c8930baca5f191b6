"""Which AI coding assistants a repository carries configuration for, by their files.

Paths come from ../shared/AI-TOOLS.md (the assistants' own documentation). Only file
presence is recorded, nothing is parsed. Files are matched once over the repository's
listing (:attr:`Repo.files`), so instruction files in subdirectories (a nested
``CLAUDE.md``) are found and a large repository costs one pass.

Names are matched as the tools spell them. A name that differs only in case
(``claude.md``) is read by the tool on a case-insensitive filesystem (macOS, Windows)
and not on Linux; it is recorded too, as a :class:`CaseVariantFileRef`, and the policy
decides what it means.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from aipolicy.collect.listing import display_path
from aipolicy.collect.repo import Repo
from aipolicy.facts import AssistantUse, FileRef

KINDS = frozenset(
    {
        "instructions",
        "rules",
        "settings",
        "ignore",
        "mcp",
        "agents",
        "commands",
        "skills",
        "hooks",
        "config",
    }
)
"""What a file can be to its assistant."""


@dataclass(frozen=True)
class Signature:
    """A file or directory that shows an assistant is configured."""

    tool: str
    """Tool id (``claude-code``, ``copilot``, ...; ``agents-md`` for the shared AGENTS.md)."""
    path: str
    """Path relative to the repository root, as the tool spells it.

    A ``*`` matches any run of characters inside one path segment (``.roorules-*``).
    """
    kind: str
    """What the file is to the tool: one of :data:`KINDS`."""
    directory: bool = False
    """``path`` is a directory whose files (recursively) all count."""
    anywhere: bool = False
    """``path`` is a file name the tool reads in any directory (``CLAUDE.md``)."""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"{self.path}: unknown kind {self.kind!r}")
        if self.anywhere and ("/" in self.path or self.directory or "*" in self.path):
            raise ValueError(f"{self.path}: an 'anywhere' signature is a plain file name")


@dataclass(frozen=True)
class CaseVariantFileRef(FileRef):
    """An assistant's file whose name matches the tool's only when case is ignored.

    The tool reads it on a case-insensitive filesystem (macOS, Windows), not on Linux.
    Serialised as a :class:`FileRef` with ``"case_variant": true``.
    """

    def to_json(self) -> dict[str, Any]:
        return {**super().to_json(), "case_variant": True}


SIGNATURES: tuple[Signature, ...] = (
    # Claude Code
    Signature("claude-code", "CLAUDE.md", "instructions", anywhere=True),
    Signature("claude-code", "CLAUDE.local.md", "instructions", anywhere=True),
    Signature("claude-code", ".claude/CLAUDE.md", "instructions"),
    Signature("claude-code", ".claude/settings.json", "settings"),
    Signature("claude-code", ".claude/settings.local.json", "settings"),
    Signature("claude-code", ".mcp.json", "mcp"),
    Signature("claude-code", ".claude/rules", "rules", directory=True),
    Signature("claude-code", ".claude/agents", "agents", directory=True),
    Signature("claude-code", ".claude/commands", "commands", directory=True),
    Signature("claude-code", ".claude/skills", "skills", directory=True),
    Signature("claude-code", ".claude/hooks", "hooks", directory=True),
    Signature("claude-code", ".claude", "config", directory=True),
    # GitHub Copilot
    Signature("copilot", ".github/copilot-instructions.md", "instructions"),
    Signature("copilot", ".github/instructions", "instructions", directory=True),
    Signature("copilot", ".github/prompts", "commands", directory=True),
    Signature("copilot", ".github/agents", "agents", directory=True),
    Signature("copilot", ".github/chatmodes", "agents", directory=True),
    Signature("copilot", ".github/hooks/*.json", "hooks"),
    Signature("copilot", ".github/workflows/copilot-setup-steps.yml", "config"),
    Signature("copilot", ".github/workflows/copilot-setup-steps.yaml", "config"),
    Signature("copilot", ".vscode/mcp.json", "mcp"),
    # Cursor
    Signature("cursor", ".cursorrules", "rules"),
    Signature("cursor", ".cursorignore", "ignore"),
    Signature("cursor", ".cursorindexingignore", "ignore"),
    Signature("cursor", ".cursor/rules", "rules", directory=True),
    Signature("cursor", ".cursor/commands", "commands", directory=True),
    Signature("cursor", ".cursor/mcp.json", "mcp"),
    Signature("cursor", ".cursor/cli.json", "settings"),
    Signature("cursor", ".cursor/hooks.json", "hooks"),
    Signature("cursor", ".cursor", "config", directory=True),
    # Gemini CLI / Gemini Code Assist / Android Studio Gemini
    Signature("gemini", "GEMINI.md", "instructions", anywhere=True),
    Signature("gemini", ".aiexclude", "ignore", anywhere=True),
    Signature("gemini", ".geminiignore", "ignore"),
    Signature("gemini", ".gemini/settings.json", "settings"),
    Signature("gemini", ".gemini/commands", "commands", directory=True),
    Signature("gemini", ".gemini", "config", directory=True),
    # OpenAI Codex
    Signature("codex", "AGENTS.override.md", "instructions", anywhere=True),
    Signature("codex", ".codex/config.toml", "settings"),
    Signature("codex", ".codex/hooks.json", "hooks"),
    Signature("codex", ".codex/rules", "rules", directory=True),
    Signature("codex", ".codex", "config", directory=True),
    Signature("codex", ".agents/skills", "skills", directory=True),
    # Aider
    Signature("aider", ".aider.conf.yml", "settings"),
    Signature("aider", ".aider.model.settings.yml", "config"),
    Signature("aider", ".aider.model.metadata.json", "config"),
    Signature("aider", ".aiderignore", "ignore"),
    # Windsurf
    Signature("windsurf", ".windsurfrules", "rules"),
    Signature("windsurf", ".codeiumignore", "ignore"),
    Signature("windsurf", ".windsurf/rules", "rules", directory=True),
    Signature("windsurf", ".windsurf/workflows", "commands", directory=True),
    Signature("windsurf", ".windsurf", "config", directory=True),
    # Cline (.clinerules is a single file or a folder)
    Signature("cline", ".clinerules", "rules"),
    Signature("cline", ".clinerules", "rules", directory=True),
    Signature("cline", ".clinerules/workflows", "commands", directory=True),
    Signature("cline", ".clineignore", "ignore"),
    Signature("cline", ".cline", "config", directory=True),
    # Continue
    Signature("continue", ".continueignore", "ignore"),
    Signature("continue", ".continuerc.json", "settings"),
    Signature("continue", ".continue/rules", "rules", directory=True),
    Signature("continue", ".continue/mcpServers", "mcp", directory=True),
    Signature("continue", ".continue", "config", directory=True),
    # Amazon Q Developer
    Signature("amazon-q", ".amazonq/rules", "rules", directory=True),
    Signature("amazon-q", ".amazonq/mcp.json", "mcp"),
    Signature("amazon-q", ".amazonq/default.json", "mcp"),
    Signature("amazon-q", ".amazonq", "config", directory=True),
    # JetBrains AI Assistant (.noai: an empty file that switches it off for the project)
    Signature("jetbrains-ai", ".aiignore", "ignore"),
    Signature("jetbrains-ai", ".noai", "settings"),
    # Junie
    Signature("junie", ".junie/guidelines.md", "instructions"),
    Signature("junie", ".junie", "config", directory=True),
    # Roo Code
    Signature("roo", ".roomodes", "agents"),
    Signature("roo", ".roorules", "rules"),
    Signature("roo", ".roorules-*", "rules"),
    Signature("roo", ".rooignore", "ignore"),
    Signature("roo", ".roo/rules", "rules", directory=True),
    Signature("roo", ".roo/rules-*", "rules", directory=True),
    Signature("roo", ".roo/mcp.json", "mcp"),
    Signature("roo", ".roo", "config", directory=True),
    # Zed (its other project files, such as .zed/tasks.json, are not AI configuration)
    Signature("zed", ".rules", "rules"),
    Signature("zed", ".zed/settings.json", "settings"),
    # AGENTS.md / AGENT.md: read by many assistants; the policy decides what it implies.
    Signature("agents-md", "AGENTS.md", "instructions", anywhere=True),
    Signature("agents-md", "AGENT.md", "instructions"),
)

TOOLS: tuple[str, ...] = tuple(sorted({sig.tool for sig in SIGNATURES}))
"""Every tool id :data:`SIGNATURES` can report."""

_FILE_RANK = 1 << 20
"""Specificity of a file signature: above any directory (ranked by its path's length)."""


@dataclass(frozen=True)
class _Hit:
    sig: Signature
    case_variant: bool
    rank: tuple[bool, int, int]
    """Lower is better: exact spelling first, then the most specific, then table order."""


class _Index:
    """Signatures keyed by lowercase path, name or directory: one lookup per candidate."""

    def __init__(self, signatures: tuple[Signature, ...]) -> None:
        self.order = {sig: i for i, sig in enumerate(signatures)}
        self.paths: dict[str, list[Signature]] = {}
        self.names: dict[str, list[Signature]] = {}
        self.dirs: dict[str, list[Signature]] = {}
        self.patterns: list[tuple[str, re.Pattern[str], re.Pattern[str], Signature]] = []
        for sig in signatures:
            key = sig.path.lower()
            if "*" in sig.path:
                literal = key.split("*", 1)[0]
                tail = "/.+" if sig.directory else ""
                folded = re.compile(_translate(key) + tail, re.DOTALL)
                exact = re.compile(_translate(sig.path) + tail, re.DOTALL)
                self.patterns.append((literal, folded, exact, sig))
            elif sig.anywhere:
                self.names.setdefault(key, []).append(sig)
            elif sig.directory:
                self.dirs.setdefault(key, []).append(sig)
            else:
                self.paths.setdefault(key, []).append(sig)
        self.heads = tuple(
            sorted(
                {d.split("/", 1)[0] for d in self.dirs}
                | {p[0].split("/", 1)[0] for p in self.patterns}
            )
        )
        """Prefixes of the first path segment any directory or pattern signature can have:
        most paths (``src/...``) start with none and skip those checks."""

    def hits(self, path: str) -> Iterator[_Hit]:
        low = path.lower()
        for sig in self.paths.get(low, ()):
            yield self._hit(sig, path != sig.path, _FILE_RANK)
        name = path.rsplit("/", 1)[-1]
        for sig in self.names.get(name.lower(), ()):
            yield self._hit(sig, name != sig.path, _FILE_RANK)
        if not low.startswith(self.heads):
            return
        parts = path.split("/")
        for depth in range(1, len(parts)):
            folder = "/".join(parts[:depth])
            for sig in self.dirs.get(folder.lower(), ()):
                yield self._hit(sig, folder != sig.path, len(sig.path))
        for literal, folded, exact, sig in self.patterns:
            if low.startswith(literal) and folded.fullmatch(low):
                rank = len(sig.path) if sig.directory else _FILE_RANK
                yield self._hit(sig, exact.fullmatch(path) is None, rank)

    def _hit(self, sig: Signature, case_variant: bool, specificity: int) -> _Hit:
        return _Hit(sig, case_variant, (case_variant, -specificity, self.order[sig]))


def _translate(pattern: str) -> str:
    """A regular expression for ``pattern``, where ``*`` stays inside one path segment."""
    return "[^/]*".join(re.escape(part) for part in pattern.split("*"))


class AssistantsCollector:
    """Per assistant, the repository's files that configure it (sorted by tool, then path)."""

    name = "assistants"

    def __init__(self, signatures: tuple[Signature, ...] = SIGNATURES) -> None:
        self._index = _Index(signatures)

    def collect(self, repo: Repo) -> tuple[AssistantUse, ...]:
        by_tool: dict[str, dict[str, FileRef]] = {}
        for rel in repo.files:
            best: dict[str, _Hit] = {}
            for hit in self._index.hits(rel):
                held = best.get(hit.sig.tool)
                if held is None or hit.rank < held.rank:
                    best[hit.sig.tool] = hit
            if not best or not repo.is_file(rel):
                continue
            shown = display_path(rel)
            for tool, hit in best.items():
                ref_type = CaseVariantFileRef if hit.case_variant else FileRef
                by_tool.setdefault(tool, {})[shown] = ref_type(shown, hit.sig.kind)
        return tuple(
            AssistantUse(tool, tuple(files[p] for p in sorted(files)))
            for tool, files in sorted(by_tool.items())
        )
