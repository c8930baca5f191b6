"""Hooks of every assistant: the commands and URLs an agent runs on its own, on an event.

Claude Code (``hooks`` in its settings files), Gemini CLI (``hooks`` in
``.gemini/settings.json``), Codex (``.codex/hooks.json``) and GitHub Copilot
(``.github/hooks/*.json``, ``bash`` and ``powershell`` commands) share one shape here:
:class:`AgentHook`, with what its command does (:mod:`aipolicy.collect.shell`), the hosts
it names and the scripts it runs, and where those scripts live. Formats from
../shared/AI-TOOLS.md, the tools' published schemas (../shared/schemas/) and the vendors'
hook references. Facts only: nothing is judged, run or fetched; commands are kept redacted
and cut (:func:`~aipolicy.collect.instruction_scan.excerpt`).
"""

from __future__ import annotations

import posixpath
import re
import shlex
from dataclasses import dataclass
from typing import Any

from aipolicy.collect.agent_mcp import Fact, get_path, load, strip_url
from aipolicy.collect.instruction_scan import excerpt
from aipolicy.collect.parse import Parsed, ParseError
from aipolicy.collect.repo import Repo
from aipolicy.collect.shell import ShellSignal, hosts, mask, signals

CODEX_HOOKS = ".codex/hooks.json"
COPILOT_HOOKS = re.compile(r"^\.github/hooks/[^/]+\.json$")
PLUGIN_MANIFEST = re.compile(r"^(?:(.*)/)?\.claude-plugin/plugin\.json$")
"""A Claude Code plugin's manifest; its hooks are in ``hooks/hooks.json`` beside the
``.claude-plugin`` folder, or where the manifest's ``hooks`` names."""
MAX_HOOK_FILES = 50
"""At most this many Copilot hook files are read."""
MAX_HOOKS = 500
"""At most this many hooks are recorded per file."""

_INTERPRETERS = re.compile(
    r"^(?:(?:ba|z|da|k|fi)?sh|python[0-9.]*|node|deno|bun|tsx|ts-node|ruby|perl|php|pwsh|powershell)(?:\.exe)?$",
    re.IGNORECASE,
)
_INLINE = frozenset({"-c", "-e", "-m", "-command", "-encodedcommand", "--eval", "-p", "--print"})
_WRAPPERS = frozenset({"sudo", "env", "exec", "command", "nohup", "time", "nice"})
_PWSH_VALUE_OPTIONS = frozenset(
    {"-executionpolicy", "-ex", "-ep", "-windowstyle", "-w", "-workingdirectory", "-wd"}
    | {"-configurationname", "-inputformat", "-outputformat", "-version", "-settingsfile"}
)
"""PowerShell options that take a value (``-ExecutionPolicy Bypass -File x.ps1``)."""
_SEGMENT = re.compile(r"&&|\|\||[;|\n]|(?<![<>])&(?!>)")
"""Separators of simple commands; the ``&`` of a redirection (``>&``, ``&>``) is not one."""
_LOCATIONS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        (
            "temp",
            r"^(?:/tmp/|/var/tmp/|/dev/shm/|/private/tmp/|\$\{?(?:TMPDIR|TMP|TEMP)\}?[/\\]"
            r"|%te?mp%|\$env:te?mp|c:\\(?:windows\\)?temp\\)",
        ),
        (
            "project",
            r"^(?:\$\{?(?:CLAUDE_PROJECT_DIR|GEMINI_PROJECT_DIR|CLAUDE_PLUGIN_ROOT|PWD)\}?"
            r"|\$\(\s*(?:pwd|git rev-parse --show-toplevel)\s*\))(?:[/\\]|$)",
        ),
        (
            "home",
            r"^(?:~|\$\{?HOME\}?(?:[/\\]|$)|/home/|/Users/|/root/|c:\\users\\"
            r"|%(?:USERPROFILE|APPDATA|LOCALAPPDATA)%|\$env:(?:USERPROFILE|APPDATA|LOCALAPPDATA))",
        ),
        (
            "system",
            r"^(?:/usr/|/bin/|/sbin/|/opt/homebrew/|/nix/|/snap/|/System/"
            r"|c:\\windows\\|c:\\program files)",
        ),
        ("absolute", r"^(?:/|[a-z]:[/\\]|\\\\)"),
        ("variable", r"^[$%]"),
    )
)
"""Where a script lives, by its path as written (first match wins; else ``project``)."""


@dataclass(frozen=True)
class Hook(Fact):
    """One Claude Code hook: what runs, on which event."""

    event: str
    """Event name (``PreToolUse``, ``SessionStart``, ...)."""
    matcher: str | None
    """The group's matcher, or null when it has none (matches everything)."""
    type: str | None
    """Hook type as written (``command``, ``prompt``, ``agent``, ``http``, ``mcp_tool``)."""
    command: str | None
    """Shell command of a ``command`` hook, as written."""
    url: str | None
    """URL of an ``http`` hook, without userinfo, query string or fragment."""
    line: int
    """1-based line of the command (of the hook entry when it has none)."""


@dataclass(frozen=True)
class HookScript(Fact):
    """A script or program a hook command runs by path."""

    path: str
    """The path as written (quotes removed, variables not expanded)."""
    location: str
    """``project`` (relative, or under ``$CLAUDE_PROJECT_DIR`` and the like), ``home``,
    ``temp`` (a world-writable directory such as ``/tmp``), ``system`` (``/usr``,
    ``/bin``, ...), ``absolute`` (any other absolute path) or ``variable`` (starts with
    another variable)."""


@dataclass(frozen=True)
class AgentHook(Fact):
    """One hook of one assistant: what runs, on which event, and what its command does."""

    tool: str
    """Assistant whose file declares it: claude-code, gemini, codex or copilot."""
    path: str
    """File that declares it, relative to the repository root."""
    scope: str
    """``project``, ``local`` (Claude Code settings.local.json) or ``managed``."""
    event: str
    """Event name as written (``PreToolUse``, ``BeforeTool``, ``preToolUse``, ...)."""
    matcher: str | None
    """The matcher, or null when none is set (matches everything)."""
    type: str | None
    """Hook type as written (``command``, ``http``, ``prompt``, ``agent``, ``mcp_tool``)."""
    shell: str | None
    """Shell the command is for: Claude Code ``shell``; ``bash``/``powershell`` for a
    Copilot command; ``windows`` for a Codex ``commandWindows``; null when not said."""
    command: str | None
    """The command (with its exec-form ``args`` quoted after it), redacted, at most 200
    characters; null for hooks without one."""
    url: str | None
    """URL of an ``http`` hook without userinfo, query string or fragment."""
    line: int
    """1-based line of the command or URL (of the hook entry when it has neither)."""
    disabled: bool
    """Turned off in its own file: Gemini ``hooksConfig.enabled: false`` or the hook's
    name or command in ``hooksConfig.disabled``. (Claude Code's ``disableAllHooks`` and
    ``allowManagedHooksOnly`` are settings of their files, judged across files.)"""
    hosts: tuple[str, ...]
    """Hosts named by the command (URLs, ``nc host port``, ``/dev/tcp/host``) or the URL."""
    scripts: tuple[HookScript, ...]
    """Scripts and programs the command runs by path, in order."""
    signals: tuple[ShellSignal, ...]
    """What the command does (see :mod:`aipolicy.collect.shell`)."""


def hooks_in(parsed: Parsed, tool: str, scope: str) -> tuple[AgentHook, ...]:
    """Hooks of a Claude Code, Gemini CLI or Codex file: ``{event: [{matcher, hooks: [...]}]}``."""
    if parsed.error is not None:
        return ()
    events = get_path(parsed.value, ("hooks",))
    off, names = _gemini_off(parsed) if tool == "gemini" else (False, set())
    found: list[AgentHook] = []
    for event, groups in events.items() if isinstance(events, dict) else ():
        for i, group in enumerate(groups if isinstance(groups, list) else []):
            if not isinstance(group, dict) or not isinstance(group.get("hooks"), list):
                continue
            for j, hook in enumerate(group["hooks"]):
                if isinstance(hook, dict):
                    at = ("hooks", event, i, "hooks", j)
                    hook_off = off or any(hook.get(k) in names for k in ("name", "command"))
                    found.extend(
                        _hook(parsed, tool, scope, event, group.get("matcher"), hook, at, hook_off)
                    )
    return tuple(found[:MAX_HOOKS])


def claude_hooks(parsed: Parsed) -> tuple[Hook, ...]:
    """The hooks of a Claude Code settings file, as ``claude_code[].hooks`` records them."""
    events = get_path(parsed.value, ("hooks",))
    if not isinstance(events, dict):
        return ()
    hooks: list[Hook] = []
    for event, groups in events.items():
        for i, group in enumerate(groups if isinstance(groups, list) else []):
            if not isinstance(group, dict):
                continue
            matcher = group.get("matcher")
            group_hooks = group.get("hooks")
            for j, hook in enumerate(group_hooks if isinstance(group_hooks, list) else []):
                if isinstance(hook, dict):
                    url = _string(hook.get("url"))
                    hooks.append(
                        Hook(
                            event=event,
                            matcher=_string(matcher),
                            type=_string(hook.get("type")),
                            command=_string(hook.get("command")),
                            url=strip_url(url) if url is not None else None,
                            line=parsed.line("hooks", event, i, "hooks", j, "command"),
                        )
                    )
    return tuple(hooks)


def copilot_hooks(parsed: Parsed) -> tuple[AgentHook, ...]:
    """Hooks of a Copilot ``.github/hooks/*.json``: ``{"hooks": {event: [{bash, powershell}]}}``."""
    if parsed.error is not None:
        return ()
    events = get_path(parsed.value, ("hooks",))
    found: list[AgentHook] = []
    for event, entries in events.items() if isinstance(events, dict) else ():
        for i, entry in enumerate(entries if isinstance(entries, list) else []):
            if isinstance(entry, dict):
                at = ("hooks", event, i)
                matcher = entry.get("matcher")
                found.extend(_hook(parsed, "copilot", "project", event, matcher, entry, at, False))
    return tuple(found[:MAX_HOOKS])


def collect_hook_files(repo: Repo, errors: list[ParseError]) -> tuple[AgentHook, ...]:
    """Hooks of the files that hold only hooks: Codex ``.codex/hooks.json`` and Copilot
    ``.github/hooks/*.json`` (at most :data:`MAX_HOOK_FILES`)."""
    found: list[AgentHook] = []
    parsed = load(repo, CODEX_HOOKS, "jsonc", errors)
    if parsed is not None:
        found.extend(hooks_in(parsed, "codex", "project"))
    copilot = [rel for rel in repo.files if COPILOT_HOOKS.match(rel)][:MAX_HOOK_FILES]
    for rel in copilot:
        parsed = load(repo, rel, "jsonc", errors)
        if parsed is not None:
            found.extend(copilot_hooks(parsed))
    for rel in plugin_hook_files(repo, errors)[:MAX_HOOK_FILES]:
        parsed = load(repo, rel, "jsonc", errors)
        if parsed is not None:
            found.extend(hooks_in(parsed, "claude-code", "plugin"))
    return tuple(found)


def plugin_hook_files(repo: Repo, errors: list[ParseError]) -> list[str]:
    """The hook files of the Claude Code plugins the repository holds (they run for
    everyone who installs the plugin): ``<plugin>/hooks/hooks.json``, or the file the
    manifest's ``hooks`` names inside the plugin. Inline ``hooks`` objects of a manifest
    are collected from the manifest itself."""
    files: list[str] = []
    listed: set[str] | None = None
    for rel in repo.agentic_files:
        if not rel.endswith("plugin.json"):
            continue
        match = PLUGIN_MANIFEST.match(rel)
        if match is None:
            continue
        if listed is None:
            listed = set(repo.agentic_files)
        root = match.group(1) or ""
        named = _plugin_hooks_path(repo, rel)
        candidate = named if named is not None else posixpath.join(root, "hooks", "hooks.json")
        if candidate == rel or (candidate in listed and candidate not in files):
            files.append(candidate)
    return files


def _plugin_hooks_path(repo: Repo, manifest: str) -> str | None:
    """Where ``manifest``'s ``hooks`` points (the manifest itself for an inline object);
    ``None`` when it says nothing usable or points outside the plugin. (A manifest that
    does not parse is the plugins collector's parse error, not reported twice.)"""
    parsed = load(repo, manifest, "jsonc", [])
    if parsed is None or parsed.error is not None or not isinstance(parsed.value, dict):
        return None
    value = parsed.value.get("hooks")
    if isinstance(value, dict):
        return manifest
    if not isinstance(value, str):
        return None
    root = posixpath.dirname(posixpath.dirname(manifest))
    target = posixpath.normpath(posixpath.join(root, value.replace("${CLAUDE_PLUGIN_ROOT}", ".")))
    inside = target == root or root in {"", "."} or target.startswith(root + "/")
    if target.startswith("..") or posixpath.isabs(target) or not inside:
        return None
    return target


def _hook(
    parsed: Parsed,
    tool: str,
    scope: str,
    event: str,
    matcher: object,
    hook: dict[str, Any],
    at: tuple[str | int, ...],
    disabled: bool,
) -> list[AgentHook]:
    """One hook entry; a Copilot or Codex entry with two commands gives two hooks."""
    kind = _string(hook.get("type"))
    url = _string(hook.get("url"))
    commands: list[tuple[str, str | None, str]] = []
    keys = (("command", _string(hook.get("shell"))), ("bash", "bash"), ("powershell", "powershell"))
    for key, shell in (*keys, ("commandWindows", "windows")):
        text = _string(hook.get(key))
        if text is not None and (key == "command" or tool in {"copilot", "codex"}):
            commands.append(
                (key, shell if key != "command" or tool == "claude-code" else None, text)
            )
    if commands and tool == "claude-code" and isinstance(hook.get("args"), list):
        key, shell, text = commands[0]
        commands[0] = (key, shell, shlex.join([text, *(str(a) for a in hook["args"])]))
    common: dict[str, Any] = {"tool": tool, "path": parsed.path, "scope": scope, "event": event}
    common |= {"matcher": _string(matcher), "type": kind, "disabled": disabled}
    if not commands:
        shown = strip_url(url) if url is not None else None
        line = parsed.line(*at, "url") if url is not None else parsed.line(*at)
        return [AgentHook(**common, shell=None, command=None, url=shown, line=line,
                          hosts=hosts(shown) if shown else (), scripts=(), signals=())]  # fmt: skip
    return [
        AgentHook(
            **common,
            shell=shell,
            command=excerpt(text),
            url=None,
            line=parsed.line(*at, key),
            hosts=hosts(text),
            scripts=scripts(text),
            signals=signals(text),
        )
        for key, shell, text in commands
    ]


def scripts(command: str) -> tuple[HookScript, ...]:
    """The scripts and programs ``command`` runs by path, one per simple command."""
    text = command[:8192]
    masked = mask(text)
    found: list[HookScript] = []
    start = 0
    for m in [*_SEGMENT.finditer(masked), None]:
        end = m.start() if m is not None else len(text)
        path = _script(text[start:end])
        if path is not None:
            found.append(HookScript(path, _location(path)))
        start = m.end() if m is not None else end
    return tuple(found)


def _script(segment: str) -> str | None:
    try:
        words = shlex.split(segment.strip().lstrip("({ "))
    except ValueError:
        return None
    while words and (words[0] in _WRAPPERS or re.match(r"^[A-Za-z_]\w*=", words[0])):
        words = words[1:]
        while words and words[0].startswith("-"):
            words = words[1:]
    if not words:
        return None
    program = words[0]
    if program in {"source", "."}:
        return words[1] if len(words) > 1 else None
    name = program.replace("\\", "/").rsplit("/", 1)[-1]
    if _INTERPRETERS.match(name):
        pwsh = name.lower().removesuffix(".exe") in {"pwsh", "powershell"}
        skip = False
        for i, word in enumerate(words[1:], start=1):
            if skip:
                skip = False
            elif word.lower() in _INLINE:
                return _program(program)
            elif word.lower() == "-file" and i + 1 < len(words):
                return words[i + 1]
            elif pwsh and word.lower() in _PWSH_VALUE_OPTIONS:
                skip = True
            elif _REDIRECTION.match(word):
                break  # `bash -i >& /dev/tcp/...`: a redirection, not a script
            elif not word.startswith("-"):
                return word
        return _program(program)
    return _program(program)


_REDIRECTION = re.compile(r"^(?:\d*|&)[<>]")
"""A shell redirection word (``>``, ``>&``, ``2>``, ``&>``, ``<``)."""


def _program(program: str) -> str | None:
    """A program named by path (not one looked up on ``PATH``)."""
    return program if re.search(r"[/\\]|^[~$%]", program) else None


def _location(path: str) -> str:
    for name, pattern in _LOCATIONS:
        if pattern.match(path):
            return name
    return "project"


def _gemini_off(parsed: Parsed) -> tuple[bool, set[str]]:
    """Gemini ``hooksConfig.enabled: false`` (or the older ``hooks.enabled``), and the
    names or commands listed in ``hooksConfig.disabled`` (or ``hooks.disabled``)."""
    off = False
    names: set[str] = set()
    for path in (("hooksConfig",), ("hooks",)):
        config = get_path(parsed.value, path)
        if isinstance(config, dict):
            off = off or config.get("enabled") is False
            listed = config.get("disabled")
            names |= (
                {n for n in listed if isinstance(n, str)} if isinstance(listed, list) else set()
            )
    return off, names


def _string(value: object) -> str | None:
    return value if isinstance(value, str) else None
