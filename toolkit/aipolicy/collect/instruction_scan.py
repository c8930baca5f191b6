"""Content patterns of instruction, rule and skill files (see :mod:`.instructions`).

What a reviewer cannot see or should look at, searched line by line:

* hidden Unicode (:data:`ZERO_WIDTH`, :data:`BIDI`, the Tag block U+E0000-E007F, whose
  printable characters are decoded to the ASCII text they hide);
* commands that fetch and run remote code (``curl ... | sh``, ``iwr ... | iex``, "download
  and execute"), recorded with a short excerpt, secrets redacted;
* instructions loaded from a URL (``@https://...``, "follow the instructions at https://...");
* secrets, by the content patterns of :mod:`aipolicy.collect.secrets` (kind and line only).

Facts only, nothing is judged or run.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Literal

from aipolicy.collect.secrets import CONTENT_PATTERNS

MAX_RECORDS = 200
"""At most this many records of each list per file."""
MAX_DECODED = 500
MAX_EXCERPT = 200
MAX_CODEPOINTS = 32

HiddenKind = Literal["zero_width", "bidi", "tag"]

ZERO_WIDTH = frozenset({0x180E, 0x200B, 0x200C, 0x200D, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064})
"""Invisible characters (U+FEFF too, except as the byte-order mark that starts a file)."""
BIDI = frozenset({0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069})
"""Bidirectional embedding, override and isolate controls (Trojan Source, CVE-2021-42574)."""
TAG_FIRST, TAG_LAST = 0xE0000, 0xE007F
_JOINERS = frozenset({0x200C, 0x200D})
_FLAG = re.compile("\U0001f3f4[\U000e0030-\U000e0039\U000e0061-\U000e007a]{2,6}\U000e007f")
"""An emoji subdivision flag (black flag, 2-6 tag letters or digits, cancel tag)."""

SHELLS = r"(?:ba|z|da|k|fi|c|tc)?sh|python[0-9.]*|perl|ruby|node|pwsh|powershell"
"""Interpreters fetched code may be piped into."""
SUDO = r"(?:sudo\s+(?:-\S+\s+)*)?(?:env\s+)?(?:\w+=\S*\s+)*"
"""What may stand between a pipe and the shell it feeds (``sudo -E``, ``env``, ``X=1``)."""
REMOTE_EXEC: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "curl_pipe_shell",
        re.compile(
            rf"\bcurl\b[^|\n]*\|\s*{SUDO}(?:\S*/)?(?:{SHELLS})\b"
            rf"|\b(?:{SHELLS})\s+(?:-\S+\s+)*[\"']?(?:<\(|\$\(|`)\s*curl\b[^\n]*",
            re.IGNORECASE,
        ),
    ),
    (
        "wget_pipe_shell",
        re.compile(
            rf"\bwget\b[^|\n]*\|\s*{SUDO}(?:\S*/)?(?:{SHELLS})\b"
            rf"|\b(?:{SHELLS})\s+(?:-\S+\s+)*[\"']?(?:<\(|\$\(|`)\s*wget\b[^\n]*",
            re.IGNORECASE,
        ),
    ),
    (
        "iwr_iex",
        re.compile(
            r"\b(?:iwr|irm|invoke-webrequest|invoke-restmethod|downloadstring)\b[^\n]*?"
            r"\b(?:iex|invoke-expression)\b"
            r"|\b(?:iex|invoke-expression)\b[^\n]*?"
            r"\b(?:iwr|irm|invoke-webrequest|invoke-restmethod|downloadstring)\b[^\n]*",
            re.IGNORECASE,
        ),
    ),
    (
        "download_execute_phrase",
        re.compile(
            r"\b(?:download|fetch|retrieve)\b(?:[^.\n]|\.(?=\S)){0,60}?\band\s+(?:then\s+)?"
            r"(?:execute|run|exec|source|eval)\b(?:[^.\n]|\.(?=\S)){0,80}"
            r"|\b(?:execute|run|source|eval)\b[^.\n]{0,40}?"
            r"\b(?:script|installer|binary|payload|code)\b[^.\n]{0,20}?"
            r"\b(?:from|at)\s+<?https?://\S+",
            re.IGNORECASE,
        ),
    ),
)
"""Commands and phrases that fetch code and run it, by pattern name (first match wins)."""
NEGATION = re.compile(
    r"\b(?:never|don't|do\s+not|must\s+not|mustn't|should\s+not|shouldn't|avoid|forbid\w*|"
    r"prohibit\w*|not\s+allowed|no\s+piping)\b",
    re.IGNORECASE,
)
"""Words that say not to (never, do not, must not, avoid, ...)."""
_CODE_OBJECT = re.compile(
    r"https?://|\b(?:script|installer|binary|payload|executable|file)\b|\.(?:sh|ps1|exe|py)\b"
    r"|\bdownload\s+and\s+(?:execute|run)\b",
    re.IGNORECASE,
)

_URL = r"https?://[^\s)<>\]\"'`]+"
_IMPORT = re.compile(rf"(?:^|(?<=[\s(\[]))@({_URL})")
_INCLUDE_PHRASE = re.compile(
    r"\b(?:read|follow|load|fetch|apply|obey|import|include|use)\b[^.\n]{0,40}?"
    r"\b(?:instructions|rules|guidelines|directives|system\s+prompt|prompt|policy|conventions)"
    rf"\b[^\n]{{0,30}}?\b(?:at|from|in|on)\s+<?({_URL})",
    re.IGNORECASE,
)
_FENCE = re.compile(r"^\s*(?:```|~~~)")

_REDACTIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?i)(authorization:\s*(?:bearer\s+|basic\s+|token\s+)?)[^\s'\"]+"), r"\1***"),
    (re.compile(r"(://)[^/\s:@]+:[^/\s@]+@"), r"\1***@"),
    (
        re.compile(
            r"(?i)([?&](?:token|key|api[_-]?key|access_token|auth|password|secret|sig)=)[^&\s'\"]+"
        ),
        r"\1***",
    ),
    (
        re.compile(r"(?i)\b([A-Z0-9_]*(?:TOKEN|SECRET|PASSWORD|API_KEY|APIKEY)=)(?!\$)[^\s'\"]+"),
        r"\1***",
    ),
)


@dataclass(frozen=True)
class HiddenUnicode:
    """Characters on one line that a reviewer does not see."""

    line: int
    """1-based line."""
    kind: HiddenKind
    """``zero_width``, ``bidi`` (embedding/override/isolate controls) or ``tag`` (U+E0000-E007F)."""
    codepoints: tuple[str, ...]
    """The distinct code points, as ``U+XXXX``, in order of appearance (at most 32)."""
    decoded: str | None = None
    """For ``tag``: the ASCII text the printable tag characters spell (at most 500 chars)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "kind": self.kind,
            "codepoints": list(self.codepoints),
            "decoded": self.decoded,
        }


@dataclass(frozen=True)
class RemoteExec:
    """A command or phrase that fetches code and runs it."""

    line: int
    """1-based line where it starts (continuation lines are joined)."""
    pattern: str
    """``curl_pipe_shell``, ``wget_pipe_shell``, ``iwr_iex`` or ``download_execute_phrase``."""
    excerpt: str
    """The matched text (at most 200 chars), hidden characters shown as ``<U+XXXX>`` and
    credentials (tokens, ``Authorization`` values, passwords in URLs) replaced by ``***``."""
    negated: bool
    """The line says not to before the match (never, do not, don't, must not, avoid, ...)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "pattern": self.pattern,
            "excerpt": self.excerpt,
            "negated": self.negated,
        }


@dataclass(frozen=True)
class RemoteInclude:
    """Instructions loaded from a URL."""

    line: int
    """1-based line."""
    url: str
    """The URL (credentials replaced by ``***``)."""
    form: Literal["import", "phrase"]
    """``import``: an ``@https://...`` import outside code; ``phrase``: text telling the
    assistant to read or follow instructions at the URL."""

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line, "url": self.url, "form": self.form}


@dataclass(frozen=True)
class SecretMatch:
    """Text that looks like a secret; the secret itself is never recorded."""

    line: int
    """1-based line."""
    kind: str
    """Kind from :data:`aipolicy.collect.secrets.CONTENT_PATTERNS` (``github_token``, ...)."""

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line, "kind": self.kind}


def _u(cp: int) -> str:
    return f"U+{cp:04X}"


def hidden_unicode(lines: list[str]) -> list[HiddenUnicode]:
    """Hidden characters of each line, one record per line and kind."""
    found: list[HiddenUnicode] = []
    for number, raw in enumerate(lines, start=1):
        line = _FLAG.sub("", raw)
        seen: dict[HiddenKind, dict[str, None]] = {"zero_width": {}, "bidi": {}, "tag": {}}
        decoded: list[str] = []
        for i, char in enumerate(line):
            cp = ord(char)
            if TAG_FIRST <= cp <= TAG_LAST:
                seen["tag"][_u(cp)] = None
                if 0xE0020 <= cp <= 0xE007E:
                    decoded.append(chr(cp - TAG_FIRST))
            elif cp in BIDI:
                seen["bidi"][_u(cp)] = None
            elif (cp in ZERO_WIDTH and not _joining(line, i)) or cp == 0xFEFF:
                seen["zero_width"][_u(cp)] = None
        for kind, codepoints in seen.items():
            if codepoints:
                text = "".join(decoded)[:MAX_DECODED] if kind == "tag" else None
                found.append(HiddenUnicode(number, kind, tuple(codepoints)[:MAX_CODEPOINTS], text))
    return found


def _joining(line: str, i: int) -> bool:
    """A joiner doing its job: inside an emoji sequence, or between letters of a script
    that needs it (ZWJ/ZWNJ in Arabic, Persian, Indic scripts)."""
    if ord(line[i]) not in _JOINERS or i == 0 or i + 1 >= len(line):
        return False
    before, after = line[i - 1], line[i + 1]
    if ord(after) >= 0x1F000 or 0x2600 <= ord(after) <= 0x27BF:
        return True
    return _script_letter(before) and _script_letter(after)


def _script_letter(char: str) -> bool:
    return ord(char) >= 0x0590 and unicodedata.category(char)[0] in "LM"


def _logical_lines(lines: list[str]) -> list[tuple[int, str]]:
    """Lines with shell continuations (a trailing ``\\``) joined to the next."""
    joined: list[tuple[int, str]] = []
    start = 0
    parts: list[str] = []
    for number, line in enumerate(lines, start=1):
        if not parts:
            start = number
        stripped = line.rstrip()
        if stripped.endswith("\\"):
            parts.append(stripped[:-1])
            continue
        parts.append(line)
        joined.append((start, " ".join(parts)))
        parts = []
    if parts:
        joined.append((start, " ".join(parts)))
    return joined


def remote_exec(lines: list[str]) -> list[RemoteExec]:
    """Commands or phrases that fetch remote code and run it, one per logical line."""
    found: list[RemoteExec] = []
    for number, line in _logical_lines(lines):
        for pattern, expression in REMOTE_EXEC:
            match = next((m for m in expression.finditer(line) if _executes(pattern, m)), None)
            if match is not None:
                negated = NEGATION.search(line, 0, match.start()) is not None
                found.append(RemoteExec(number, pattern, excerpt(match.group(0)), negated))
                break
    return found


def _executes(pattern: str, match: re.Match[str]) -> bool:
    """A phrase counts only when what it runs is code: a URL, a script, an installer."""
    return pattern != "download_execute_phrase" or _CODE_OBJECT.search(match.group(0)) is not None


def remote_include(lines: list[str]) -> list[RemoteInclude]:
    """URLs the text imports (``@https://...`` outside code) or says to follow."""
    found: list[RemoteInclude] = []
    in_fence = False
    for number, line in enumerate(lines, start=1):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        urls: dict[str, Literal["import", "phrase"]] = {}
        if not in_fence:
            for match in _IMPORT.finditer(line):
                if line.count("`", 0, match.start()) % 2 == 0:
                    urls.setdefault(_url(match.group(1)), "import")
        for match in _INCLUDE_PHRASE.finditer(line):
            urls.setdefault(_url(match.group(1)), "phrase")
        found.extend(RemoteInclude(number, url, form) for url, form in urls.items())
    return found


def secrets(data: bytes) -> list[SecretMatch]:
    """Lines holding secret-like text, by kind (the text itself is not kept)."""
    found: dict[tuple[int, str], SecretMatch] = {}
    for kind, pattern in CONTENT_PATTERNS:
        for match in pattern.finditer(data):
            start = match.start()
            if kind != "private_key" and start > 0 and _word_byte(data[start - 1]):
                continue
            line = data.count(b"\n", 0, start) + 1
            found.setdefault((line, kind), SecretMatch(line, kind))
            if len(found) >= MAX_RECORDS:
                break
    return sorted(found.values(), key=lambda s: (s.line, s.kind))


def _word_byte(byte: int) -> bool:
    return byte < 0x80 and (chr(byte).isalnum() or byte == ord("_"))


def excerpt(text: str) -> str:
    """``text`` made safe to show: credentials redacted, hidden characters as ``<U+XXXX>``."""
    shown = "".join(_visible(c) for c in text.strip())
    for pattern, replacement in _REDACTIONS:
        shown = pattern.sub(replacement, shown)
    raw = shown.encode("utf-8", "surrogatepass")
    for _, secret in CONTENT_PATTERNS:
        raw = secret.sub(b"***", raw)
    shown = raw.decode("utf-8", "replace")
    return shown if len(shown) <= MAX_EXCERPT else shown[: MAX_EXCERPT - 3] + "..."


def _url(url: str) -> str:
    return excerpt(url.rstrip(".,;:!?"))


def _visible(char: str) -> str:
    if char == "\t":
        return " "
    if unicodedata.category(char) in {"Cc", "Cf", "Co", "Cn", "Cs", "Zl", "Zp"}:
        return f"<{_u(ord(char))}>"
    return char
