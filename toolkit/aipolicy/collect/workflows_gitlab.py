"""GitLab CI (``.gitlab-ci.yml``) as workflow facts, best effort.

Jobs are the top-level mappings that are not GitLab keywords; hidden jobs (``.name``) and
``default:`` are kept as templates. A job's steps are its ``before_script``, ``script``
and ``after_script`` sections. Pipeline sources come from ``workflow:rules`` and a job's
``rules`` / ``only`` (``$CI_PIPELINE_SOURCE == "merge_request_event"`` and the like);
without ``workflow:rules`` GitLab runs branch pipelines on ``push``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from aipolicy.collect.parse import Parsed
from aipolicy.collect.workflows import Include, Job, Step, Workflow, keys, labels, text_or_none

KEYWORDS = frozenset(
    {
        "default",
        "include",
        "stages",
        "variables",
        "workflow",
        "image",
        "services",
        "cache",
        "before_script",
        "after_script",
        "types",
        "spec",
    }
)
"""Top-level keys that are not jobs."""

SECTIONS = ("before_script", "script", "after_script")
DEFAULT_SOURCES = ("push",)
MAX_EXTENDS = 11

_ONLY_REFS = {
    "merge_requests": "merge_request_event",
    "external_pull_requests": "external_pull_request_event",
    "pushes": "push",
    "branches": "push",
    "tags": "push",
    "schedules": "schedule",
    "web": "web",
    "api": "api",
    "triggers": "trigger",
    "pipelines": "pipeline",
    "chat": "chat",
    "external": "external",
}
_SOURCE_TEST = re.compile(
    r"\$CI_PIPELINE_SOURCE\s*(==|=~)\s*(?:\"([^\"]*)\"|'([^']*)'|/([^/]*)/|([\w-]+))"
)
_MERGE_REQUEST = re.compile(r"(?<!!)\$CI_MERGE_REQUEST_I?IDs?\b(?!\s*==\s*null)")
_BRANCH = re.compile(r"(?<!!)\$CI_COMMIT_(?:BRANCH|TAG)\b(?!\s*==\s*null)")


def gitlab_workflow(parsed: Parsed, source: tuple[str, ...] = ()) -> Workflow:
    """The facts of a parsed ``.gitlab-ci.yml``."""
    doc = parsed.value if isinstance(parsed.value, dict) else {}
    node = doc.get("workflow")
    workflow = node if isinstance(node, dict) else {}
    rules = workflow.get("rules")
    if isinstance(rules, list):
        found, inherits, _ = rule_sources(rules)
        triggers = _ordered(found | (set(DEFAULT_SOURCES) if inherits else set()))
        triggers_line: int | None = parsed.line("workflow", "rules")
    else:
        triggers, triggers_line = DEFAULT_SOURCES, None
    jobs: list[Job] = []
    if isinstance(doc.get("default"), dict) or "before_script" in doc or "after_script" in doc:
        jobs.append(_default_job(parsed, doc))
    default = doc.get("default")
    for job_id, job in doc.items():
        if job_id not in KEYWORDS and isinstance(job, dict):
            merged, origin = resolve_extends(doc, job, (job_id,))
            if isinstance(default, dict) and "id_tokens" not in merged:
                if _inherits_default(merged, "id_tokens"):
                    merged["id_tokens"] = default.get("id_tokens")
            job_facts = _job(parsed, job_id, merged, origin, triggers)
            jobs.append(replace(job_facts, template=job_id.startswith(".")))
    return Workflow(
        path=parsed.path,
        platform="gitlab",
        name=text_or_none(workflow.get("name")),
        triggers=triggers,
        triggers_line=triggers_line,
        env=keys(doc.get("variables")),
        includes=_includes(parsed, doc.get("include")),
        jobs=tuple(jobs),
        source=source,
    )


def _default_job(parsed: Parsed, doc: dict[str, Any]) -> Job:
    """``default:`` (and the legacy top-level script sections) as a template job."""
    node = doc.get("default")
    if isinstance(node, dict):
        origin: dict[str, tuple[str, ...]] = {key: ("default", key) for key in node}
        job = _job(parsed, "default", node, origin, ())
    else:
        legacy: dict[str, Any] = {key: doc[key] for key in (*SECTIONS, "image") if key in doc}
        job = _job(parsed, "default", legacy, {key: (key,) for key in legacy}, ())
        job = replace(job, line=min(parsed.line(key) for key in legacy))
    return replace(job, template=True)


def _inherits_default(node: dict[str, Any], keyword: str) -> bool:
    """The job takes ``keyword`` from ``default:`` (``inherit: default:`` true or listing it)."""
    inherit = node.get("inherit")
    chosen = inherit.get("default", True) if isinstance(inherit, dict) else True
    return chosen is True or (isinstance(chosen, list) and keyword in chosen)


def resolve_extends(
    doc: dict[str, Any], node: dict[str, Any], at: tuple[str, ...], depth: int = 0
) -> tuple[dict[str, Any], dict[str, tuple[str, ...]]]:
    """``node`` with the keys it inherits through ``extends``, and where each key is written.

    Keys are merged shallowly (enough for scripts, image, rules and variables' names);
    GitLab allows eleven levels of ``extends``.
    """
    merged: dict[str, Any] = {}
    origin: dict[str, tuple[str, ...]] = {}
    parents = node.get("extends")
    for parent in [parents] if isinstance(parents, str) else parents or []:
        parent_node = doc.get(parent) if isinstance(parent, str) else None
        if isinstance(parent_node, dict) and depth < MAX_EXTENDS:
            inherited, where = resolve_extends(doc, parent_node, (parent,), depth + 1)
            merged.update(inherited)
            origin.update(where)
    for key, value in node.items():
        if key != "extends":
            merged[key] = value
            origin[key] = (*at, key)
    return merged, origin


def _job(
    parsed: Parsed,
    job_id: str,
    node: dict[str, Any],
    origin: dict[str, tuple[str, ...]],
    pipeline: tuple[str, ...],
) -> Job:
    steps: list[Step] = []
    for section in SECTIONS:
        if section in node:
            line = parsed.line(*origin[section])
            steps.append(
                Step(
                    index=len(steps),
                    line=line,
                    name=section,
                    run=script_text(node[section]),
                    run_line=line,
                )
            )
    image = node.get("image")
    if isinstance(image, dict):
        image = image.get("name")
    trigger = node.get("trigger")
    if isinstance(trigger, dict):
        trigger = trigger.get("project") or trigger.get("include")
    triggers, manual = job_sources(node, pipeline)
    return Job(
        id=job_id,
        line=parsed.line(job_id),
        uses=text_or_none(trigger) if not isinstance(trigger, list) else None,
        container=text_or_none(image),
        runs_on=labels(node.get("tags")),
        env=keys(node.get("variables")),
        secrets=keys(node.get("secrets")),
        id_tokens=keys(node.get("id_tokens")),
        triggers=triggers,
        manual=manual,
        steps=tuple(steps),
    )


def script_text(node: Any) -> str:
    """A script section as its commands, one a line (``!reference`` shown as such)."""
    if isinstance(node, str):
        return node
    if not isinstance(node, list):
        return ""
    lines: list[str] = []
    for item in node:
        if isinstance(item, list):
            if 2 <= len(item) <= 3 and all(isinstance(part, str) for part in item):
                if item[0].startswith("."):
                    lines.append(f"!reference [{', '.join(item)}]")
                    continue
            lines.append(script_text(item))
        elif item is not None:
            lines.append(str(item))
    return "\n".join(lines)


def job_sources(
    node: dict[str, Any], pipeline: tuple[str, ...]
) -> tuple[tuple[str, ...] | None, bool]:
    """Sources a job's ``rules`` / ``only`` name (``None``: the pipeline's) and if it is manual.

    A rule that names no source applies to every source of the ``pipeline``.
    """
    manual = node.get("when") == "manual"
    rules = node.get("rules")
    if isinstance(rules, list):
        found, inherits, all_manual = rule_sources(rules)
        if inherits and not found:
            return None, manual or all_manual
        sources = found | (set(pipeline) if inherits else set())
        return _ordered(sources), manual or all_manual
    only = node.get("only")
    if isinstance(only, dict):
        only = only.get("refs")
    if isinstance(only, str):
        only = [only]
    if isinstance(only, list):
        return _ordered({_ONLY_REFS.get(str(ref), "push") for ref in only}), manual
    return None, manual


def rule_sources(rules: list[Any]) -> tuple[set[str], bool, bool]:
    """Sources named by ``rules``; whether a rule applies to any source; whether all are manual.

    Rules with ``when: never`` are left out.
    """
    found: set[str] = set()
    inherits = False
    whens: list[Any] = []
    for rule in rules:
        if not isinstance(rule, dict) or rule.get("when") == "never":
            continue
        whens.append(rule.get("when"))
        condition = rule.get("if")
        named = pipeline_sources(condition) if isinstance(condition, str) else set()
        found |= named
        inherits = inherits or not named
    return found, inherits, bool(whens) and all(when == "manual" for when in whens)


def pipeline_sources(condition: str) -> set[str]:
    """Pipeline sources a ``rules:if`` expression tests for (best effort)."""
    sources: set[str] = set()
    for _, double, single, regex, bare in _SOURCE_TEST.findall(condition):
        if regex:
            sources.update(re.findall(r"[a-z][a-z_]+", regex))
        else:
            sources.add(double or single or bare)
    if _MERGE_REQUEST.search(condition):
        sources.add("merge_request_event")
    if _BRANCH.search(condition):
        sources.add("push")
    return sources


def _ordered(sources: set[str]) -> tuple[str, ...]:
    return tuple(sorted(sources))


def _includes(parsed: Parsed, node: Any) -> tuple[Include, ...]:
    entries = node if isinstance(node, list) else [node] if node is not None else []
    found: list[Include] = []
    for index, entry in enumerate(entries):
        line = parsed.line("include", index) if isinstance(node, list) else parsed.line("include")
        if isinstance(entry, str):
            kind = "remote" if entry.startswith(("https://", "http://")) else "local"
            found.append(Include(kind, entry, line))
        elif isinstance(entry, dict):
            for kind in ("local", "template", "component", "remote", "project"):
                value = entry.get(kind)
                if isinstance(value, str):
                    if kind == "project":
                        files = entry.get("file")
                        names = files if isinstance(files, list) else [files]
                        value += ":" + ",".join(str(name) for name in names if name)
                    found.append(Include(kind, value, line))
                    break
    return tuple(found)
