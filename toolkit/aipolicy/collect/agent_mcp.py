"""MCP server definitions and Gemini CLI settings, for :mod:`aipolicy.collect.agent_config`.

MCP servers are read from the assistants' own files (paths in ../shared/AI-TOOLS.md):
``.mcp.json`` and ``managed-mcp.json`` (Claude Code), ``.cursor/mcp.json`` (Cursor),
``.vscode/mcp.json`` (VS Code, top-level ``servers``), ``.gemini/settings.json`` (Gemini CLI),
``.codex/config.toml`` (Codex, ``mcp_servers``) and Claude Code settings files. This module
also holds what every agent_config fact is built from: the located values (:class:`Setting`,
:class:`Entry`), their JSON form (:class:`Fact`) and how a configuration file is loaded.

No secret value is ever recorded: of environment variables and HTTP headers only the
names are kept, with whether each value is a reference to a variable (``${VAR}``) rather
than a literal; URLs lose their credentials, query string and fragment; secrets in the
command, arguments and URL are redacted (:mod:`aipolicy.collect.mcp_redact`) and only where
they were is kept (:class:`PlaintextSecret`).
"""

from __future__ import annotations

import datetime
import json
import math
from dataclasses import dataclass
from typing import Any, Literal

from aipolicy.collect.listing import display_path
from aipolicy.collect.mcp_redact import is_reference as is_reference
from aipolicy.collect.mcp_redact import redact_command_line, url_secrets
from aipolicy.collect.mcp_redact import strip_url as strip_url
from aipolicy.collect.mcp_values import named_value_secrets
from aipolicy.collect.parse import Format, Parsed, ParseError, parse_file
from aipolicy.collect.repo import Repo

MISSING = object()
"""Returned by :func:`get_path` for a key the file does not have (a null value is ``None``)."""


class Fact:
    """Base of the facts here: ``to_json`` gives every field, in order, as JSON data."""

    def to_json(self) -> dict[str, Any]:
        return {name: as_json(value) for name, value in vars(self).items()}


@dataclass(frozen=True)
class Setting(Fact):
    """One setting's value, exactly as the file gives it (any JSON type), and its line."""

    value: Any
    """The value as written (not checked against the tool's schema)."""
    line: int
    """1-based line of the key."""


@dataclass(frozen=True)
class KeyedSetting(Fact):
    """A setting that more than one key can hold (Gemini's v1 flat and v2 nested keys)."""

    key: str
    """The key that holds it, dotted (``tools.autoAccept`` or ``autoAccept``)."""
    value: Any
    """The value as written."""
    line: int
    """1-based line of the key."""


@dataclass(frozen=True)
class Entry(Fact):
    """A string in a list (a directory, a server name, an environment variable's name)."""

    value: str
    """The string as written."""
    line: int
    """1-based line."""


@dataclass(frozen=True)
class NamedValue(Fact):
    """An environment variable or HTTP header of an MCP server: its name, never its value."""

    name: str
    """Variable or header name, as written."""
    value_is_reference: bool
    """True when the value is only a reference to a variable (``${VAR}``, ``${env:VAR}``,
    ``${input:id}``, ``$VAR``, optionally after one word such as ``Bearer``), or is taken
    from the environment by the tool itself (Codex ``env_vars``, ``env_http_headers``);
    false when it is a literal."""
    line: int
    """1-based line of the entry."""


@dataclass(frozen=True)
class PlaintextSecret(Fact):
    """Where a secret was written into an MCP server's command line, URL, environment or
    headers (redacted, or never recorded)."""

    where: Literal["command", "arg", "url", "env", "header"]
    """``command`` (written as one string), ``arg``, ``url``, ``env`` or ``header``."""
    index: int | None
    """Index in ``args`` (``arg``), or of the word in ``command``; null otherwise."""
    kind: str
    """What it looked like: a content-scan kind (``github_token``, ...), ``option``,
    ``assignment``, ``header``, ``url_password``, ``url_query`` or ``db_password``."""
    line: int
    """1-based line of the command, argument, URL, variable or header."""
    key: str | None = None
    """Name of the variable (``env``) or header (``header``); null otherwise."""


@dataclass(frozen=True)
class McpServer(Fact):
    """One MCP server definition in one configuration file."""

    source_tool: str
    """Tool whose file declares it: claude-code, cursor, vscode, gemini or codex."""
    path: str
    """File that declares it, relative to the repository root."""
    line: int
    """1-based line of the server's entry."""
    name: str
    """Server name (the key of its entry)."""
    declared_type: str | None
    """Transport type as written (``type``), or null when the entry has none."""
    transport: str | None
    """``declared_type``, or inferred from the entry (command: stdio; url: http, or sse
    for a Gemini ``url``; Gemini ``tcp``: ws); null when nothing tells."""
    command: str | None
    """Executable of a stdio server, as written (secrets redacted)."""
    args: tuple[str, ...]
    """Its arguments, as written (non-strings as JSON text; secrets redacted)."""
    env: tuple[NamedValue, ...]
    """Environment variables given to the server (names only)."""
    headers: tuple[NamedValue, ...]
    """HTTP headers sent to the server (names only)."""
    url: str | None
    """URL of a remote server without userinfo, query string or fragment."""
    trust: bool | None
    """Gemini ``trust`` (skips every confirmation for the server's tools); null if unset."""
    enabled: bool | None
    """Codex ``enabled``, or the negation of a ``disabled`` flag; null when neither is set."""
    tools: tuple[str, ...] | None
    """Copilot-style ``tools`` list; null when absent."""
    include_tools: tuple[str, ...] | None
    """Tools the server is limited to (Gemini ``includeTools``, Codex ``enabled_tools``)."""
    exclude_tools: tuple[str, ...] | None
    """Tools removed from the server (Gemini ``excludeTools``, Codex ``disabled_tools``)."""
    plaintext_secrets: tuple[PlaintextSecret, ...] = ()
    """Secrets found in the command, arguments, URL (all three redacted), environment and
    headers (values never recorded), in that order."""


@dataclass(frozen=True)
class McpFile(Fact):
    """A file whose only purpose is declaring MCP servers (``.mcp.json`` and the like)."""

    source_tool: str
    """Tool that reads it: claude-code, cursor or vscode."""
    path: str
    """Path relative to the repository root."""
    parse_error: bool
    """True when the file could not be read or parsed (see the top-level parse errors)."""


@dataclass(frozen=True)
class GeminiSettingsFile(Fact):
    """A Gemini CLI settings file. Each setting lists every key that holds it (v2, then v1)."""

    path: str
    """Path relative to the repository root."""
    parse_error: bool = False
    """True when the file could not be read or parsed."""
    auto_accept: tuple[KeyedSetting, ...] = ()
    """``tools.autoAccept`` / ``autoAccept``."""
    default_approval_mode: tuple[KeyedSetting, ...] = ()
    """``general.defaultApprovalMode``."""
    disable_yolo_mode: tuple[KeyedSetting, ...] = ()
    """``security.disableYoloMode``."""
    folder_trust: tuple[KeyedSetting, ...] = ()
    """``security.folderTrust.enabled`` / ``folderTrust``."""
    sandbox: tuple[KeyedSetting, ...] = ()
    """``tools.sandbox`` / ``sandbox`` (boolean, command name, profile path or object)."""
    sandbox_network_access: tuple[KeyedSetting, ...] = ()
    """``tools.sandboxNetworkAccess``."""
    core_tools: tuple[KeyedSetting, ...] = ()
    """``tools.core`` / ``coreTools`` (allowlist of built-in tools)."""
    allowed_tools: tuple[KeyedSetting, ...] = ()
    """``tools.allowed`` / ``allowedTools`` (run without confirmation)."""
    exclude_tools: tuple[KeyedSetting, ...] = ()
    """``tools.exclude`` / ``excludeTools``."""
    mcp_allowed: tuple[KeyedSetting, ...] = ()
    """``mcp.allowed`` / ``allowMCPServers``."""
    mcp_excluded: tuple[KeyedSetting, ...] = ()
    """``mcp.excluded`` / ``excludeMCPServers``."""


GEMINI_KEYS: dict[str, tuple[tuple[str, ...], ...]] = {
    "auto_accept": (("tools", "autoAccept"), ("autoAccept",)),
    "default_approval_mode": (("general", "defaultApprovalMode"),),
    "disable_yolo_mode": (("security", "disableYoloMode"),),
    "folder_trust": (("security", "folderTrust", "enabled"), ("folderTrust",)),
    "sandbox": (("tools", "sandbox"), ("sandbox",)),
    "sandbox_network_access": (("tools", "sandboxNetworkAccess"),),
    "core_tools": (("tools", "core"), ("coreTools",)),
    "allowed_tools": (("tools", "allowed"), ("allowedTools",)),
    "exclude_tools": (("tools", "exclude"), ("excludeTools",)),
    "mcp_allowed": (("mcp", "allowed"), ("allowMCPServers",)),
    "mcp_excluded": (("mcp", "excluded"), ("excludeMCPServers",)),
}
"""Fact name -> the keys (v2 nested first, then v1 flat) that hold it."""


def gemini_settings(parsed: Parsed) -> GeminiSettingsFile:
    """The facts of one parsed Gemini CLI settings file."""
    if parsed.error is not None:
        return GeminiSettingsFile(parsed.path, parse_error=True)
    found: dict[str, tuple[KeyedSetting, ...]] = {}
    for fact, keys in GEMINI_KEYS.items():
        settings = []
        for key in keys:
            found_at = setting(parsed, *key)
            if found_at is not None:
                settings.append(KeyedSetting(".".join(key), found_at.value, found_at.line))
        found[fact] = tuple(settings)
    return GeminiSettingsFile(parsed.path, False, **found)


def load(repo: Repo, rel: str, fmt: Format, errors: list[ParseError]) -> Parsed | None:
    """``rel`` parsed; ``None`` when it is not a regular file inside the repository."""
    if not repo.is_file(rel):
        return None
    parsed = parse_file(repo, rel, fmt)
    if parsed is None:
        shown = display_path(rel)
        parsed = Parsed(shown, error=ParseError(shown, None, "cannot be read"))
    elif parsed.error is None and not isinstance(parsed.value, dict):
        parsed = Parsed(parsed.path, error=ParseError(parsed.path, 1, "not an object"))
    if parsed.error is not None:
        errors.append(parsed.error)
    return parsed


def get_path(value: Any, path: tuple[str, ...]) -> Any:
    """The value at ``path`` in ``value``, or :data:`MISSING`."""
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return MISSING
        value = value[key]
    return value


def setting(parsed: Parsed, *path: str) -> Setting | None:
    """The value at ``path`` with its line; ``None`` when the file does not set it."""
    value = get_path(parsed.value, path)
    return None if value is MISSING else Setting(plain(value), parsed.line(*path))


def plain(value: Any) -> Any:
    """``value`` as JSON data: TOML dates and times as ISO 8601 text, NaN and infinities as
    text."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


def entries(parsed: Parsed, *path: str) -> tuple[Entry, ...]:
    """The strings of the list at ``path`` with their lines (other items skipped)."""
    items = get_path(parsed.value, path)
    if not isinstance(items, list):
        return ()
    return tuple(
        Entry(item, parsed.line(*path, i)) for i, item in enumerate(items) if isinstance(item, str)
    )


def key_entries(parsed: Parsed, *path: str) -> tuple[Entry, ...]:
    """The keys (never the values) of the object at ``path``, with their lines."""
    table = get_path(parsed.value, path)
    if not isinstance(table, dict):
        return ()
    return tuple(Entry(name, parsed.line(*path, name)) for name in table)


def as_json(value: Any) -> Any:
    """A fact field as JSON data: tuples as lists, facts through their ``to_json``."""
    if isinstance(value, tuple):
        return [as_json(v) for v in value]
    if isinstance(value, Fact | ParseError):
        return value.to_json()
    return value


def servers_in(parsed: Parsed, source_tool: str, key: str) -> tuple[McpServer, ...]:
    """The servers declared under top-level ``key`` of ``parsed``, in file order."""
    table = parsed.value.get(key) if isinstance(parsed.value, dict) else None
    if not isinstance(table, dict):
        return ()
    return tuple(
        _server(parsed, source_tool, key, name, entry)
        for name, entry in table.items()
        if isinstance(entry, dict)
    )


def _server(
    parsed: Parsed, source_tool: str, key: str, name: str, entry: dict[str, Any]
) -> McpServer:
    at = (key, name)
    declared = entry.get("type")
    declared_type = declared if isinstance(declared, str) else None
    command, args, secrets = _command_line(parsed, at, entry)
    url_key = next((k for k in ("httpUrl", "url") if isinstance(entry.get(k), str)), None)
    url = None
    if url_key is not None:
        url, kinds = url_secrets(entry[url_key])
        line = parsed.line(*at, url_key)
        secrets.extend(PlaintextSecret("url", None, kind, line) for kind in kinds)
    secrets.extend(
        PlaintextSecret(n.where, None, n.kind, parsed.line(*at, n.table, n.name), n.name)
        for n in named_value_secrets(entry)
    )
    enabled = entry.get("enabled")
    disabled = entry.get("disabled")
    if not isinstance(enabled, bool):
        enabled = (not disabled) if isinstance(disabled, bool) else None
    trust = entry.get("trust")
    return McpServer(
        source_tool=source_tool,
        path=parsed.path,
        line=parsed.line(*at),
        name=name,
        declared_type=declared_type,
        transport=declared_type or _inferred_transport(source_tool, entry),
        command=command,
        args=args,
        env=_env(parsed, at, entry),
        headers=_headers(parsed, at, entry),
        url=url,
        trust=trust if isinstance(trust, bool) else None,
        enabled=enabled,
        tools=_names(entry.get("tools")),
        include_tools=_names(entry.get("includeTools", entry.get("enabled_tools"))),
        exclude_tools=_names(entry.get("excludeTools", entry.get("disabled_tools"))),
        plaintext_secrets=tuple(secrets),
    )


def _command_line(
    parsed: Parsed, at: tuple[str, str], entry: dict[str, Any]
) -> tuple[str | None, tuple[str, ...], list[PlaintextSecret]]:
    """The command and arguments with their secrets redacted, and where those were."""
    command = entry.get("command")
    args = [_text(a) for a in _list(entry.get("args"))]
    shown, redacted, found = redact_command_line(
        command if isinstance(command, str) else None, args
    )
    secrets = [PlaintextSecret(s.where, s.index, s.kind, parsed.line(*at, *s.key)) for s in found]
    return shown, redacted, secrets


def _inferred_transport(source_tool: str, entry: dict[str, Any]) -> str | None:
    if isinstance(entry.get("command"), str):
        return "stdio"
    if source_tool == "gemini":
        if "httpUrl" in entry:
            return "http"
        if "url" in entry:
            return "sse"
        if "tcp" in entry:
            return "ws"
    if "url" in entry:
        return "http"
    return None


def _env(parsed: Parsed, at: tuple[str, str], entry: dict[str, Any]) -> tuple[NamedValue, ...]:
    found = list(_named_values(parsed, at, entry, "env"))
    for i, item in enumerate(_list(entry.get("env_vars"))):
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str):
            found.append(NamedValue(name, True, parsed.line(*at, "env_vars", i)))
    return tuple(found)


def _headers(parsed: Parsed, at: tuple[str, str], entry: dict[str, Any]) -> tuple[NamedValue, ...]:
    found = [
        *_named_values(parsed, at, entry, "headers"),
        *_named_values(parsed, at, entry, "http_headers"),
    ]
    env_headers = entry.get("env_http_headers")
    if isinstance(env_headers, dict):
        found.extend(
            NamedValue(name, True, parsed.line(*at, "env_http_headers", name))
            for name in env_headers
        )
    return tuple(found)


def _named_values(
    parsed: Parsed, at: tuple[str, str], entry: dict[str, Any], key: str
) -> list[NamedValue]:
    table = entry.get(key)
    if not isinstance(table, dict):
        return []
    return [
        NamedValue(name, is_reference(value), parsed.line(*at, key, name))
        for name, value in table.items()
    ]


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value, default=str)


def _names(value: object) -> tuple[str, ...] | None:
    if not isinstance(value, list):
        return None
    return tuple(_text(v) for v in value)
