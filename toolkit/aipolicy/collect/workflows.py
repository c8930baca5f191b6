"""CI workflows as typed facts: GitHub Actions workflows and GitLab CI pipelines.

Each workflow becomes its triggers, token permissions and jobs; each job its steps (a
GitHub step, or a GitLab ``before_script`` / ``script`` / ``after_script`` section) with
the action used, the script run, the inputs given and the secrets referenced. Nothing is
judged here; :mod:`aipolicy.collect.ci_controls` finds security controls and AI agents
in these facts.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from aipolicy.collect.parse import Parsed, ParseError, parse_file
from aipolicy.collect.repo import Repo

MAX_TEXT = 2000
"""Characters of a script or input value kept in the JSON facts."""

Permissions = str | dict[str, str] | None

_EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.DOTALL)
_SECRET_NAME = re.compile(
    r"\bsecrets\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_-]*)|\[\s*['\"]([^'\"]+)['\"]\s*\])"
)
_WHOLE_SECRETS = re.compile(r"\bsecrets\b(?!\s*[.\[])")
_SECRET_INPUT = re.compile(
    r"(?i)token|secret|passw|(?:api|private|ssh|access)[_-]?key|credential|auth(?!or)|cookie"
)


@dataclass(frozen=True)
class Step:
    """One step of a job: a GitHub step, or one script section of a GitLab job."""

    index: int
    """0-based position among the job's steps."""
    line: int
    """1-based line where the step starts."""
    name: str | None = None
    """The step's ``name`` (GitLab: ``before_script``, ``script`` or ``after_script``)."""
    uses: str | None = None
    """The action used, as written (``owner/repo@ref``, ``./path``, ``docker://...``)."""
    run: str | None = None
    """The script run (GitLab: the section's commands, one a line)."""
    run_line: int | None = None
    """1-based line of the ``run`` (or script section) key."""
    with_: dict[str, str | None] = field(default_factory=dict)
    """Inputs given in ``with``; ``None`` for a literal value of a secret-looking input."""
    env: tuple[str, ...] = ()
    """Names of the variables the step sets in ``env``."""
    secrets: tuple[str, ...] = ()
    """Names of the secrets the step references (``${{ secrets.X }}``; ``*`` for all)."""
    condition: str | None = None
    """The step's ``if`` expression, as written."""

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "line": self.line,
            "name": self.name,
            "uses": self.uses,
            "run": _cap(self.run),
            "with": {key: _cap(value) for key, value in self.with_.items()},
            "env": list(self.env),
            "secrets": list(self.secrets),
            "if": self.condition,
        }


@dataclass(frozen=True)
class Job:
    """One job of a workflow."""

    id: str
    """The job's key in the workflow."""
    line: int
    """1-based line of that key."""
    name: str | None = None
    """The job's ``name``, if given."""
    permissions: Permissions = None
    """GitHub token permissions of the job, as given (``write-all``, a map, ...)."""
    permissions_line: int | None = None
    """1-based line of the job's ``permissions``."""
    condition: str | None = None
    """The job's ``if`` expression, as written."""
    uses: str | None = None
    """A reusable workflow the job calls (GitHub) or the ``trigger`` of a GitLab job."""
    container: str | None = None
    """The container image the job runs in (GitHub ``container``, GitLab ``image``)."""
    runs_on: tuple[str, ...] = ()
    """Runner labels (GitHub ``runs-on``, GitLab ``tags``), e.g. ``self-hosted``."""
    env: tuple[str, ...] = ()
    """Names of the variables the job sets (GitHub ``env``, GitLab ``variables``)."""
    secrets: tuple[str, ...] = ()
    """Secrets the job references outside its steps (``inherit`` when all are passed on)."""
    triggers: tuple[str, ...] | None = None
    """GitLab: pipeline sources the job's ``rules``/``only`` name; ``None``: the workflow's."""
    manual: bool = False
    """GitLab: the job runs only when started by hand (``when: manual``)."""
    template: bool = False
    """GitLab: a hidden job (``.name``) or ``default:``, run only through other jobs."""
    outputs: dict[str, str] = field(default_factory=dict)
    """GitHub: the job's ``outputs`` (name and value as written, for later jobs' ``needs``)."""
    id_tokens: tuple[str, ...] = ()
    """GitLab: names of the OIDC ID tokens the job gets (``id_tokens``, its own or
    ``default:``'s)."""
    steps: tuple[Step, ...] = ()
    """The job's steps in order."""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "line": self.line,
            "name": self.name,
            "permissions": self.permissions,
            "permissions_line": self.permissions_line,
            "if": self.condition,
            "uses": self.uses,
            "container": self.container,
            "runs_on": list(self.runs_on),
            "env": list(self.env),
            "secrets": list(self.secrets),
            "triggers": None if self.triggers is None else list(self.triggers),
            "manual": self.manual,
            "template": self.template,
            "outputs": {name: value[:MAX_TEXT] for name, value in self.outputs.items()},
            "id_tokens": list(self.id_tokens),
            "steps": [step.to_json() for step in self.steps],
        }


@dataclass(frozen=True)
class Include:
    """A GitLab ``include:`` entry."""

    kind: str
    """``local``, ``template``, ``component``, ``project``, ``remote`` or ``file``."""
    value: str
    """What is included, as written (path, template name, component address, URL)."""
    line: int
    """1-based line of the entry."""

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "value": self.value, "line": self.line}


@dataclass(frozen=True)
class Workflow:
    """A GitHub Actions workflow or a GitLab CI pipeline definition."""

    path: str
    """Path relative to the repository root."""
    platform: str
    """``github`` or ``gitlab``."""
    name: str | None = None
    """The workflow's ``name``, if given."""
    triggers: tuple[str, ...] = ()
    """Events that start it, as given (GitLab: pipeline sources, best effort)."""
    triggers_line: int | None = None
    """1-based line of ``on`` (GitLab: of ``workflow:rules``)."""
    permissions: Permissions = None
    """GitHub token permissions of the workflow, as given."""
    permissions_line: int | None = None
    """1-based line of the workflow's ``permissions``."""
    env: tuple[str, ...] = ()
    """Names of workflow-level variables (GitHub ``env``, GitLab ``variables``)."""
    secrets: tuple[str, ...] = ()
    """Secrets referenced at workflow level (in ``env``)."""
    includes: tuple[Include, ...] = ()
    """GitLab ``include:`` entries."""
    jobs: tuple[Job, ...] = ()
    """The jobs, in file order."""
    source: tuple[str, ...] = field(default=(), repr=False, compare=False)
    """The file's lines (not part of the facts; used to locate commands)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "platform": self.platform,
            "name": self.name,
            "triggers": list(self.triggers),
            "triggers_line": self.triggers_line,
            "permissions": self.permissions,
            "permissions_line": self.permissions_line,
            "env": list(self.env),
            "secrets": list(self.secrets),
            "includes": [include.to_json() for include in self.includes],
            "jobs": [job.to_json() for job in self.jobs],
        }


def workflow_files(repo: Repo) -> list[tuple[str, str]]:
    """``(path, platform)`` of every workflow file, GitHub first, in path order."""
    found: list[tuple[str, str]] = []
    for rel in repo.files:
        if rel.startswith(".github/workflows/"):
            name = rel[len(".github/workflows/") :]
            if "/" not in name and name.endswith((".yml", ".yaml")):
                found.append((rel, "github"))
    if ".gitlab-ci.yml" in repo.files:
        found.append((".gitlab-ci.yml", "gitlab"))
    return found


def collect_workflows(repo: Repo) -> tuple[tuple[Workflow, ...], tuple[ParseError, ...]]:
    """Every workflow of the repository, and the workflow files that did not parse."""
    from aipolicy.collect.workflows_gitlab import gitlab_workflow  # it builds on this module

    workflows: list[Workflow] = []
    errors: list[ParseError] = []
    for rel, platform in workflow_files(repo):
        parsed = parse_file(repo, rel, "yaml")
        if parsed is None:
            continue
        if parsed.error is not None:
            errors.append(parsed.error)
            continue
        source = _source_lines(repo, rel)
        if platform == "github":
            workflows.append(github_workflow(parsed, source))
        else:
            workflows.append(gitlab_workflow(parsed, source))
    return tuple(workflows), tuple(errors)


def _source_lines(repo: Repo, rel: str) -> tuple[str, ...]:
    read = repo.read(rel)
    if read is None:
        return ()
    return tuple(read.data.decode("utf-8", "replace").split("\n"))


def github_workflow(parsed: Parsed, source: tuple[str, ...] = ()) -> Workflow:
    """The facts of a parsed GitHub Actions workflow."""
    doc = parsed.value if isinstance(parsed.value, dict) else {}
    jobs_node = doc.get("jobs")
    jobs = tuple(
        _github_job(parsed, job_id, node)
        for job_id, node in (jobs_node.items() if isinstance(jobs_node, dict) else ())
        if isinstance(node, dict)
    )
    return Workflow(
        path=parsed.path,
        platform="github",
        name=text_or_none(doc.get("name")),
        triggers=github_triggers(doc.get("on")),
        triggers_line=parsed.line("on") if "on" in doc else None,
        permissions=permissions(doc.get("permissions")),
        permissions_line=parsed.line("permissions") if "permissions" in doc else None,
        env=keys(doc.get("env")),
        secrets=secret_names(doc.get("env")),
        jobs=jobs,
        source=source,
    )


def github_triggers(node: Any) -> tuple[str, ...]:
    """Event names of an ``on:`` value (a name, a list of names or a map)."""
    if isinstance(node, str):
        return (node,)
    if isinstance(node, list):
        return tuple(item for item in node if isinstance(item, str))
    if isinstance(node, dict):
        return tuple(node)
    return ()


def _github_job(parsed: Parsed, job_id: str, node: dict[str, Any]) -> Job:
    steps_node = node.get("steps")
    steps = tuple(
        _github_step(parsed, job_id, index, step)
        for index, step in enumerate(steps_node if isinstance(steps_node, list) else ())
        if isinstance(step, dict)
    )
    container = node.get("container")
    if isinstance(container, dict):
        container = container.get("image")
    passed = node.get("secrets")
    outputs = node.get("outputs")
    job_secrets = secret_names([node.get("env"), node.get("with"), passed])
    if passed == "inherit":
        job_secrets = tuple(sorted({*job_secrets, "inherit"}))
    return Job(
        id=job_id,
        line=parsed.line("jobs", job_id),
        name=text_or_none(node.get("name")),
        permissions=permissions(node.get("permissions")),
        permissions_line=parsed.line("jobs", job_id, "permissions")
        if "permissions" in node
        else None,
        condition=text_or_none(node.get("if")),
        uses=text_or_none(node.get("uses")),
        container=text_or_none(container),
        runs_on=labels(node.get("runs-on")),
        env=keys(node.get("env")),
        secrets=job_secrets,
        outputs={str(k): as_text(v) for k, v in outputs.items()}
        if isinstance(outputs, dict)
        else {},
        steps=steps,
    )


def _github_step(parsed: Parsed, job_id: str, index: int, node: dict[str, Any]) -> Step:
    where = ("jobs", job_id, "steps", index)
    inputs = node.get("with")
    return Step(
        index=index,
        line=parsed.line(*where),
        name=text_or_none(node.get("name")),
        uses=text_or_none(node.get("uses")),
        run=text_or_none(node.get("run")),
        run_line=parsed.line(*where, "run") if "run" in node else None,
        with_={
            key: input_value(key, value)
            for key, value in (inputs.items() if isinstance(inputs, dict) else ())
        },
        env=keys(node.get("env")),
        secrets=secret_names(node),
        condition=text_or_none(node.get("if")),
    )


def permissions(node: Any) -> Permissions:
    """Token permissions as given: a string (``write-all``, ``read-all``) or a map."""
    if isinstance(node, str):
        return node
    if isinstance(node, dict):
        return {str(scope): as_text(level) for scope, level in node.items()}
    return None


def input_value(name: str, value: Any) -> str | None:
    """An input's value as text; ``None`` for a literal given to a secret-looking input."""
    text = as_text(value)
    if _SECRET_INPUT.search(name) and _EXPRESSION.sub("", text).strip():
        return None
    return text


def secret_names(node: Any) -> tuple[str, ...]:
    """Names of the secrets referenced in ``${{ }}`` expressions anywhere in ``node``."""
    names: set[str] = set()
    for text in _strings(node):
        for expression in _EXPRESSION.findall(text):
            names.update(a or b for a, b in _SECRET_NAME.findall(expression))
            if _WHOLE_SECRETS.search(expression):
                names.add("*")
    return tuple(sorted(names))


def _strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [text for value in node.values() for text in _strings(value)]
    if isinstance(node, list):
        return [text for value in node for text in _strings(value)]
    return []


def labels(node: Any) -> tuple[str, ...]:
    """Runner labels: a label, a list of labels or a ``{group, labels}`` map."""
    if isinstance(node, dict):
        group = node.get("group")
        return (*labels(node.get("labels")), *((f"group:{group}",) if group else ()))
    if isinstance(node, list):
        return tuple(as_text(item) for item in node if not isinstance(item, dict | list))
    return () if node is None or isinstance(node, dict | list) else (as_text(node),)


def keys(node: Any) -> tuple[str, ...]:
    """The keys of a map (``()`` for anything else)."""
    return tuple(str(key) for key in node) if isinstance(node, dict) else ()


def text_or_none(value: Any) -> str | None:
    """A scalar as text; ``None`` when absent or not a scalar."""
    if value is None or isinstance(value, dict | list):
        return None
    return as_text(value)


def as_text(value: Any) -> str:
    """Any YAML value as the text an Actions runner would see."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value)
    return str(value)


def _cap(text: str | None) -> str | None:
    return None if text is None else text[:MAX_TEXT]
