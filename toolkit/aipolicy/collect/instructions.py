"""Instruction, rule and skill files: what is in the text assistants obey.

The files are the assistants' own (CLAUDE.md, AGENTS.md, GEMINI.md, Copilot's
instructions and prompts, Cursor/Windsurf/Cline/Roo/Continue/Amazon Q/Junie rules, Claude
Code commands and agents, and the skills under ``.claude/skills`` and ``.agents/skills``),
matched as spelled, at the root or in any directory (:data:`PATTERNS`). Each is read
through :class:`Repo` (its first :data:`READ_BYTES`, at most :data:`MAX_FILES` files,
binary files skipped) and searched for what a reviewer cannot see or should look at:

* hidden Unicode (:data:`ZERO_WIDTH`, :data:`BIDI`, the Tag block U+E0000-E007F, whose
  printable characters are decoded to the ASCII text they hide);
* commands that fetch and run remote code (``curl ... | sh``, ``iwr ... | iex``, "download
  and execute"), recorded with a short excerpt, secrets redacted;
* instructions loaded from a URL (``@https://...``, "follow the instructions at https://...");
* secrets, by the content patterns of :mod:`aipolicy.collect.secrets` (kind and line only).

Files under a skill's ``scripts/`` folder are inventoried as the skill's scripts (path,
interpreter from the shebang or extension) and searched for the same remote-code commands.
Facts only, nothing is judged or run. Each list keeps at most :data:`MAX_RECORDS` entries.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Literal

from aipolicy.collect.listing import display_path
from aipolicy.collect.parse import ParseError
from aipolicy.collect.repo import Repo
from aipolicy.collect.secrets import CONTENT_PATTERNS

READ_BYTES = 256 * 1024
"""Only the start of each file is read."""
MAX_FILES = 2_000
"""At most this many files (instruction files and skill scripts) are read."""
MAX_RECORDS = 200
"""At most this many records of each list per file."""
MAX_DECODED = 500
MAX_EXCERPT = 200
MAX_CODEPOINTS = 32
BINARY_SNIFF_BYTES = 8 * 1024

Kind = Literal["instructions", "rules", "skill", "command", "agent"]
HiddenKind = Literal["zero_width", "bidi", "tag"]

_ANY_DIR = r"(?:.*/)?"
_PATH_KINDS: tuple[tuple[Kind, str], ...] = (
    ("instructions", r"(?:CLAUDE|CLAUDE\.local|AGENTS|AGENTS\.override|GEMINI)\.md"),
    ("instructions", r"\.claude/CLAUDE\.md"),
    ("instructions", r"\.github/copilot-instructions\.md"),
    ("instructions", r"\.github/instructions/.+"),
    ("instructions", r"\.junie/guidelines\.md"),
    ("rules", r"\.cursorrules"),
    ("rules", r"\.cursor/rules/.+"),
    ("rules", r"\.windsurfrules"),
    ("rules", r"\.windsurf/rules/.+"),
    ("rules", r"\.clinerules(?:/.+)?"),
    ("rules", r"\.roo/rules[^/]*/.+"),
    ("rules", r"\.roorules[^/]*"),
    ("rules", r"\.continue/rules/.+"),
    ("rules", r"\.amazonq/rules/.+"),
    ("rules", r"\.claude/rules/.+"),
    ("skill", r"\.(?:claude|agents)/skills/.+"),
    ("command", r"\.claude/commands/.+"),
    ("command", r"\.github/prompts/.+"),
    ("agent", r"\.claude/agents/.+"),
)
PATTERNS: tuple[tuple[Kind, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(_ANY_DIR + pattern + r"$")) for kind, pattern in _PATH_KINDS
)
"""What each instruction file is to its assistant, by path (first match wins)."""
_CANDIDATE = re.compile(
    r"(?:^|/)(?:CLAUDE|AGENTS|GEMINI|\.(?:github|junie|cursor|windsurf|clinerules|roo|continue"
    r"|amazonq|claude|agents))"
)
"""A quick test every path of :data:`PATTERNS` passes (most paths fail it at once)."""

_SKILL_SCRIPT = re.compile(_ANY_DIR + r"(\.(?:claude|agents)/skills/[^/]+)/scripts/.+$")

ZERO_WIDTH = frozenset({0x180E, 0x200B, 0x200C, 0x200D, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064})
"""Invisible characters (U+FEFF too, except as the byte-order mark that starts a file)."""
BIDI = frozenset({0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069})
"""Bidirectional embedding, override and isolate controls (Trojan Source, CVE-2021-42574)."""
TAG_FIRST, TAG_LAST = 0xE0000, 0xE007F
_JOINERS = frozenset({0x200C, 0x200D})
_FLAG = re.compile("\U0001f3f4[\U000e0030-\U000e0039\U000e0061-\U000e007a]{2,6}\U000e007f")
"""An emoji subdivision flag (black flag, 2-6 tag letters or digits, cancel tag)."""

_SHELLS = r"(?:ba|z|da|k|fi|c|tc)?sh|python[0-9.]*|perl|ruby|node|pwsh|powershell"
_SUDO = r"(?:sudo\s+(?:-\S+\s+)*)?(?:env\s+)?(?:\w+=\S*\s+)*"
REMOTE_EXEC: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "curl_pipe_shell",
        re.compile(
            rf"\bcurl\b[^|\n]*\|\s*{_SUDO}(?:\S*/)?(?:{_SHELLS})\b"
            rf"|\b(?:{_SHELLS})\s+(?:-\S+\s+)*[\"']?(?:<\(|\$\(|`)\s*curl\b[^\n]*",
            re.IGNORECASE,
        ),
    ),
    (
        "wget_pipe_shell",
        re.compile(
            rf"\bwget\b[^|\n]*\|\s*{_SUDO}(?:\S*/)?(?:{_SHELLS})\b"
            rf"|\b(?:{_SHELLS})\s+(?:-\S+\s+)*[\"']?(?:<\(|\$\(|`)\s*wget\b[^\n]*",
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
_NEGATION = re.compile(
    r"\b(?:never|don't|do\s+not|must\s+not|mustn't|should\s+not|shouldn't|avoid|forbid\w*|"
    r"prohibit\w*|not\s+allowed|no\s+piping)\b",
    re.IGNORECASE,
)
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

_INTERPRETERS = {
    ".sh": "sh",
    ".bash": "bash",
    ".zsh": "zsh",
    ".fish": "fish",
    ".py": "python",
    ".js": "node",
    ".mjs": "node",
    ".cjs": "node",
    ".ts": "node",
    ".rb": "ruby",
    ".pl": "perl",
    ".php": "php",
    ".lua": "lua",
    ".ps1": "powershell",
    ".bat": "cmd",
    ".cmd": "cmd",
}
"""Interpreter of a script without a shebang, by extension."""
_SHEBANG = re.compile(r"^#!\s*(\S+)(?:\s+(?:-\S+\s+)*(\S+))?")


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


@dataclass(frozen=True)
class InstructionFile:
    """One instruction, rule, skill, command or agent file and what is in it."""

    path: str
    """Path relative to the repository root (display form)."""
    kind: Kind
    """``instructions``, ``rules``, ``skill``, ``command`` or ``agent``."""
    truncated: bool = False
    """Larger than :data:`READ_BYTES`; only its start was searched."""
    hidden_unicode: tuple[HiddenUnicode, ...] = ()
    """Hidden characters, one record per line and kind."""
    remote_exec: tuple[RemoteExec, ...] = ()
    """Commands or phrases that fetch and run remote code."""
    remote_include: tuple[RemoteInclude, ...] = ()
    """Instructions loaded from a URL."""
    secrets: tuple[SecretMatch, ...] = ()
    """Secret-like text, one record per line and kind."""

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "kind": self.kind,
            "truncated": self.truncated,
            "hidden_unicode": [h.to_json() for h in self.hidden_unicode],
            "remote_exec": [r.to_json() for r in self.remote_exec],
            "remote_include": [r.to_json() for r in self.remote_include],
            "secrets": [s.to_json() for s in self.secrets],
        }


@dataclass(frozen=True)
class SkillScript:
    """A file a skill ships under its ``scripts/`` folder."""

    path: str
    """Path relative to the repository root (display form)."""
    skill: str
    """The skill's folder (``.claude/skills/<name>``, possibly under a subdirectory)."""
    interpreter: str | None
    """From the shebang (``bash``, ``python3``; ``env`` resolved), else by extension;
    ``binary`` for a binary file; ``None`` when unknown."""
    truncated: bool = False
    """Larger than :data:`READ_BYTES`; only its start was searched."""
    remote_exec: tuple[RemoteExec, ...] = ()
    """Commands that fetch and run remote code."""

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "skill": self.skill,
            "interpreter": self.interpreter,
            "truncated": self.truncated,
            "remote_exec": [r.to_json() for r in self.remote_exec],
        }


@dataclass(frozen=True)
class InstructionFacts:
    """The repository's instruction, rule and skill files."""

    files: tuple[InstructionFile, ...] = ()
    """Instruction files, sorted by path (binary files left out)."""
    skill_scripts: tuple[SkillScript, ...] = ()
    """Scripts shipped by skills, sorted by path."""
    files_over_budget: int = 0
    """Matching files not read because :data:`MAX_FILES` were read already."""
    parse_errors: tuple[ParseError, ...] = ()
    """Always empty: text is read leniently (undecodable bytes replaced)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "files": [f.to_json() for f in self.files],
            "skill_scripts": [s.to_json() for s in self.skill_scripts],
            "files_over_budget": self.files_over_budget,
        }


class InstructionsCollector:
    name = "instructions"

    def collect(self, repo: Repo) -> InstructionFacts:
        files: list[InstructionFile] = []
        scripts: list[SkillScript] = []
        candidates = [(rel, kind) for rel in repo.files if (kind := _kind(rel)) is not None]
        for rel, kind in candidates[:MAX_FILES]:
            read = repo.read(rel, READ_BYTES)
            if read is None:
                continue
            binary = b"\0" in read.data[:BINARY_SNIFF_BYTES]
            script = _SKILL_SCRIPT.match(rel)
            if script is not None:
                scripts.append(_script(rel, script.group(1), read.data, read.truncated, binary))
            elif not binary:
                files.append(_file(rel, kind, read.data, read.truncated))
        return InstructionFacts(
            files=tuple(sorted(files, key=lambda f: f.path)),
            skill_scripts=tuple(sorted(scripts, key=lambda s: s.path)),
            files_over_budget=max(0, len(candidates) - MAX_FILES),
        )


def _kind(rel: str) -> Kind | None:
    if _CANDIDATE.search(rel) is None:
        return None
    for kind, pattern in PATTERNS:
        if pattern.match(rel):
            return kind
    return None


def _text(data: bytes, truncated: bool) -> str:
    text = data.decode("utf-8-sig", "replace")
    if truncated:
        text = text[: text.rfind("\n") + 1] or text  # the last line may be cut
    return text


def _file(rel: str, kind: Kind, data: bytes, truncated: bool) -> InstructionFile:
    lines = _text(data, truncated).split("\n")
    return InstructionFile(
        path=display_path(rel),
        kind=kind,
        truncated=truncated,
        hidden_unicode=_cap(hidden_unicode(lines)),
        remote_exec=_cap(remote_exec(lines)),
        remote_include=_cap(remote_include(lines)),
        secrets=_cap(secrets(data)),
    )


def _script(rel: str, skill: str, data: bytes, truncated: bool, binary: bool) -> SkillScript:
    if binary:
        return SkillScript(display_path(rel), display_path(skill), "binary", truncated)
    lines = _text(data, truncated).split("\n")
    return SkillScript(
        path=display_path(rel),
        skill=display_path(skill),
        interpreter=interpreter(rel, lines[0] if lines else ""),
        truncated=truncated,
        remote_exec=_cap(remote_exec(lines)),
    )


def _cap(records: list[Any]) -> tuple[Any, ...]:
    return tuple(records[:MAX_RECORDS])


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
                negated = _NEGATION.search(line, 0, match.start()) is not None
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


def interpreter(rel: str, first_line: str) -> str | None:
    """The interpreter a script names in its shebang, else the one its extension implies."""
    shebang = _SHEBANG.match(first_line)
    if shebang is not None:
        program = shebang.group(1).rsplit("/", 1)[-1]
        if program == "env" and shebang.group(2):
            program = shebang.group(2).rsplit("/", 1)[-1]
        return program[:40] if program and program != "env" else None
    name = rel.rsplit("/", 1)[-1]
    dot = name.rfind(".")
    return _INTERPRETERS.get(name[dot:].lower()) if dot > 0 else None


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
