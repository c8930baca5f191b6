"""What a shell command line does that a reviewer should see: patterns, not judgement.

Used for hook commands (:mod:`aipolicy.collect.hooks`); the instruction and skill checks
keep their own prose-aware search (:mod:`aipolicy.collect.instructions`), whose
remote-code patterns (:data:`~aipolicy.collect.instruction_scan.REMOTE_EXEC`) are reused here.

A command is searched in its *masked* form: the contents of quoted strings are replaced by
``_`` (same length), except the expansions the shell performs inside double quotes
(``$VAR``, ``${VAR}``, ``$(...)``, backticks). So ``grep -qE 'curl|sh'`` in a blocking
hook is data, not a pipe into a shell, while ``bash -c '...'`` and ``eval "..."`` are
searched again with their argument as a script (at most :data:`MAX_DEPTH` levels).
Nothing is run; every excerpt is redacted (:func:`~aipolicy.collect.instruction_scan.excerpt`).
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

from aipolicy.collect.agent_mcp import Fact
from aipolicy.collect.instruction_scan import REMOTE_EXEC, excerpt
from aipolicy.collect.shell_secrets import SECRET_READS, secret_requests

MAX_SCRIPT = 8 * 1024
"""Only the start of a command is searched."""
MAX_DEPTH = 3
"""How deep ``sh -c`` and ``eval`` arguments are searched."""

_SEP = r"(?:^|(?<=[;&|(\n`])|(?<=\$\())"
_PREFIX = r"\s*(?:(?:sudo|command|exec|nohup|time|env)(?:\s+-\S+)*\s+|[A-Za-z_]\w*=\S*\s+)*"
_AT = _SEP + _PREFIX
"""A command position: start, or after a separator, then ``sudo``/``env``/assignments."""
_REST = r"[^;&|\n)]*"
"""The rest of one simple command (masked text)."""
_SHELL = r"(?:ba|z|da|k|fi)?sh"
_INTERP = rf"(?:{_SHELL}|python[0-9.]*|node|ruby|perl|pwsh|powershell)"

_B64_DECODE = rf"\bbase64\s+{_REST}(?:-d|-D|--decode)\b"
_SEND_FLAG = (
    r"(?:-[A-Za-z]*[dFT]|--data(?:-\w+)?|--json|--form(?:-string)?|--upload-file"
    r"|(?:-X|--request)\s*=?\s*[\"'_]?(?:POST|PUT|PATCH))(?=[\s=@\"'_]|$)"
)
_BYPASS_FLAG = (
    r"--dangerously-skip-permissions\b|--permission-mode[\s=]+[\"']?bypassPermissions\b"
    r"|--dangerously-bypass-approvals-and-sandbox\b|--yolo\b|--approval-mode[\s=]+[\"']?yolo\b"
    r"|--allow-all-tools\b"
)
_RAW: tuple[tuple[str, str, str], ...] = (
    ("remote_exec", "source_remote", r"(?:^|[\s;&|(])(?:source|\.)\s+<\(\s*(?:curl|wget)\b"),
    ("encoded_exec", "base64_pipe_shell", _B64_DECODE + rf"[^;&\n]*\|\s*(?:sudo\s+)?{_INTERP}\b"),
    (
        "encoded_exec",
        "base64_substitution",
        rf"\b{_INTERP}\s+(?:-\S+\s+)*\S*\$\({_REST}{_B64_DECODE}",
    ),
    (
        "encoded_exec",
        "powershell_encoded",
        r"(?i)\b(?:pwsh|powershell)(?:\.exe)?\s+(?:-\S+\s+)*-e(?:nc|ncodedcommand)?\s+[A-Za-z0-9+/=]{16,}",
    ),
    ("encoded_exec", "python_b64_exec", r"\bexec\(\s*(?:base64\.)?b64decode\("),
    ("network_send", "curl_upload", _AT + rf"curl\b{_REST}\s{_SEND_FLAG}"),
    (
        "network_send",
        "wget_upload",
        _AT + rf"wget\b{_REST}\s--(?:post-data|post-file|body-data|body-file"
        r"|method\s*=?\s*(?:POST|PUT|PATCH))\b",
    ),
    (
        "network_send",
        "raw_socket",
        _AT + r"(?:nc|ncat|netcat|socat|telnet)\b(?![^;&|\n)]*\s-z\b)(?=\s+\S)",
    ),
    ("network_send", "remote_copy", _AT + rf"(?:scp|rsync|sftp)\b{_REST}\s[^\s:/]+:\S*"),
    ("network_send", "dev_tcp", r"/dev/(?:tcp|udp)/"),
    (
        "network_send",
        "powershell_upload",
        r"(?i)\b(?:Invoke-WebRequest|Invoke-RestMethod|iwr|irm)\b[^;|\n]*\s"
        r"-(?:Method\s+[\"']?(?:Post|Put|Patch)|Body|InFile)\b",
    ),
    (
        "git_hooks_bypass",
        "core_hooks_path",
        r"\bcore\.hooksPath=|--unset\S*\s+core\.hooksPath\b"
        rf"|\bgit\b{_REST}\bconfig\b(?![^;&|\n)]*--get){_REST}\bcore\.hooksPath\s+[^\s;&|)]",
    ),
    ("git_hooks_bypass", "no_verify", _AT + rf"git\b{_REST}\s--no-verify\b"),
    ("git_hooks_bypass", "husky_off", r"\bHUSKY(?:_SKIP_HOOKS)?=[01]\b"),
    (
        "world_writable",
        "chmod_world_writable",
        _AT + r"chmod\s+(?:-\S+\s+)*(?:[0-7]?[0-7]{2}[2367]|[ugo]*[ao][ugo]*[+=][rwxXst]*w)\b",
    ),
    ("agent_bypass", "permission_bypass_flag", _BYPASS_FLAG),
)  # fmt: skip
_PATTERNS: tuple[tuple[str, str, re.Pattern[str]], ...] = tuple(
    (kind, name, re.compile(pattern, re.IGNORECASE if kind == "agent_bypass" else 0))
    for kind, name, pattern in _RAW
)
"""Patterns searched in the masked command: kind, pattern name, expression."""

_TOOL_INPUT = r"\$\{?(?:CLAUDE_TOOL_INPUT|TOOL_INPUT|CLAUDE_TOOL_\w+|ARGUMENTS)\b"
_SOURCE = re.compile(rf"\bjq\b|{_TOOL_INPUT}|\$\(\s*cat\s*\)")
"""Text that carries the hook's input (the event JSON with the tool input): jq reading
stdin, the tool-input variables, ``$(cat)``."""
_ASSIGN = re.compile(r"\b([A-Za-z_]\w*)=[\"_]?\$\(([^)]*)")
_EVAL = re.compile(_AT + rf"eval\s+({_REST})")
_SH_C = re.compile(rf"\b{_SHELL}\s+(?:-[A-Za-z]+\s+)*-[A-Za-z]*c[A-Za-z]*\s+")
_PS_C = re.compile(r"(?i)\b(?:pwsh|powershell)(?:\.exe)?\s+(?:-\S+\s+)*-(?:c|Command)\s+")
_PIPE_TO_SHELL = (
    r"[^;&\n]*?\|\s*(?:xargs\s+(?:-\S+\s+)*)?(?:sudo\s+)?"
    rf"(?:{_SHELL}|eval|source|python[0-9.]*|node)\b(?!\s+-c)"
)
_DOWNLOAD_TO = re.compile(
    r"\b(?:curl|wget)\b[^;&|\n]*?\s(?:-[A-Za-z]*[oO]|--output(?:-document)?)[\s=]*([^\s;&|]+)"
)
_WRITE = re.compile(r"(?:>>?|\btee\s+(?:-a\s+)?|\bsed\s+(?:-\w+\s+)*-i\S*\s+\S+\s+)\s*")
_COPY = re.compile(_AT + rf"(?:cp|mv|install|ln)\s+({_REST})")
_END = r"(?=$|[\s\"';&|)])"
_AGENT_CONFIG = re.compile(
    r"^[\"']?(?:(?:~|\$HOME|\$\{HOME\}|\$\{?CLAUDE_PROJECT_DIR\}?|\.)/)?"
    rf"\.(?:claude(?:\.json\b|/?{_END}|/(?:settings[\w.-]*\.json\b|CLAUDE(?:\.local)?\.md\b"
    rf"|(?:hooks|commands|agents|skills|rules|output-styles|plugins)(?:/|{_END})))"
    r"|mcp\.json\b|gemini/settings\.json\b"
    r"|codex/(?:config\.toml|hooks\.json)\b|github/hooks/|cursor/(?:mcp|hooks)\.json\b"
    r"|vscode/(?:mcp|settings)\.json\b)"
)
"""Targets that are the assistants' configuration. Under ``.claude/`` only the settings,
``CLAUDE.md`` and the folders Claude Code loads (hooks, commands, agents, skills, rules,
output styles, plugins): a hook's log such as ``~/.claude/bash-command-log.txt`` (the
Claude Code documentation's own example) is not configuration."""
_GIT_HOOKS = re.compile(r"^[\"']?(?:\$\{?CLAUDE_PROJECT_DIR\}?/|\./)?\.git/hooks\b")
_URL_HOST = re.compile(
    r"\b[A-Za-z][A-Za-z0-9+.\-]*://(?:[^/\s@'\"]*@)?(\[[0-9A-Fa-f:]+\]|[^/\s:'\"?#$`)]+)"
)
_SOCKET_HOST = re.compile(
    r"\b(?:nc|ncat|netcat|telnet)\s+(?:-\S+\s+)*([A-Za-z0-9.\-]+|\[[0-9A-Fa-f:]+\])\s+\d+"
)
_DEV_TCP_HOST = re.compile(r"/dev/(?:tcp|udp)/([^/\s]+)/")
_LOOPBACK_HOST = re.compile(
    r"(?:^|[\s\"'@=])(localhost|127\.\d+\.\d+\.\d+|\[::1\])(?::\d+)?(?=[/\s\"']|$)"
)
_UNMASKED = frozenset({"powershell_encoded", "python_b64_exec"})
"""Patterns searched in the command as written (they look inside an argument)."""


@dataclass(frozen=True)
class ShellSignal(Fact):
    """Something a command does that a reviewer should see."""

    kind: str
    """``remote_exec``, ``encoded_exec``, ``network_send``, ``secret_read``, ``input_exec``,
    ``config_write``, ``git_hooks_bypass``, ``world_writable`` or ``agent_bypass``."""
    pattern: str
    """Which pattern of the kind matched (``curl_pipe_shell``, ``curl_upload``,
    ``secret_in_url``, ``secret_in_header``, ...)."""
    excerpt: str
    """The matched text (at most 200 chars), credentials replaced by ``***``."""


def mask(text: str) -> str:
    """``text`` with quoted contents replaced by ``_`` (same length), expansions inside
    double quotes kept; backslash-escaped characters are masked too."""
    out = list(text)
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            if i + 1 < n:
                out[i + 1] = "_"
            i += 2
        elif c == "'":
            end = text.find("'", i + 1)
            end = n if end < 0 else end
            out[i + 1 : end] = "_" * (end - i - 1)
            i = end + 1
        elif c == '"':
            i = _mask_double(text, out, i + 1)
        else:
            i += 1
    return "".join(out)


def _mask_double(text: str, out: list[str], i: int) -> int:
    n = len(text)
    while i < n and text[i] != '"':
        if text[i] == "\\":
            out[i : i + 2] = "_" * len(out[i : i + 2])
            i += 2
        elif text.startswith("$(", i):
            end = _closing(text, i + 2)
            out[i + 2 : end] = mask(text[i + 2 : end])
            i = end + 1
        elif text[i] == "`":
            end = text.find("`", i + 1)
            end = n if end < 0 else end
            out[i + 1 : end] = mask(text[i + 1 : end])
            i = end + 1
        elif text[i] == "$" and i + 1 < n and (text[i + 1] in "{_" or text[i + 1].isalnum()):
            m = re.compile(r"\$(?:\{[^}\"]*\}?|\w+)").match(text, i)
            i = m.end() if m else i + 1
        else:
            out[i] = "_"
            i += 1
    return i + 1


def _closing(text: str, i: int) -> int:
    depth = 1
    while i < len(text):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return len(text)


def signals(command: str) -> tuple[ShellSignal, ...]:
    """What ``command`` (and the scripts it hands to ``sh -c`` or ``eval``) does, by kind
    and pattern, first match of each."""
    found: dict[tuple[str, str], ShellSignal] = {}
    for script in _scripts(command[:MAX_SCRIPT], 0):
        for signal in _script_signals(script):
            found.setdefault((signal.kind, signal.pattern), signal)
    return tuple(found.values())


def hosts(command: str) -> tuple[str, ...]:
    """Hosts the command names: in URLs, as ``nc host port``, or in ``/dev/tcp/host/``."""
    text = command[:MAX_SCRIPT]
    names = {
        m.group(1).lower()
        for r in (_URL_HOST, _SOCKET_HOST, _DEV_TCP_HOST, _LOOPBACK_HOST)
        for m in r.finditer(text)
    }
    return tuple(sorted(names))  # fmt: skip


def _scripts(text: str, depth: int) -> list[str]:
    """``text`` and the scripts it passes to ``sh -c``, ``pwsh -Command`` and ``eval``."""
    found = [text]
    if depth >= MAX_DEPTH:
        return found
    masked = mask(text)
    inner: list[str] = []
    for expression in (_SH_C, _PS_C):
        for m in expression.finditer(masked):
            word = _first_word(text[m.end() :])
            if word:
                inner.append(word)
    for m in _EVAL.finditer(masked):
        words = _words(text[m.start(1) : m.end(1)])
        if words:
            inner.append(" ".join(words))
    for script in inner:
        found.extend(_scripts(script, depth + 1))
    return found


def _words(text: str) -> list[str]:
    try:
        return shlex.split(text)
    except ValueError:
        return []


def _first_word(text: str) -> str | None:
    lexer = shlex.shlex(text, posix=True, punctuation_chars=";&|()<>")
    lexer.whitespace_split = True
    try:
        return lexer.get_token()
    except ValueError:
        return None


def _script_signals(text: str) -> list[ShellSignal]:
    masked = mask(text)
    found: list[ShellSignal] = []

    def add(kind: str, pattern: str, start: int, end: int) -> None:
        found.append(ShellSignal(kind, pattern, excerpt(text[start:end])))

    for name, expression in REMOTE_EXEC:
        if name != "download_execute_phrase" and (hit := expression.search(masked)):
            add("remote_exec", name, hit.start(), hit.end())
    for download in _DOWNLOAD_TO.finditer(masked):
        target = re.escape(text[download.start(1) : download.end(1)].strip("\"'"))
        run = re.compile(
            rf"(?:{_INTERP}|source|\.|chmod\s+\+?\w*x)\s+[\"']?{target}\b|[;&|]\s*[\"']?{target}\b"
        )
        if target and (hit := run.search(text, download.end())):
            add("remote_exec", "download_then_run", download.start(), hit.end())
    for kind, name, expression in _PATTERNS:
        if hit := expression.search(text if name in _UNMASKED else masked):
            add(kind, name, hit.start(), hit.end())
    for name, start, end in secret_requests(text, masked):
        add("network_send", name, start, end)
    for name, expression in SECRET_READS:
        if hit := expression.search(text):
            add("secret_read", name, hit.start(), hit.end())
    found.extend(_input_exec(text, masked))
    found.extend(_config_writes(text, masked))
    return found


def _input_exec(text: str, masked: str) -> list[ShellSignal]:
    """The hook's input (tool input, prompt) run as code: ``eval``, ``sh -c``, a pipe into
    a shell, or a variable assigned from it and then run."""
    tainted: set[str] = set()
    for _ in range(3):
        for m in _ASSIGN.finditer(masked):
            if _SOURCE.search(m.group(2)) or _uses(m.group(2), tainted):
                tainted.add(m.group(1))
    found: list[ShellSignal] = []
    sinks = [(m.start(), m.end(), m.group(1), "eval_input") for m in _EVAL.finditer(masked)]
    for m in _SH_C.finditer(masked):
        end = m.end() + len(_first_word(text[m.end() :]) or "")
        sinks.append((m.start(), end, masked[m.end() : end], "shell_c_input"))
    for start, end, argument, pattern in sinks:
        if _SOURCE.search(argument) or _uses(argument, tainted):
            found.append(ShellSignal("input_exec", pattern, excerpt(text[start:end])))
    sources = [_SOURCE.pattern, *(rf"\$\{{?{re.escape(v)}\b" for v in sorted(tainted))]
    pipe = re.compile(rf"(?:{'|'.join(sources)}){_PIPE_TO_SHELL}")
    if hit := pipe.search(masked):
        found.append(
            ShellSignal("input_exec", "pipe_input_to_shell", excerpt(text[hit.start() : hit.end()]))
        )
    if tainted:
        names = "|".join(re.escape(v) for v in sorted(tainted))
        run = re.compile(rf"{_SEP}\s*[\"_]?\$\{{?(?:{names})\b")
        if hit := run.search(masked):
            found.append(
                ShellSignal(
                    "input_exec", "run_input_variable", excerpt(text[hit.start() : hit.end()])
                )
            )
    return found


def _uses(text: str, names: set[str]) -> bool:
    return any(re.search(rf"\$\{{?{re.escape(name)}\b", text) for name in names)


def _config_writes(text: str, masked: str) -> list[ShellSignal]:
    """Writes into the assistants' own configuration or into ``.git/hooks``."""
    targets: list[tuple[int, int, str]] = []
    """Where the write starts, where the target starts, the text from the target on."""
    targets.extend(
        (m.start(), m.end(), text[m.end() :])
        for m in _WRITE.finditer(masked)
        if not masked.startswith(">&", m.start()) and not masked.startswith("2>", m.start() - 1)
    )
    for m in _COPY.finditer(masked):
        words = _words(text[m.start(1) : m.end(1)])
        last = text.rfind(words[-1], m.start(1), m.end(1)) if len(words) >= 2 else -1
        if last >= 0:
            targets.append((m.start(), last, text[last:]))
    found: list[ShellSignal] = []
    for start, at, target in targets:
        for kind, pattern, expression in (
            ("config_write", "agent_config_write", _AGENT_CONFIG),
            ("git_hooks_bypass", "git_hooks_write", _GIT_HOOKS),
        ):
            if hit := expression.match(target):
                found.append(ShellSignal(kind, pattern, excerpt(text[start : at + hit.end()])))
    return found
