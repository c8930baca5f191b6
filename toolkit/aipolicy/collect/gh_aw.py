"""GitHub Agentic Workflows (gh-aw) and the expressions GitHub workflows put in ``env``.

A gh-aw workflow is a ``.github/workflows/<name>.md`` file whose YAML frontmatter has an
``on:`` key; ``gh aw compile`` turns it into ``<name>.lock.yml``, the file Actions runs.
The lock records the source it was compiled from in its first lines, as
``# gh-aw-metadata: {"frontmatter_hash": ...}`` (older compilers: ``# frontmatter-hash:``).
The hash is recomputed here from the source the way the compiler computes it
(``pkg/parser/frontmatter_hash.go``: SHA-256 of sorted-key compact JSON holding the
frontmatter text, the transitively imported files and their frontmatter, and the body's
``${{ env. / vars. }}`` expressions, or the whole body with ``inlined-imports: true``).
When the source uses runtime imports the compiler also hashes their expressions; the hash
is then not computed (``None``) rather than guessed.

The second part supplements ``ci.workflows`` (which keeps only the *names* of ``env``
variables): for every GitHub workflow, the ``${{ }}`` expressions assigned to ``env``
variables at workflow, job and step level, and each step's ``id``. Only expressions are
recorded, never literal values.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from dataclasses import dataclass
from typing import Any

from aipolicy.collect.listing import display_path
from aipolicy.collect.parse import Parsed, ParseError, parse_file, parse_text
from aipolicy.collect.repo import Repo
from aipolicy.collect.workflows import github_triggers, permissions, text_or_none, workflow_files

__all__ = ["AgenticWorkflowsCollector", "AgenticWorkflowsFacts"]

MAX_SOURCE_BYTES = 1024 * 1024
MAX_HASH_INPUT = 1 << 20
"""The compiler refuses to hash more than 1 MiB of (normalised) frontmatter text."""
MAX_IMPORTS = 100
MAX_EXPRESSIONS = 20
"""Expressions recorded per ``env`` variable at most."""
MAX_SCOPES = 2000

_METADATA = re.compile(r"^#\s*gh-aw-metadata:\s*(\{.*\})\s*$")
_LEGACY_HASH = re.compile(r"^# frontmatter-hash: *(\S+)")
_ENV_VARS_EXPRESSION = re.compile(r"\$\{\{([^}]+)\}\}")
_EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.DOTALL)
_RUNTIME_IMPORT = re.compile(r"\{\{#(?:runtime-import|import)\??(?:[ \t]+|[ \t]*:)")
_INLINED_IMPORTS = re.compile(r"^inlined-imports:\s*(true|false)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class LockFile:
    """The compiled ``.lock.yml`` of a gh-aw workflow."""

    path: str
    """Where the compiler writes it (beside the source, ``<name>.lock.yml``)."""
    present: bool
    """Whether that file exists."""
    frontmatter_hash: str | None = None
    """The source hash its header records (``gh-aw-metadata`` or ``frontmatter-hash``)."""
    compiler_version: str | None = None
    """The gh-aw version that compiled it, when the header says."""
    strict: bool | None = None
    """Whether it was compiled in strict mode, when the header says."""

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "present": self.present,
            "frontmatter_hash": self.frontmatter_hash,
            "compiler_version": self.compiler_version,
            "strict": self.strict,
        }


@dataclass(frozen=True)
class AgenticWorkflow:
    """One gh-aw workflow source (``.github/workflows/*.md`` with ``on:``)."""

    path: str
    """Path relative to the repository root."""
    lock: LockFile
    """Its compiled lock file."""
    frontmatter_hash: str | None = None
    """The hash the compiler would record for this source; ``None`` when not computable."""
    name: str | None = None
    """The frontmatter's ``name``, if given."""
    triggers: tuple[str, ...] = ()
    """Events in ``on:``, as given (gh-aw shorthands such as ``slash_command`` included)."""
    triggers_line: int | None = None
    """1-based line of ``on``."""
    permissions: str | dict[str, str] | None = None
    """The agent job's token permissions, as given (``None`` when not set)."""
    permissions_line: int | None = None
    """1-based line of ``permissions``."""
    engine: str | None = None
    """The engine id (``engine: claude`` or ``engine: {id: claude}``)."""
    engine_line: int | None = None
    """1-based line of ``engine``."""
    strict: bool | None = None
    """``strict`` as written (``None`` when absent: gh-aw's default, strict, applies)."""
    strict_line: int | None = None
    """1-based line of ``strict``."""
    network: str | None = None
    """``network`` when given as a word (``defaults``)."""
    network_allowed: tuple[str, ...] | None = None
    """``network.allowed`` entries as written; ``None`` when not given."""
    network_line: int | None = None
    """1-based line of ``network``."""
    safe_outputs: tuple[str, ...] = ()
    """Keys of ``safe-outputs`` (create-issue, add-comment, ...), in file order."""
    safe_outputs_line: int | None = None
    """1-based line of ``safe-outputs``."""
    tools: tuple[str, ...] = ()
    """Keys of ``tools`` (github, bash, edit, web-fetch, ...), in file order."""
    tools_line: int | None = None
    """1-based line of ``tools``."""
    imports: tuple[str, ...] = ()
    """``imports`` entries as written."""

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "lock": self.lock.to_json(),
            "frontmatter_hash": self.frontmatter_hash,
            "name": self.name,
            "triggers": list(self.triggers),
            "triggers_line": self.triggers_line,
            "permissions": self.permissions,
            "permissions_line": self.permissions_line,
            "engine": self.engine,
            "engine_line": self.engine_line,
            "strict": self.strict,
            "strict_line": self.strict_line,
            "network": self.network,
            "network_allowed": None if self.network_allowed is None else list(self.network_allowed),
            "network_line": self.network_line,
            "safe_outputs": list(self.safe_outputs),
            "safe_outputs_line": self.safe_outputs_line,
            "tools": list(self.tools),
            "tools_line": self.tools_line,
            "imports": list(self.imports),
        }


@dataclass(frozen=True)
class EnvExpression:
    """An ``env`` variable whose value holds ``${{ }}`` expressions."""

    name: str
    """The variable's name."""
    line: int
    """1-based line of the variable."""
    expressions: tuple[str, ...]
    """The expressions, inner text trimmed (``github.event.issue.title``), in order."""

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "line": self.line, "expressions": list(self.expressions)}


@dataclass(frozen=True)
class WorkflowScope:
    """A workflow, job or step of a GitHub workflow: its step id and env expressions."""

    path: str
    """Workflow file."""
    job: str | None
    """Job id (``None`` for the workflow itself)."""
    step: int | None
    """0-based step index (``None`` for a workflow or job)."""
    id: str | None
    """The step's ``id``, if given."""
    line: int
    """1-based line of the workflow (1), job key or step."""
    env: tuple[EnvExpression, ...] = ()
    """Its ``env`` variables that hold expressions."""

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "job": self.job,
            "step": self.step,
            "id": self.id,
            "line": self.line,
            "env": [entry.to_json() for entry in self.env],
        }


@dataclass(frozen=True)
class AgenticWorkflowsFacts:
    """gh-aw workflows, and the env expressions and step ids of GitHub workflows."""

    workflows: tuple[AgenticWorkflow, ...] = ()
    """gh-aw workflow sources, in path order."""
    scopes: tuple[WorkflowScope, ...] = ()
    """Workflows, jobs and steps of GitHub workflows that have a step id or env expressions."""
    parse_errors: tuple[ParseError, ...] = ()
    """gh-aw sources whose frontmatter did not parse (not in JSON)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "workflows": [workflow.to_json() for workflow in self.workflows],
            "scopes": [scope.to_json() for scope in self.scopes],
        }


class AgenticWorkflowsCollector:
    name = "agentic_workflows"

    def collect(self, repo: Repo) -> AgenticWorkflowsFacts:
        workflows: list[AgenticWorkflow] = []
        errors: list[ParseError] = []
        for rel in repo.files:
            directory, _, name = rel.rpartition("/")
            if directory != ".github/workflows" or not name.endswith(".md"):
                continue
            found = read_source(repo, rel)
            if isinstance(found, ParseError):
                errors.append(found)
            elif found is not None:
                workflows.append(found)
        return AgenticWorkflowsFacts(
            workflows=tuple(workflows), scopes=collect_scopes(repo), parse_errors=tuple(errors)
        )


def split_frontmatter(text: str) -> tuple[str, str] | None:
    """``(frontmatter, body)`` as the compiler splits them; ``None`` when unclosed.

    Text without an opening ``---`` line has an empty frontmatter.
    """
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return "", text
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :])
    return None


def read_source(repo: Repo, rel: str) -> AgenticWorkflow | ParseError | None:
    """The gh-aw workflow in ``rel``; ``None`` when it is not one (no frontmatter ``on``)."""
    shown = display_path(rel)
    read = repo.read(rel, MAX_SOURCE_BYTES)
    if read is None or read.truncated:
        return None
    text = read.data.decode("utf-8", "replace")
    split = split_frontmatter(text.replace("\r\n", "\n"))
    if split is None or not split[0].strip():
        return None
    parsed = parse_text(split[0], shown, "yaml")
    if parsed.error is not None:
        if "\non:" not in "\n" + split[0]:
            return None
        where = parsed.error.line
        return ParseError(shown, None if where is None else where + 1, parsed.error.message)
    doc = parsed.value
    if not isinstance(doc, dict) or "on" not in doc:
        return None

    def line(key: str) -> int | None:
        return parsed.line(key) + 1 if key in doc else None

    engine = doc.get("engine")
    network = doc.get("network")
    allowed = network.get("allowed") if isinstance(network, dict) else None
    lock_rel = rel[: -len(".md")] + ".lock.yml"
    return AgenticWorkflow(
        path=shown,
        lock=read_lock(repo, lock_rel),
        frontmatter_hash=frontmatter_hash(repo, rel, text),
        name=text_or_none(doc.get("name")),
        triggers=github_triggers(doc.get("on")),
        triggers_line=line("on"),
        permissions=permissions(doc.get("permissions")),
        permissions_line=line("permissions"),
        engine=text_or_none(engine.get("id") if isinstance(engine, dict) else engine),
        engine_line=line("engine"),
        strict=doc["strict"] if isinstance(doc.get("strict"), bool) else None,
        strict_line=line("strict"),
        network=text_or_none(network),
        network_allowed=tuple(str(item) for item in allowed) if isinstance(allowed, list) else None,
        network_line=line("network"),
        safe_outputs=_keys(doc.get("safe-outputs")),
        safe_outputs_line=line("safe-outputs"),
        tools=_keys(doc.get("tools")),
        tools_line=line("tools"),
        imports=tuple(_import_path(item) for item in _list(doc.get("imports"))),
    )


def _keys(node: Any) -> tuple[str, ...]:
    return tuple(str(key) for key in node) if isinstance(node, dict) else ()


def _list(node: Any) -> list[Any]:
    return node[:MAX_IMPORTS] if isinstance(node, list) else []


def _import_path(item: Any) -> str:
    if isinstance(item, dict):
        return str(item.get("uses") or item.get("path") or "")
    return str(item)


def read_lock(repo: Repo, rel: str) -> LockFile:
    """What the header of the lock file ``rel`` records about its source."""
    shown = display_path(rel)
    read = repo.read(rel, 64 * 1024) if rel in frozenset(repo.files) else None
    if read is None:
        return LockFile(shown, present=False)
    head = read.data.decode("utf-8", "replace").split("\n")[:40]
    for raw in head:
        metadata = _METADATA.match(raw)
        if metadata:
            try:
                value = json.loads(metadata.group(1))
            except ValueError:
                break
            if not isinstance(value, dict):
                break
            recorded = value.get("frontmatter_hash")
            version = value.get("compiler_version")
            strict = value.get("strict")
            return LockFile(
                shown,
                present=True,
                frontmatter_hash=recorded if isinstance(recorded, str) and recorded else None,
                compiler_version=version if isinstance(version, str) and version else None,
                strict=strict if isinstance(strict, bool) else None,
            )
        legacy = _LEGACY_HASH.match(raw)
        if legacy:
            return LockFile(shown, present=True, frontmatter_hash=legacy.group(1))
    return LockFile(shown, present=True)


def frontmatter_hash(repo: Repo, rel: str, text: str) -> str | None:
    """The ``frontmatter_hash`` ``gh aw compile`` records for the source ``text`` of ``rel``.

    ``None`` when it cannot be computed exactly here: unclosed frontmatter, more than
    1 MiB of frontmatter, or runtime imports (whose expressions the compiler also hashes).
    """
    split = split_frontmatter(text.replace("\r\n", "\n"))
    if split is None:
        return None
    front, body = split
    inlined = _INLINED_IMPORTS.search(front)
    files, texts, bodies = _imports(repo, front, posixpath.dirname(rel), set())
    normalised = [item.strip() for item in texts]
    if (
        len(front.strip().encode()) + sum(len(item.encode()) for item in normalised)
        > MAX_HASH_INPUT
    ):
        return None
    canonical: dict[str, Any] = {"frontmatter-text": front.strip()}
    if files:
        canonical["imports"] = sorted(files)
    if normalised:
        canonical["imported-frontmatters"] = "\n---\n".join(sorted(normalised))
    if inlined is not None and inlined.group(1) == "true":
        canonical["body-text"] = body.strip()
    else:
        # The compiler also hashes the expressions runtime imports and imported bodies add.
        if any(_RUNTIME_IMPORT.search(b) or "${{" in b for b in bodies) or _RUNTIME_IMPORT.search(
            body
        ):
            return None
        expressions = sorted(
            {
                match.group(0)
                for match in _ENV_VARS_EXPRESSION.finditer(body)
                if "env." in match.group(1) or "vars." in match.group(1)
            }
        )
        if expressions:
            canonical["template-expressions"] = expressions
    encoded = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def _imports(
    repo: Repo, front: str, base: str, visited: set[str]
) -> tuple[list[str], list[str], list[str]]:
    """Import paths, their frontmatter texts and bodies, depth first in sorted order."""
    files: list[str] = []
    texts: list[str] = []
    bodies: list[str] = []
    for item in sorted(_import_lines(front)):
        full = posixpath.normpath(posixpath.join(base, item))
        if full in visited or full.startswith(("../", "/")) or len(visited) >= MAX_IMPORTS:
            continue
        visited.add(full)
        read = repo.read(full, MAX_SOURCE_BYTES)
        if read is None:
            continue
        split = split_frontmatter(read.data.decode("utf-8", "replace"))
        if split is None:
            continue
        files.append(item)
        texts.append(split[0])
        bodies.append(split[1])
        nested = _imports(repo, split[0], posixpath.dirname(full), visited)
        files += nested[0]
        texts += nested[1]
        bodies += nested[2]
    return files, texts, bodies


def _import_lines(front: str) -> list[str]:
    """The ``imports:`` items, read from the text the way the compiler reads them."""
    found: list[str] = []
    inside, base = False, 0
    for line in front.split("\n"):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" \t"))
        if stripped.startswith("imports:"):
            inside, base = True, indent
            continue
        if not inside:
            continue
        if indent <= base:
            break
        if stripped.startswith("-"):
            item = stripped[1:].strip()
            for prefix in ("uses:", "path:"):
                if item.startswith(prefix):
                    item = item[len(prefix) :].strip()
            item = item.strip("\"'")
            if item:
                found.append(item)
    return found


# -- env expressions and step ids of GitHub workflows ---------------------------------


def _env_of(parsed: Parsed, node: Any, *where: str | int) -> tuple[EnvExpression, ...]:
    """The variables of the ``env`` map ``node`` (at ``where``) whose values hold expressions."""
    if not isinstance(node, dict):
        return ()
    entries = []
    for key, value in node.items():
        found = tuple(
            " ".join(match.split())
            for match in _EXPRESSION.findall(value if isinstance(value, str) else "")
        )[:MAX_EXPRESSIONS]
        if found:
            entries.append(EnvExpression(str(key), parsed.line(*where, key), found))
    return tuple(entries)


def collect_scopes(repo: Repo) -> tuple[WorkflowScope, ...]:
    """Every workflow, job and step that has a step id or env expressions."""
    scopes: list[WorkflowScope] = []
    for rel, platform in workflow_files(repo):
        if platform != "github":
            continue
        parsed = parse_file(repo, rel, "yaml")
        if parsed is None or parsed.error is not None or not isinstance(parsed.value, dict):
            continue
        doc = parsed.value
        path = parsed.path

        top = _env_of(parsed, doc.get("env"), "env")
        if top:
            scopes.append(WorkflowScope(path, None, None, None, 1, top))
        jobs = doc.get("jobs")
        for job_id, job in jobs.items() if isinstance(jobs, dict) else ():
            if not isinstance(job, dict):
                continue
            job_env = _env_of(parsed, job.get("env"), "jobs", job_id, "env")
            if job_env:
                scopes.append(
                    WorkflowScope(
                        path, str(job_id), None, None, parsed.line("jobs", job_id), job_env
                    )
                )
            steps = job.get("steps")
            for index, step in enumerate(steps if isinstance(steps, list) else ()):
                if not isinstance(step, dict):
                    continue
                where = ("jobs", job_id, "steps", index)
                step_env = _env_of(parsed, step.get("env"), *where, "env")
                step_id = text_or_none(step.get("id"))
                if step_env or step_id is not None:
                    scopes.append(
                        WorkflowScope(
                            path, str(job_id), index, step_id, parsed.line(*where), step_env
                        )
                    )
        if len(scopes) >= MAX_SCOPES:
            return tuple(scopes[:MAX_SCOPES])
    return tuple(scopes)
