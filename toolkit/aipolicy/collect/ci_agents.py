"""AI agents run in CI: agent actions, and agent CLIs invoked in scripts.

An agent is found by the action a step uses (``anthropics/claude-code-action``, ...) or
by an agent command at a command position of a script (``claude -p``, ``npx
@anthropic-ai/claude-code``, ``codex exec``, ``gemini``, ``aider``, ``opencode``, ``gh models
run``), or by an HTTP client calling a model API (:mod:`.ci_model_api`). Each
agent carries what the policy needs to judge it: when it runs, the token permissions it
gets, the secrets it can read and the permission-relaxing flags seen. :class:`RunsOn`
(when a job runs) is shared with the controls.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

from aipolicy.collect.ci_model_api import GH_MODELS, model_api_calls
from aipolicy.collect.ci_output import (
    MAX_FOLLOWED,
    ExecutedOutput,
    executed_outputs,
    locate,
    segment_end,
)
from aipolicy.collect.workflows import MAX_TEXT, Job, Permissions, Step, Workflow

AGENT_ACTIONS: tuple[tuple[str, str], ...] = (
    ("anthropics/claude-code-action", "claude-code"),
    ("anthropics/claude-code-base-action", "claude-code"),
    ("openai/codex-action", "codex"),
    ("google-github-actions/run-gemini-cli", "gemini"),
    ("actions/ai-inference", "github-models"),
    ("sst/opencode/github", "opencode"),
    ("qodo-ai/pr-agent", "pr-agent"),
    ("codium-ai/pr-agent", "pr-agent"),
    ("coderabbitai/ai-pr-reviewer", "coderabbit"),
)
"""Action (``owner/repo[/path]``, compared case-insensitively) and the agent it runs."""

MAX_PER_STEP = 20
"""Agent commands recorded per step at most."""
MAX_CONTINUATIONS = 50
"""Continuation lines joined into one command at most."""

_PACKAGE_VERSION = r"(?:@[\w.^~-]+)?"
AGENT_COMMANDS: tuple[tuple[str, str], ...] = (
    ("claude-code", rf"claude|@anthropic-ai/claude-code{_PACKAGE_VERSION}"),
    ("codex", rf"codex|@openai/codex{_PACKAGE_VERSION}"),
    ("gemini", rf"gemini|@google/gemini-cli{_PACKAGE_VERSION}"),
    ("aider", r"aider"),
    ("opencode", rf"opencode|opencode-ai{_PACKAGE_VERSION}"),
    ("copilot", rf"copilot|@github/copilot{_PACKAGE_VERSION}"),
    ("cursor", r"cursor-agent"),
    ("github-models", GH_MODELS),
)
"""Agent and the command names (regular expressions) that start it."""

_LEAD = (
    r"(?:^|(?<=[;&|({`])|(?<=\$\())[ \t]*"
    r"(?:(?:sudo|env|exec|time|nohup)[ \t]+(?:-\S+[ \t]+)*"
    r"|[A-Za-z_][A-Za-z0-9_]*=(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s;&|]*)[ \t]+"
    r"|(?:npx|pnpx|bunx|uvx|pipx[ \t]+run|uv[ \t]+run|uv[ \t]+tool[ \t]+run|poetry[ \t]+run"
    r"|npm[ \t]+exec|pnpm[ \t]+(?:exec|dlx)|yarn[ \t]+dlx|bundle[ \t]+exec|python3?[ \t]+-m)"
    r"[ \t]+(?:--?[\w-]+(?:[ \t=][^\s;&|]+)?[ \t]+){0,3}"
    r"){0,4}"
    r"(?:[\w.~/-]*/)?"
)


def command_pattern(names: Sequence[str]) -> re.Pattern[str]:
    """Matches any command of ``names`` where a shell would run it, in one pass.

    The group ``c<i>`` (:attr:`re.Match.lastgroup`) tells which of ``names`` matched.
    """
    choices = "|".join(f"(?P<c{index}>{name})" for index, name in enumerate(names))
    return re.compile(_LEAD + rf"(?:{choices})(?=[\s;&|)`]|$)", re.MULTILINE)


def matched(match: re.Match[str]) -> int:
    """Index of the name a :func:`command_pattern` match found."""
    return int((match.lastgroup or "c0")[1:])


_COMMANDS = command_pattern([names for _, names in AGENT_COMMANDS])
_SKIP_PERMISSIONS = re.compile(r"--dangerously-skip-permissions\b|\bbypassPermissions\b")
_YOLO = re.compile(
    r"--yolo\b|--approval-mode[= ]+[\"']?yolo\b|--dangerously-bypass-approvals-and-sandbox\b"
    r"|--yes-always\b"
)
_ALLOWED_TOOLS = re.compile(
    r"--allowed-?tools(?:=|[ \t]+)(?:\"([^\"]*)\"|'([^']*)'|(\S+))", re.IGNORECASE
)
_LONG_FLAG = re.compile(r"(?<![\w-])--[A-Za-z][\w-]*")
_SANDBOX = re.compile(
    r"(?:(?<![\w-])(?:--sandbox|-s)(?:=|[ \t]+)"
    r"|(?<![\w-])(?:-c|--config)(?:=|[ \t]+)[\"']?sandbox_mode[ \t]*=[ \t]*)"
    r"[\"']?(read-only|workspace-write|danger-full-access)\b"
)


PULL_REQUEST_EVENTS = frozenset(
    {"pull_request", "pull_request_target", "merge_request_event", "external_pull_request_event"}
)
MANUAL_EVENTS = frozenset({"workflow_dispatch", "web"})


@dataclass(frozen=True)
class RunsOn:
    """When a job runs: its triggers and what they amount to."""

    triggers: tuple[str, ...]
    """The job's triggers (its workflow's, unless a GitLab job narrows them)."""
    on_pull_request: bool
    """It runs by itself on pull (merge) requests."""
    on_push: bool
    """It runs by itself on pushes."""
    manual_only: bool
    """It runs only when started by hand (``workflow_dispatch``, ``web``, ``when: manual``)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "triggers": list(self.triggers),
            "on_pull_request": self.on_pull_request,
            "on_push": self.on_push,
            "manual_only": self.manual_only,
        }


def runs_on(workflow: Workflow, job: Job | None = None) -> RunsOn:
    """When ``job`` of ``workflow`` (or the workflow as a whole) runs."""
    triggers = job.triggers if job is not None and job.triggers is not None else workflow.triggers
    events = set(triggers)
    manual = job is not None and job.manual
    return RunsOn(
        triggers=triggers,
        on_pull_request=not manual and bool(events & PULL_REQUEST_EVENTS),
        on_push=not manual and "push" in events,
        manual_only=manual or (bool(events) and events <= MANUAL_EVENTS),
    )


@dataclass(frozen=True)
class Agent:
    """An AI agent a CI job runs."""

    tool: str
    """Agent id (``claude-code``, ``codex``, ``gemini``, ``aider``, ``opencode``, ...)."""
    via: str
    """``action`` (a step uses an agent action) or ``run`` (a script runs the agent CLI)."""
    path: str
    """Workflow file."""
    line: int
    """1-based line of the ``uses`` step or of the command."""
    job: str
    """Id of the job."""
    step: int
    """Index of the step in the job."""
    runs_on: RunsOn
    """When the job runs."""
    action: str | None = None
    """The action used, as written (``via == "action"``)."""
    command: str | None = None
    """The command line that runs the agent, continuation lines joined (``via == "run"``)."""
    workflow_permissions: Permissions = None
    """Token permissions of the workflow, as given."""
    job_permissions: Permissions = None
    """Token permissions of the job, as given."""
    dangerously_skip_permissions: bool = False
    """The command (or an action input) has ``--dangerously-skip-permissions`` or
    ``bypassPermissions``."""
    yolo: bool = False
    """The command (or an action input) has ``--yolo``, ``--approval-mode yolo``,
    ``--dangerously-bypass-approvals-and-sandbox`` or Aider's ``--yes-always``."""
    allowed_tools: str | None = None
    """The ``--allowedTools`` text (or ``allowed_tools`` input), as written."""
    flags: tuple[str, ...] = ()
    """Long options (``--name``) given to the agent, in order, without values."""
    secrets: tuple[str, ...] = ()
    """Secrets the step references or gets through its job's or workflow's ``env``."""
    sandbox: str | None = None
    """The sandbox mode the command gives the agent (Codex ``--sandbox``/``-s`` or
    ``-c sandbox_mode=``): ``read-only``, ``workspace-write`` or ``danger-full-access``."""
    output_executed: tuple[ExecutedOutput, ...] = ()
    """Commands of the job that run what the agent command wrote (``via == "run"``)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "tool": self.tool,
            "via": self.via,
            "path": self.path,
            "line": self.line,
            "job": self.job,
            "step": self.step,
            **self.runs_on.to_json(),
            "action": self.action,
            "command": None if self.command is None else self.command[:MAX_TEXT],
            "workflow_permissions": self.workflow_permissions,
            "job_permissions": self.job_permissions,
            "dangerously_skip_permissions": self.dangerously_skip_permissions,
            "yolo": self.yolo,
            "allowed_tools": self.allowed_tools,
            "flags": list(self.flags),
            "secrets": list(self.secrets),
            "sandbox": self.sandbox,
            "output_executed": [executed.to_json() for executed in self.output_executed],
        }


def find_agents(workflows: tuple[Workflow, ...]) -> tuple[Agent, ...]:
    """Every agent run by a (non-template) job of ``workflows``, in file order."""
    found: list[Agent] = []
    for workflow in workflows:
        for job in workflow.jobs:
            if job.template and job.id != "default":
                continue
            in_job: list[Agent] = []
            for step in job.steps:
                in_job.extend(_step_agents(workflow, job, step, len(in_job) < MAX_FOLLOWED))
            found.extend(in_job)
    return tuple(found)


def action_agent(uses: str) -> str | None:
    """The agent an action runs, if it is an agent action."""
    name = uses.split("@", 1)[0].lower()
    for prefix, tool in AGENT_ACTIONS:
        if name == prefix or name.startswith(prefix + "/"):
            return tool
    return None


def _step_agents(workflow: Workflow, job: Job, step: Step, follow: bool) -> list[Agent]:
    """Agents of ``step``; ``follow``: record where the job runs their output."""
    common: dict[str, Any] = {
        "path": workflow.path,
        "job": job.id,
        "step": step.index,
        "runs_on": runs_on(workflow, job),
        "workflow_permissions": workflow.permissions,
        "job_permissions": job.permissions,
        "secrets": tuple(sorted({*step.secrets, *job.secrets, *workflow.secrets} - {"inherit"})),
    }
    agents: list[Agent] = []
    tool = action_agent(step.uses) if step.uses else None
    if tool is not None:
        inputs = {key: value for key, value in step.with_.items() if value is not None}
        text = "\n".join(inputs.values())
        args = "\n".join(value for key, value in inputs.items() if "args" in key.lower())
        allowed = inputs.get("allowed_tools") or _allowed_tools(args)
        agents.append(
            Agent(
                tool=tool,
                via="action",
                line=step.line,
                action=step.uses,
                dangerously_skip_permissions=bool(_SKIP_PERMISSIONS.search(text)),
                yolo=bool(_YOLO.search(text)),
                allowed_tools=allowed,
                flags=_flags(args),
                **common,
            )
        )
    script = step.run or ""
    for match in islice(_COMMANDS.finditer(script), MAX_PER_STEP):
        first, command = command_at(script, match.start())
        line = locate(workflow.source, step.run_line or step.line, first)
        sandbox = _SANDBOX.search(script, match.start(), segment_end(script, match.start()))
        agents.append(
            Agent(
                tool=AGENT_COMMANDS[matched(match)][0],
                via="run",
                line=line,
                command=command,
                dangerously_skip_permissions=bool(_SKIP_PERMISSIONS.search(command)),
                yolo=bool(_YOLO.search(command)),
                allowed_tools=_allowed_tools(command),
                flags=_flags(command),
                sandbox=sandbox.group(1) if sandbox else None,
                output_executed=executed_outputs(workflow, job, step, match.start(), line)
                if follow
                else (),
                **common,
            )
        )
    for start in model_api_calls(script):
        first, command = command_at(script, start)
        line = locate(workflow.source, step.run_line or step.line, first)
        agents.append(
            Agent(
                tool="model-api",
                via="run",
                line=line,
                command=command,
                output_executed=executed_outputs(workflow, job, step, start, line)
                if follow
                else (),
                **common,
            )
        )
    agents.sort(key=lambda agent: agent.line)
    return agents


def command_at(script: str, start: int) -> tuple[str, str]:
    """The line holding ``start``, and its command with backslash continuations joined."""
    position = script.rfind("\n", 0, start) + 1
    parts: list[str] = []
    while True:
        end = script.find("\n", position)
        end = len(script) if end == -1 else end
        line = script[position:end].rstrip()
        if line.endswith("\\") and end < len(script) and len(parts) < MAX_CONTINUATIONS:
            parts.append(line[:-1].strip())
            position = end + 1
            continue
        parts.append(line.strip())
        break
    return parts[0], " ".join(part for part in parts if part)


def _allowed_tools(text: str) -> str | None:
    match = _ALLOWED_TOOLS.search(text)
    if match is None:
        return None
    return next(group for group in match.groups() if group is not None)


def _flags(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(_LONG_FLAG.findall(text)))
