"""Sandbox facts: dev container configurations and the containers that run AI agents.

Dev containers are found where the spec (containers.dev) looks for them, names matched
as spelled: ``.devcontainer/devcontainer.json``, ``.devcontainer.json`` and
``.devcontainer/<folder>/devcontainer.json``; they are JSONC. Their ``runArgs`` are parsed
into the Docker options they set; their lifecycle commands are recorded verbatim (capped
at 500 characters), never run. Claude Code's own ``sandbox`` settings are the
agent-configuration collector's; Dockerfiles and compose services are in
:mod:`aipolicy.collect.sandbox_containers`.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aipolicy.collect import sandbox_containers as containers
from aipolicy.collect.listing import display_path
from aipolicy.collect.parse import Parsed, ParseError, parse_file
from aipolicy.collect.repo import Repo
from aipolicy.collect.sandbox_containers import AgentFlag, ComposeService, Dockerfile, as_json

LIFECYCLE_HOOKS = (
    "initializeCommand",
    "onCreateCommand",
    "updateContentCommand",
    "postCreateCommand",
    "postStartCommand",
    "postAttachCommand",
)
"""devcontainer.json keys holding commands (``initializeCommand`` runs on the host)."""


@dataclass(frozen=True)
class Mount:
    """A mount a dev container asks for."""

    spec: str
    """As written; the object form rendered as ``type=...,source=...,target=...``."""
    origin: str
    """Where it is declared: ``mounts``, ``workspaceMount`` or ``runArgs``."""
    type: str | None
    """``bind``, ``volume``, ``tmpfs``... when stated."""
    source: str | None
    """Host path or volume name, when stated."""
    target: str | None
    """Path inside the container, when stated."""
    line: int
    """1-based line of the declaration."""

    def to_json(self) -> dict[str, Any]:
        return as_json(self)


@dataclass(frozen=True)
class LifecycleCommand:
    """A command a dev container runs at one of its lifecycle stages."""

    hook: str
    """The devcontainer.json key (``postCreateCommand``, ``postStartCommand``, ...)."""
    name: str | None
    """Name of the command in the object (parallel) form; ``None`` otherwise."""
    command: str
    """The command verbatim (an argument list joined by spaces), at most 500 characters."""
    truncated: bool
    """The command was longer than 500 characters."""
    line: int
    """1-based line."""

    def to_json(self) -> dict[str, Any]:
        return as_json(self)


@dataclass(frozen=True)
class DevContainer:
    """One devcontainer.json configuration."""

    path: str
    """Path relative to the repository root, as spelled on disk."""
    name: str | None = None
    """``name``."""
    image: str | None = None
    """``image``."""
    dockerfile: str | None = None
    """``build.dockerfile`` (or the legacy ``dockerFile``), as written."""
    dockerfile_path: str | None = None
    """That Dockerfile's path from the repository root (``None`` if it points outside)."""
    compose_files: tuple[str, ...] = ()
    """``dockerComposeFile``, as written."""
    service: str | None = None
    """``service``: the compose service the editor attaches to."""
    run_args: tuple[str, ...] = ()
    """``runArgs`` verbatim (non-strings as JSON)."""
    network: str | None = None
    """Value of ``--network``/``--net`` in ``runArgs``; ``None`` when not given."""
    cap_add: tuple[str, ...] = ()
    """``capAdd`` and every ``--cap-add`` in ``runArgs``, in that order."""
    cap_drop: tuple[str, ...] = ()
    """Every ``--cap-drop`` in ``runArgs``."""
    privileged: bool = False
    """``privileged: true`` or ``--privileged`` in ``runArgs``."""
    read_only: bool = False
    """``--read-only`` in ``runArgs``."""
    security_opt: tuple[str, ...] = ()
    """``securityOpt`` and every ``--security-opt`` in ``runArgs``."""
    mounts: tuple[Mount, ...] = ()
    """``mounts``, ``workspaceMount`` and ``-v``/``--volume``/``--mount`` in ``runArgs``."""
    remote_user: str | None = None
    """``remoteUser``."""
    container_user: str | None = None
    """``containerUser``."""
    features: tuple[str, ...] = ()
    """Ids of the ``features`` it installs, as written."""
    container_env: tuple[str, ...] = ()
    """Names (only) of the ``containerEnv`` variables."""
    commands: tuple[LifecycleCommand, ...] = ()
    """Lifecycle commands, in :data:`LIFECYCLE_HOOKS` order."""
    agent_flags: tuple[AgentFlag, ...] = ()
    """Agent flags that switch off approvals or sandboxing, in the lifecycle commands."""
    lines: dict[str, int] = field(default_factory=dict)
    """Line of each top-level key."""

    def to_json(self) -> dict[str, Any]:
        return as_json(self)


@dataclass(frozen=True)
class Sandbox:
    """Where AI agents may run confined: dev containers, agent Dockerfiles and services."""

    devcontainers: tuple[DevContainer, ...] = ()
    """Dev container configurations, by path."""
    dockerfiles: tuple[Dockerfile, ...] = ()
    """Dockerfiles of dev containers or agents, by path."""
    compose_services: tuple[ComposeService, ...] = ()
    """Compose services of dev containers or agents, by file then service order."""
    parse_errors: tuple[ParseError, ...] = ()
    """Files that did not parse (gathered into the top-level ``parse_errors``)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "devcontainers": [d.to_json() for d in self.devcontainers],
            "dockerfiles": [d.to_json() for d in self.dockerfiles],
            "compose_services": [s.to_json() for s in self.compose_services],
        }


class SandboxCollector:
    name = "sandbox"

    def collect(self, repo: Repo) -> Sandbox:
        errors: list[ParseError] = []
        configs: list[DevContainer] = []
        dockerfiles_used: set[str] = set()
        compose_used: set[str] = set()
        for rel in devcontainer_paths(repo):
            parsed = parse_file(repo, rel, "jsonc")
            if parsed is None:
                continue
            if parsed.error is not None:
                errors.append(parsed.error)
            elif not isinstance(parsed.value, dict):
                errors.append(ParseError(parsed.path, 1, "top level is not an object"))
            else:
                config = read_devcontainer(parsed, rel)
                configs.append(config)
                dockerfiles_used.update(_resolved(rel, [config.dockerfile or ""]))
                compose_used.update(_resolved(rel, config.compose_files))
        dockerfiles = [
            dockerfile
            for rel in _candidates(repo, containers.is_dockerfile, dockerfiles_used)
            if (dockerfile := containers.read_dockerfile(repo, rel, rel in dockerfiles_used))
        ]
        services: list[ComposeService] = []
        for rel in _candidates(repo, containers.is_compose, compose_used):
            found, error = containers.read_compose(repo, rel, rel in compose_used)
            services.extend(found)
            if error is not None:
                errors.append(error)
        return Sandbox(tuple(configs), tuple(dockerfiles), tuple(services), tuple(errors))


def devcontainer_paths(repo: Repo) -> list[str]:
    """The devcontainer.json files the spec looks for, as spelled on disk, sorted."""
    found = [f for f in repo.list_files("") if f == ".devcontainer.json"]
    nested = repo.list_files(".devcontainer", recursive=True, max_depth=1)
    found.extend(rel for rel in nested if rel.rsplit("/", 1)[-1] == "devcontainer.json")
    return sorted(found)


def _resolved(config: str, values: tuple[str, ...] | list[str]) -> list[str]:
    """``values`` (paths relative to the file ``config``) from the repository root.

    Paths that are empty, absolute or lead out of the repository are left out.
    """
    base = posixpath.dirname(config)
    out = []
    for value in values:
        if not value or value.startswith("/"):
            continue
        path = posixpath.normpath(posixpath.join(base, value))
        if path != ".." and not path.startswith("../"):
            out.append(path)
    return out


def _candidates(repo: Repo, matches: Callable[[str], bool], referenced: set[str]) -> list[str]:
    """Files whose name ``matches``, plus the ``referenced`` ones that exist; capped."""
    found = {f for f in repo.files if matches(f)}
    found.update(rel for rel in referenced if repo.is_file(rel))
    return sorted(found)[: containers.MAX_FILES]


def read_devcontainer(parsed: Parsed, rel: str) -> DevContainer:
    """The facts of one parsed devcontainer.json (a JSON object)."""
    doc: dict[str, Any] = parsed.value

    def text(key: str, within: dict[str, Any] = doc) -> str | None:
        value = within.get(key)
        return value if isinstance(value, str) else None

    build: dict[str, Any] = _typed(doc.get("build"), dict) or {}
    dockerfile = text("dockerfile", build) or text("dockerFile")
    compose = doc.get("dockerComposeFile")
    compose_files = (compose,) if isinstance(compose, str) else containers.strings(compose)
    raw_args: list[Any] = _typed(doc.get("runArgs"), list) or []
    run_args = tuple(a if isinstance(a, str) else json.dumps(a) for a in raw_args)
    options = _run_options(containers.strings(raw_args), parsed.line("runArgs"))
    commands = _commands(parsed)
    features = doc.get("features")
    env = doc.get("containerEnv")
    resolved = _resolved(rel, [dockerfile or ""])
    return DevContainer(
        path=parsed.path,
        name=text("name"),
        image=text("image"),
        dockerfile=dockerfile,
        dockerfile_path=display_path(resolved[0]) if resolved else None,
        compose_files=compose_files,
        service=text("service"),
        run_args=run_args,
        network=options.network,
        cap_add=containers.strings(doc.get("capAdd")) + options.cap_add,
        cap_drop=options.cap_drop,
        privileged=doc.get("privileged") is True or options.privileged,
        read_only=options.read_only,
        security_opt=containers.strings(doc.get("securityOpt")) + options.security_opt,
        mounts=_mounts(parsed) + options.mounts,
        remote_user=text("remoteUser"),
        container_user=text("containerUser"),
        features=tuple(features) if isinstance(features, dict) else (),
        container_env=tuple(env) if isinstance(env, dict) else (),
        commands=commands,
        agent_flags=tuple(
            flag for c in commands for flag in containers.agent_flags(c.command, c.line)
        ),
        lines={key: parsed.lines.lines[(key,)] for key in doc if (key,) in parsed.lines.lines},
    )


def _typed(value: Any, kind: type) -> Any:
    return value if isinstance(value, kind) else None


def _commands(parsed: Parsed) -> tuple[LifecycleCommand, ...]:
    out = []
    for hook in LIFECYCLE_HOOKS:
        value = parsed.value.get(hook)
        forms = value.items() if isinstance(value, dict) else [(None, value)]
        for name, command in forms:
            text = _joined(command)
            if text is None:
                continue
            line = parsed.line(hook, name) if name is not None else parsed.line(hook)
            cap = containers.MAX_TEXT
            out.append(LifecycleCommand(hook, name, text[:cap], len(text) > cap, line))
    return tuple(out)


def _joined(command: Any) -> str | None:
    if isinstance(command, str):
        return command
    if isinstance(command, list):
        return " ".join(c if isinstance(c, str) else json.dumps(c) for c in command)
    return None


@dataclass(frozen=True)
class _RunOptions:
    """What ``runArgs`` set, as Docker would read them."""

    network: str | None = None
    cap_add: tuple[str, ...] = ()
    cap_drop: tuple[str, ...] = ()
    privileged: bool = False
    read_only: bool = False
    security_opt: tuple[str, ...] = ()
    mounts: tuple[Mount, ...] = ()


_VALUED = {
    "--network",
    "--net",
    "--cap-add",
    "--cap-drop",
    "--security-opt",
    "-v",
    "--volume",
    "--mount",
}
_LISTS = {"--cap-add": "cap_add", "--cap-drop": "cap_drop", "--security-opt": "security_opt"}


def _run_options(args: tuple[str, ...], line: int) -> _RunOptions:
    """``docker run`` options among ``args`` (``--opt=value`` and ``--opt value`` alike)."""
    found: dict[str, Any] = {"cap_add": [], "cap_drop": [], "security_opt": [], "mounts": []}
    i = 0
    while i < len(args):
        option, has_value, value = args[i].partition("=")
        if option.startswith("-v") and not option.startswith("--") and len(option) > 2:
            option, has_value, value = "-v", "=", option[2:]
        if option in _VALUED and not has_value and i + 1 < len(args):
            i += 1
            value, has_value = args[i], "="
        i += 1
        if option in ("--network", "--net") and has_value:
            found["network"] = value
        elif option in _LISTS and has_value:
            found[_LISTS[option]].append(value)
        elif option in ("--privileged", "--read-only"):
            flag = not has_value or value.lower() in ("true", "t", "1")
            found[option.lstrip("-").replace("-", "_")] = flag
        elif option in ("-v", "--volume") and has_value:
            source, _, rest = value.partition(":")
            target = rest.split(":", 1)[0] if rest else source
            found["mounts"].append(
                Mount(value, "runArgs", None, source if rest else None, target, line)
            )
        elif option == "--mount" and has_value:
            found["mounts"].append(_mount_spec(value, "runArgs", line))
    return _RunOptions(
        network=found.get("network"),
        cap_add=tuple(found["cap_add"]),
        cap_drop=tuple(found["cap_drop"]),
        privileged=found.get("privileged", False),
        read_only=found.get("read_only", False),
        security_opt=tuple(found["security_opt"]),
        mounts=tuple(found["mounts"]),
    )


def _mounts(parsed: Parsed) -> tuple[Mount, ...]:
    """``mounts`` (strings or objects) and ``workspaceMount``."""
    out = []
    entries = parsed.value.get("mounts")
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        line = parsed.line("mounts", index)
        if isinstance(entry, str):
            out.append(_mount_spec(entry, "mounts", line))
        elif isinstance(entry, dict):
            parts = {k: entry.get(k) for k in ("type", "source", "target")}
            spec = ",".join(f"{k}={v}" for k, v in parts.items() if isinstance(v, str))
            out.append(_mount_spec(spec, "mounts", line))
    workspace = parsed.value.get("workspaceMount")
    if isinstance(workspace, str) and workspace:
        out.append(_mount_spec(workspace, "workspaceMount", parsed.line("workspaceMount")))
    return tuple(out)


def _mount_spec(spec: str, origin: str, line: int) -> Mount:
    """A ``type=...,source=...,target=...`` mount (Docker's ``--mount`` syntax)."""
    fields: dict[str, str] = {}
    for part in spec.split(","):
        key, _, value = part.partition("=")
        key = {"src": "source", "dst": "target", "destination": "target"}.get(key.strip(), key)
        fields.setdefault(key.strip(), value.strip())
    return Mount(spec, origin, fields.get("type"), fields.get("source"), fields.get("target"), line)
