"""Container definitions that run AI agents: Dockerfiles and compose services (facts only).

A Dockerfile or compose service counts when it belongs to a dev container (under
``.devcontainer/`` or referenced by a ``devcontainer.json``) or when it mentions an agent:
in its path or name any of :data:`NAME_TERMS`, in its content or command one of the tool
names in :data:`TOOL_TERMS`. Nothing is built or run; files are read with a size cap.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from aipolicy.collect.listing import display_path
from aipolicy.collect.parse import Parsed, ParseError, parse_file
from aipolicy.collect.repo import Repo

TOOL_TERMS = (
    "aider",
    "anthropic",
    "claude",
    "cline",
    "codex",
    "copilot",
    "cursor",
    "gemini",
    "goose",
    "openai",
    "openhands",
    "windsurf",
)
"""Tool names that mark content (a command, a Dockerfile's text) as running an agent."""
NAME_TERMS = ("agent", *TOOL_TERMS)
"""Words that mark a path, service name or image as an agent's."""

MAX_TEXT = 500
MAX_DOCKERFILE_BYTES = 256 * 1024
MAX_FILES = 200
MAX_SERVICES = 200

_SEP = r"[=\s\"',]+"
"""Between a flag and its value: ``=``, spaces, or the ``", "`` of an exec-form JSON list."""
_AGENT_FLAG = re.compile(
    r"(?<![\w-])(--dangerously-skip-permissions|--dangerously-bypass-approvals-and-sandbox"
    rf"|--yolo|--full-auto|--approval-mode{_SEP}yolo|--permission-mode{_SEP}bypassPermissions"
    rf"|--sandbox{_SEP}danger-full-access)(?![\w-])"
)
_POLICY_PATH = re.compile(r"/etc/(?:claude-code|codex|gemini-cli)/[\w.-]+")
_DOCKERFILE = re.compile(
    r"^(?:(?:[Dd]ockerfile|Containerfile)(?:\..+)?|.+\.(?:[Dd]ockerfile|Containerfile))$"
)
"""Dockerfile names: the default (``docker build`` falls back to ``dockerfile``), its
``Dockerfile.<variant>`` and ``<variant>.Dockerfile`` forms, and Podman's ``Containerfile``."""
_COMPOSE = re.compile(r"^(?:docker-compose.*|compose(?:\..+)?)\.ya?ml$")


def as_json(fact: Any) -> dict[str, Any]:
    """A fact dataclass as plain JSON data: every field, tuples as lists, in field order."""
    return {f.name: _plain(getattr(fact, f.name)) for f in dataclasses.fields(fact)}


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return as_json(value)
    return value


@dataclass(frozen=True)
class Located:
    """A value read from a file, with the line it is on."""

    value: str
    """The value as written (whitespace trimmed)."""
    line: int
    """1-based line."""

    def to_json(self) -> dict[str, Any]:
        return as_json(self)


@dataclass(frozen=True)
class AgentFlag:
    """A command-line flag that switches off an AI agent's own approvals or sandbox."""

    flag: str
    """The flag, with its value joined by ``=`` (e.g. ``--approval-mode=yolo``)."""
    line: int
    """1-based line it is on."""

    def to_json(self) -> dict[str, Any]:
        return as_json(self)


@dataclass(frozen=True)
class Dockerfile:
    """A Dockerfile of a dev container or of an agent."""

    path: str
    """Path relative to the repository root, as spelled on disk."""
    devcontainer: bool
    """Under ``.devcontainer/`` or referenced by a devcontainer configuration."""
    mentions: tuple[str, ...]
    """Agent words in its path (:data:`NAME_TERMS`) or text (:data:`TOOL_TERMS`), sorted."""
    base_images: tuple[Located, ...]
    """Image of each ``FROM`` instruction (platform flags left out)."""
    users: tuple[Located, ...]
    """Argument of each ``USER`` instruction; the last one is the user the container runs as."""
    agent_flags: tuple[AgentFlag, ...]
    """Agent flags that switch off approvals or sandboxing, wherever they appear."""
    policy_paths: tuple[Located, ...]
    """Managed-policy locations of AI assistants it mentions (``/etc/claude-code/...``)."""
    truncated: bool = False
    """Larger than 256 KiB: only its start was read."""

    def to_json(self) -> dict[str, Any]:
        return as_json(self)


@dataclass(frozen=True)
class ComposeService:
    """A compose service of a dev container or of an agent."""

    path: str
    """Path of the compose file, relative to the repository root."""
    service: str
    """The service's name."""
    line: int
    """Line of the service's name."""
    devcontainer: bool
    """The compose file is under ``.devcontainer/`` or referenced by a devcontainer."""
    mentions: tuple[str, ...]
    """Agent words in the file path, service name, container name, image or build
    (:data:`NAME_TERMS`) or in its command or entrypoint (:data:`TOOL_TERMS`), sorted."""
    image: str | None
    """``image``, as written."""
    network_mode: str | None
    """``network_mode`` (``none``, ``host``, ``service:...``), as written."""
    cap_add: tuple[str, ...]
    """``cap_add`` entries."""
    cap_drop: tuple[str, ...]
    """``cap_drop`` entries."""
    privileged: bool
    """``privileged: true``."""
    read_only: bool
    """``read_only: true``."""
    security_opt: tuple[str, ...]
    """``security_opt`` entries."""
    user: str | None
    """``user``, as written."""
    command: str | None
    """``command`` (a list joined by spaces), at most 500 characters."""
    entrypoint: str | None
    """``entrypoint`` (a list joined by spaces), at most 500 characters."""
    volumes: tuple[str, ...]
    """``volumes``: short syntax as written, long syntax as ``source:target``."""
    agent_flags: tuple[AgentFlag, ...]
    """Agent flags in ``command`` or ``entrypoint``."""
    lines: dict[str, int]
    """Line of each of the service's keys."""

    def to_json(self) -> dict[str, Any]:
        return as_json(self)


def mentions(text: str, terms: Iterable[str]) -> set[str]:
    """The ``terms`` that occur in ``text`` (case-insensitive)."""
    lowered = text.lower()
    return {term for term in terms if term in lowered}


def agent_flags(text: str, first_line: int = 1) -> tuple[AgentFlag, ...]:
    """Agent flags in ``text``, whose first line is ``first_line``."""
    found = []
    for offset, line in enumerate(text.splitlines()):
        for match in _AGENT_FLAG.finditer(line):
            flag = re.sub(_SEP, "=", match.group(1))
            found.append(AgentFlag(flag, first_line + offset))
    return tuple(found)


def as_text(value: Any) -> str | None:
    """A command as text: a string as is, a list joined by spaces; capped at 500 characters."""
    if isinstance(value, str):
        return value[:MAX_TEXT]
    if isinstance(value, list):
        return " ".join(str(v) for v in value)[:MAX_TEXT]
    return None


def strings(value: Any) -> tuple[str, ...]:
    """The string elements of a list (anything else: none)."""
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()


def is_dockerfile(rel: str) -> bool:
    return bool(_DOCKERFILE.match(rel.rsplit("/", 1)[-1]))


def is_compose(rel: str) -> bool:
    return bool(_COMPOSE.match(rel.rsplit("/", 1)[-1]))


def in_devcontainer_dir(rel: str) -> bool:
    return rel.startswith(".devcontainer/")


def read_dockerfile(repo: Repo, rel: str, referenced: bool) -> Dockerfile | None:
    """Facts of the Dockerfile ``rel``; ``None`` when unreadable or not an agent's."""
    read = repo.read(rel, MAX_DOCKERFILE_BYTES)
    if read is None:
        return None
    text = read.data.decode("utf-8", "replace")
    devcontainer = referenced or in_devcontainer_dir(rel)
    found = mentions(rel, NAME_TERMS) | mentions(text, TOOL_TERMS)
    if not devcontainer and not found:
        return None
    images, users = _instructions(text)
    policy = [
        Located(m.group(0), number)
        for number, line in enumerate(text.splitlines(), start=1)
        for m in _POLICY_PATH.finditer(line)
    ]
    return Dockerfile(
        path=display_path(rel),
        devcontainer=devcontainer,
        mentions=tuple(sorted(found)),
        base_images=images,
        users=users,
        agent_flags=agent_flags(text),
        policy_paths=tuple(policy),
        truncated=read.truncated,
    )


def _instructions(text: str) -> tuple[tuple[Located, ...], tuple[Located, ...]]:
    """``FROM`` images and ``USER`` arguments, continuation lines joined."""
    images: list[Located] = []
    users: list[Located] = []
    pending: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if pending and line.startswith("#"):
            continue
        if not pending:
            if not line or line.startswith("#"):
                continue
            start = number
        pending.append(line.removesuffix("\\").strip())
        if line.endswith("\\"):
            continue
        words = " ".join(pending).split()
        pending = []
        keyword, args = words[0].upper(), words[1:]
        if keyword == "FROM":
            image = next((a for a in args if not a.startswith("--")), None)
            if image is not None:
                images.append(Located(image, start))
        elif keyword == "USER" and args:
            users.append(Located(" ".join(args), start))
    return tuple(images), tuple(users)


def read_compose(
    repo: Repo, rel: str, referenced: bool
) -> tuple[tuple[ComposeService, ...], ParseError | None]:
    """Agent (or dev container) services of the compose file ``rel``, or why it failed."""
    parsed = parse_file(repo, rel, "yaml")
    if parsed is None:
        return (), None
    if parsed.error is not None:
        return (), parsed.error
    if not isinstance(parsed.value, dict):
        return (), ParseError(parsed.path, 1, "top level is not a mapping")
    services = parsed.value.get("services")
    if not isinstance(services, dict):
        return (), None
    devcontainer = referenced or in_devcontainer_dir(rel)
    out = []
    for name, spec in list(services.items())[:MAX_SERVICES]:
        if isinstance(spec, dict):
            service = _service(parsed, str(name), spec, devcontainer)
            if service.devcontainer or service.mentions:
                out.append(service)
    return tuple(out), None


def _service(parsed: Parsed, name: str, spec: dict[str, Any], devcontainer: bool) -> ComposeService:
    def text(key: str) -> str | None:
        value = spec.get(key)
        return str(value)[:MAX_TEXT] if isinstance(value, (str, int)) else None

    build = spec.get("build")
    build_text = build if isinstance(build, str) else ""
    if isinstance(build, dict):
        build_text = " ".join(str(build.get(k, "")) for k in ("context", "dockerfile"))
    named = " ".join([parsed.path, name, text("container_name") or "", text("image") or ""])
    command, entrypoint = as_text(spec.get("command")), as_text(spec.get("entrypoint"))
    run = f"{command or ''}\n{entrypoint or ''}"
    flags = agent_flags(command or "", parsed.line("services", name, "command"))
    flags += agent_flags(entrypoint or "", parsed.line("services", name, "entrypoint"))
    return ComposeService(
        path=parsed.path,
        service=name,
        line=parsed.line("services", name),
        devcontainer=devcontainer,
        mentions=tuple(
            sorted(mentions(named + " " + build_text, NAME_TERMS) | mentions(run, TOOL_TERMS))
        ),
        image=text("image"),
        network_mode=text("network_mode"),
        cap_add=strings(spec.get("cap_add")),
        cap_drop=strings(spec.get("cap_drop")),
        privileged=spec.get("privileged") is True,
        read_only=spec.get("read_only") is True,
        security_opt=strings(spec.get("security_opt")),
        user=text("user"),
        command=command,
        entrypoint=entrypoint,
        volumes=_volumes(spec.get("volumes")),
        agent_flags=flags,
        lines={k: parsed.line("services", name, k) for k in spec if isinstance(k, str)},
    )


def _volumes(value: Any) -> tuple[str, ...]:
    out = []
    for entry in value if isinstance(value, list) else ():
        if isinstance(entry, str):
            out.append(entry)
        elif isinstance(entry, dict) and entry.get("target"):
            source, target = entry.get("source"), entry["target"]
            out.append(f"{source}:{target}" if source else str(target))
    return tuple(out)
