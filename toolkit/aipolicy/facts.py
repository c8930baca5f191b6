"""Repository facts: what the collectors found, as typed data (no judgement).

:meth:`Facts.to_input` is the one place they become the plain JSON document the
Rego policies read (``schema/repo-facts.schema.json``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("info", "low", "medium", "high", "critical")


@dataclass(frozen=True)
class FileRef:
    """A file in the repository that a fact comes from."""

    path: str
    """Path relative to the repository root, '/'-separated, as spelled on disk."""
    kind: str
    """What the file is to its tool (instructions, rules, settings, ignore, mcp, ...)."""
    line: int | None = None
    """1-based line, when the fact is narrower than the whole file."""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path, "kind": self.kind}
        if self.line is not None:
            out["line"] = self.line
        return out


@dataclass(frozen=True)
class AssistantUse:
    """An AI assistant the repository carries configuration for."""

    tool: str
    """Tool id, as in the org tool catalogue."""
    files: tuple[FileRef, ...]
    """The files that show it, sorted by path."""

    def to_json(self) -> dict[str, Any]:
        return {"tool": self.tool, "files": [f.to_json() for f in self.files]}


@dataclass(frozen=True)
class RepositoryIdentity:
    """Which repository this is (read from disk, no network)."""

    name: str
    """Name of the checked directory."""
    remote: str | None
    """Normalised ``origin`` remote (host/owner/name), if any."""
    head: str | None
    """Commit id of HEAD, if any."""

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "remote": self.remote, "head": self.head}


@dataclass(frozen=True)
class Manifest:
    """The repository's ``.aipolicy.yaml`` (already schema-valid), or its absence."""

    present: bool
    """Whether the repository has a manifest."""
    path: str = ".aipolicy.yaml"
    """Path relative to the repository root."""
    document: dict[str, Any] = field(default_factory=dict)
    """The manifest's content."""
    lines: dict[str, int] = field(default_factory=dict)
    """Line of each top-level field."""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"present": self.present, "path": self.path}
        if self.present:
            for key in ("project", "classification", "kind", "data_categories", "assistants"):
                if key in self.document:
                    out[key] = self.document[key]
            out["lines"] = dict(self.lines)
        return out


@dataclass(frozen=True)
class Context:
    """Everything non-deterministic the policy needs."""

    now: str
    """Evaluation time, RFC 3339 UTC (e.g. ``2026-11-25T12:00:00Z``)."""
    fail_on: str = "high"
    """Lowest severity that fails the verdict."""

    def to_json(self) -> dict[str, Any]:
        return {"now": self.now, "fail_on": self.fail_on}


@dataclass(frozen=True)
class Facts:
    """Everything collected about one repository."""

    context: Context
    repository: RepositoryIdentity
    manifest: Manifest
    assistants: tuple[AssistantUse, ...]

    def to_input(self) -> dict[str, Any]:
        """The repo-facts JSON document (the Rego ``input``)."""
        return {
            "schema_version": 1,
            "context": self.context.to_json(),
            "repository": self.repository.to_json(),
            "manifest": self.manifest.to_json(),
            "assistants": [a.to_json() for a in self.assistants],
        }
