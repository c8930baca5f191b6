"""Which AI coding assistants a repository carries configuration for, by their files.

Paths come from ../shared/AI-TOOLS.md (the assistants' own documentation). Names
are matched as spelled on disk; the full set of assistants and case rules is the
collectors issue's work.
"""

from __future__ import annotations

from dataclasses import dataclass

from aipolicy.collect.repo import Repo
from aipolicy.facts import AssistantUse, FileRef


@dataclass(frozen=True)
class Signature:
    """A file or directory that shows an assistant is configured."""

    tool: str
    path: str
    kind: str
    directory: bool = False
    """``path`` is a directory whose files (recursively) all count."""


SIGNATURES: tuple[Signature, ...] = (
    # Claude Code
    Signature("claude-code", "CLAUDE.md", "instructions"),
    Signature("claude-code", "CLAUDE.local.md", "instructions"),
    Signature("claude-code", ".claude/CLAUDE.md", "instructions"),
    Signature("claude-code", ".claude/settings.json", "settings"),
    Signature("claude-code", ".claude/settings.local.json", "settings"),
    Signature("claude-code", ".mcp.json", "mcp"),
    Signature("claude-code", ".claude/rules", "rules", directory=True),
    Signature("claude-code", ".claude/agents", "agents", directory=True),
    Signature("claude-code", ".claude/commands", "commands", directory=True),
    Signature("claude-code", ".claude/skills", "skills", directory=True),
    Signature("claude-code", ".claude/hooks", "hooks", directory=True),
    # GitHub Copilot
    Signature("copilot", ".github/copilot-instructions.md", "instructions"),
    Signature("copilot", ".github/instructions", "instructions", directory=True),
    Signature("copilot", ".github/workflows/copilot-setup-steps.yml", "config"),
    Signature("copilot", ".github/workflows/copilot-setup-steps.yaml", "config"),
    # Cursor
    Signature("cursor", ".cursorrules", "rules"),
    Signature("cursor", ".cursor/rules", "rules", directory=True),
    Signature("cursor", ".cursorignore", "ignore"),
    Signature("cursor", ".cursorindexingignore", "ignore"),
    Signature("cursor", ".cursor/mcp.json", "mcp"),
    Signature("cursor", ".cursor/cli.json", "settings"),
    # Gemini CLI / Code Assist
    Signature("gemini", "GEMINI.md", "instructions"),
    Signature("gemini", ".gemini/settings.json", "settings"),
    Signature("gemini", ".geminiignore", "ignore"),
    Signature("gemini", ".aiexclude", "ignore"),
    # OpenAI Codex
    Signature("codex", ".codex/config.toml", "settings"),
    Signature("codex", "AGENTS.override.md", "instructions"),
    Signature("codex", ".codex/rules", "rules", directory=True),
    # Aider
    Signature("aider", ".aider.conf.yml", "settings"),
    Signature("aider", ".aiderignore", "ignore"),
    # Windsurf
    Signature("windsurf", ".windsurfrules", "rules"),
    Signature("windsurf", ".windsurf/rules", "rules", directory=True),
    Signature("windsurf", ".codeiumignore", "ignore"),
)


class AssistantsCollector:
    name = "assistants"

    def __init__(self, signatures: tuple[Signature, ...] = SIGNATURES) -> None:
        self._signatures = signatures

    def collect(self, repo: Repo) -> tuple[AssistantUse, ...]:
        by_tool: dict[str, dict[str, FileRef]] = {}
        for sig in self._signatures:
            if sig.directory:
                paths = repo.list_files(sig.path, recursive=True)
            else:
                paths = [sig.path] if repo.is_file(sig.path) else []
            for path in paths:
                by_tool.setdefault(sig.tool, {}).setdefault(path, FileRef(path, sig.kind))
        return tuple(
            AssistantUse(tool, tuple(files[p] for p in sorted(files)))
            for tool, files in sorted(by_tool.items())
        )
