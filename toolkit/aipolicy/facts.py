"""Repository facts: what the collectors found, as typed data (no judgement).

:meth:`Facts.to_input` is the one place they become the plain JSON document the
Rego policies read (``schema/repo-facts.schema.json``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aipolicy.collect.agent_config import AgentConfig
    from aipolicy.collect.ci_controls import CiFacts
    from aipolicy.collect.dependencies import DependencyFacts
    from aipolicy.collect.exclusion import ContextExclusion
    from aipolicy.collect.gh_aw import AgenticWorkflowsFacts
    from aipolicy.collect.instructions import InstructionFacts
    from aipolicy.collect.parse import ParseError
    from aipolicy.collect.plugins import PluginFacts
    from aipolicy.collect.review import ReviewFacts
    from aipolicy.collect.sandbox import Sandbox
    from aipolicy.collect.secrets import Secrets

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
    """Normalised remote (host/owner/name), if known."""
    head: str | None
    """Commit id of HEAD, if any."""
    identity_source: str = "none"
    """Where ``remote`` came from: ``option`` (--repository), ``ci`` (the CI
    environment), ``git-config`` (the repository's own .git/config, which the repository
    controls) or ``none``."""
    listing: str = "walk"
    """How the repository's files were listed: ``git`` (git ls-files) or ``walk``."""
    file_count: int = 0
    """Number of files listed (vendored and generated trees skipped)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "remote": self.remote,
            "head": self.head,
            "identity_source": self.identity_source,
            "listing": self.listing,
            "file_count": self.file_count,
        }


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
    """Line of each top-level field, and of each ``data_paths`` category as
    ``data_paths.<category>``."""

    FIELDS = (
        "project",
        "classification",
        "kind",
        "data_categories",
        "data_paths",
        "regulatory_scope",
        "assistants",
    )
    """The document's fields the facts carry (``version`` is not one)."""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"present": self.present, "path": self.path}
        if self.present:
            for key in self.FIELDS:
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
    agent_config: AgentConfig
    sandbox: Sandbox
    secrets: Secrets
    context_exclusion: ContextExclusion
    ci: CiFacts
    review: ReviewFacts
    dependencies: DependencyFacts
    instructions: InstructionFacts
    plugins: PluginFacts
    agentic_workflows: AgenticWorkflowsFacts

    @property
    def parse_errors(self) -> tuple[ParseError, ...]:
        """Every configuration file a collector could not parse, sorted by path."""
        errors = [
            *self.agent_config.parse_errors,
            *self.sandbox.parse_errors,
            *self.secrets.parse_errors,
            *self.context_exclusion.parse_errors,
            *self.ci.parse_errors,
            *self.review.parse_errors,
            *self.dependencies.parse_errors,
            *self.instructions.parse_errors,
            *self.plugins.parse_errors,
            *self.agentic_workflows.parse_errors,
        ]
        unique = {(e.path, e.line, e.message): e for e in errors}
        return tuple(unique[k] for k in sorted(unique, key=lambda k: (k[0], k[1] or 0, k[2])))

    def to_input(self) -> dict[str, Any]:
        """The repo-facts JSON document (the Rego ``input``)."""
        return {
            "schema_version": 1,
            "context": self.context.to_json(),
            "repository": self.repository.to_json(),
            "manifest": self.manifest.to_json(),
            "assistants": [a.to_json() for a in self.assistants],
            "agent_config": self.agent_config.to_json(),
            "sandbox": self.sandbox.to_json(),
            "secrets": self.secrets.to_json(),
            "context_exclusion": self.context_exclusion.to_json(),
            "ci": self.ci.to_json(),
            "review": self.review.to_json(),
            "dependencies": self.dependencies.to_json(),
            "instructions": self.instructions.to_json(),
            "plugins": self.plugins.to_json(),
            "agentic_workflows": self.agentic_workflows.to_json(),
            "parse_errors": [e.to_json() for e in self.parse_errors],
        }
