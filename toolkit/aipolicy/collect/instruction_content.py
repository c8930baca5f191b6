"""What instruction, rule and skill files tell the agent to do (content patterns).

Each line of an instruction file is searched with the fixed tables of
:mod:`.instruction_patterns` and a few bounded decoders:

* prompt-injection phrases (``ignore previous instructions``), fake chat-template tokens
  and role markers (``<|im_end|>``, ``[/INST]``, ``System: you are``);
* phrases that hide actions from the user ("do not tell the user");
* flags, settings and phrases that turn off permission prompts or the sandbox
  (``--dangerously-skip-permissions``, ``bypassPermissions``, ``--yolo``, "never ask for
  confirmation");
* destructive commands (``rm -rf /`` or ``~``, ``git push --force`` to main, ``chmod -R
  777``, ``mkfs``, ``dd of=/dev/sda``);
* credentials sent out (``cat ~/.ssh/id_rsa | curl``, ``curl -d @.env``, ``env | nc``,
  "send the API keys to https://...");
* URLs that carry data out: a Markdown image whose query holds a placeholder, a query
  holding a command substitution or a placeholder named like a secret or conversation data;
* encoded payloads: ``base64 -d | sh``, ``exec(b64decode(...))``, and base64 or ``\\x``
  runs that decode (bounded, never run) to printable text holding a command or a URL;
* inside HTML comments only: network commands and text addressed to the agent.

Each match records where it is: ``text``, ``code`` (a fenced block or an inline code span)
or ``comment`` (an HTML comment or a ``[//]: #`` reference comment), so that the policy can
judge hidden and visible text differently. Skill scripts are code throughout and are
searched for the shell-like kinds only. Facts only, nothing is judged, decoded text is
never run.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from typing import Any, Literal

from aipolicy.collect.instruction_patterns import (
    AGENT_ADDRESS,
    CONCEAL,
    CREDENTIAL_EXFIL,
    DESTRUCTIVE,
    ENCODED_EXEC,
    NETWORK_COMMAND,
    OVERRIDE,
    ROLE_TOKEN,
    SAFETY_BYPASS,
    ContentKind,
    Table,
)
from aipolicy.collect.instruction_scan import MAX_RECORDS, NEGATION, REMOTE_EXEC, excerpt

Where = Literal["text", "code", "comment"]

MAX_BLOBS = 64
"""At most this many base64 or ``\\x`` runs are decoded per file."""
MAX_BLOB_CHARS = 8 * 1024
"""Longer runs are not decoded."""
MIN_BASE64 = 40
"""Shorter base64 runs are not decoded."""

_TABLES: tuple[tuple[ContentKind, Table], ...] = (
    ("override", OVERRIDE),
    ("role_token", ROLE_TOKEN),
    ("conceal", CONCEAL),
    ("safety_bypass", SAFETY_BYPASS),
    ("destructive", DESTRUCTIVE),
    ("credential_exfil", CREDENTIAL_EXFIL),
    ("encoded_payload", ENCODED_EXEC),
    ("network_command", NETWORK_COMMAND),
    ("agent_address", AGENT_ADDRESS),
)
_SCRIPT_KINDS = frozenset({"safety_bypass", "destructive", "credential_exfil", "encoded_payload"})
"""What is searched in skill scripts (code, not prose)."""
_COMMENT_ONLY = frozenset({"network_command", "agent_address"})
"""Recorded only inside HTML comments (in visible text they are ordinary)."""

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_SPECIAL = re.compile(r"<!--|`+")
_REF_COMMENT = re.compile(r"^\s*\[//\]:\s*#")
_CLAUSE_BREAK = re.compile(r"[.!?;](?:\s|$)")

_URL = re.compile(r"(!\[[^\]\n]*\]\(\s*<?)?(https?://(?:[^\s)<>\]\"'`]|<[A-Za-z_][\w-]*>)+)")
_PLACEHOLDER = re.compile(
    r"\$\{([^}\s]*)\}|\$\(([^)]*)\)?|\$([A-Za-z_]\w*)|\{\{\s*([^}]*?)\s*\}\}|\{([A-Za-z_][\w.-]*)\}"
    r"|<([A-Za-z_][\w-]*)>|%7B([^%]*)%7D",
    re.IGNORECASE,
)
_DATA_NAME = re.compile(
    r"secret|token|key|passw|pwd|credential|cookie|session|env|conversation|history|prompt"
    r"|private|ssh|aws|data|content|memory|chat|context|file",
    re.IGNORECASE,
)
_BASE64 = re.compile(rf"(?<![\w+/=.-])[A-Za-z0-9+/_-]{{{MIN_BASE64},}}={{0,2}}(?![\w+/=.-])")
_HEX = re.compile(r"(?:\\x[0-9a-fA-F]{2}){8,}")
_DECODED_RISK = re.compile(
    r"\b(?:curl|wget|bash|zsh|powershell|pwsh|iex|nc|ncat|eval|exec|sudo|chmod|rm|python[0-9.]*"
    r"|node|perl)\s+\S|\bsh\s+-c\b|/dev/tcp/|\|\s*(?:ba)?sh\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ContentMatch:
    """Text in an instruction file or skill script that tells the agent to do something risky."""

    line: int
    """1-based line where it starts (continuation lines are joined)."""
    kind: ContentKind
    """What it is: ``override``, ``role_token``, ``conceal``, ``safety_bypass``,
    ``destructive``, ``credential_exfil``, ``exfil_url``, ``encoded_payload``,
    ``network_command`` or ``agent_address`` (the last two only inside HTML comments)."""
    pattern: str
    """Which pattern of the kind matched (``rm_rf_root_or_home``, ``markdown_image``, ...)."""
    excerpt: str
    """The matched text (for a decoded payload: the decoded text), at most 200 chars,
    hidden characters shown as ``<U+XXXX>`` and credentials replaced by ``***``."""
    where: Where
    """``text``, ``code`` (fenced block, inline code span, or a skill script) or ``comment``
    (inside an HTML comment)."""
    negated: bool
    """The clause says not to before the match (never, do not, must not, avoid, ...)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "kind": self.kind,
            "pattern": self.pattern,
            "excerpt": self.excerpt,
            "where": self.where,
            "negated": self.negated,
        }


def content_matches(lines: list[str], *, markdown: bool = True) -> list[ContentMatch]:
    """Risky content of a file's lines, at most one record per line, kind and place.

    ``markdown``: the lines are an instruction file (text, code and comments told apart,
    every kind searched); otherwise a script (all code, shell-like kinds only)."""
    masks = _masks(lines) if markdown else ["c" * len(line) for line in lines]
    found: dict[tuple[int, str, str], ContentMatch] = {}
    blobs = [0]
    for number, line, mask in _joined(lines, masks):
        for record in _line_matches(number, line, mask, markdown, blobs):
            key = (record.line, record.kind, record.where)
            if key not in found or (found[key].negated and not record.negated):
                found[key] = record
        if len(found) >= MAX_RECORDS:
            break
    return sorted(found.values(), key=lambda m: (m.line, m.kind, m.where))[:MAX_RECORDS]


_KEYWORDS: dict[str, tuple[str, ...]] = {
    "override": ("ignore", "disregard", "forget", "bypass", "override", "now"),
    "role_token": ("<|", "inst]", "<<", "_of_turn>", "</s>", "system"),
    "conceal": (
        "tell", "inform", "notify", "alert", "hide", "conceal", "keep", "mention", "reveal",
        "disclose", "acknowledge", "discuss", "secretly", "covertly", "silently", "quietly",
        "user", "developer", "human", "reviewer",
    ),
    "safety_bypass": (
        "dangerously", "bypasspermissions", "yolo", "danger-full-access", "trust-all-tools",
        "allow-all-tools", "confirmation", "approval", "permission", "always", "automatically",
    ),
    "destructive": (
        "rm", "git", "chmod", "mkfs", "dd", "/dev/", ":()", "rd", "remove-item",
        "--no-preserve-root",
    ),
    "credential_exfil": (
        "ssh", "aws", "gnupg", "kube", "docker", "netrc", "credential", "npmrc", "pypirc",
        "config", "azure", "id_", "shadow", "env", "secret", "password", "private", "api key",
        "token", "cookie",
    ),
    "encoded_payload": (
        "base64", "b64decode", "atob", "buffer.from", "codecs.decode", "fromhex", "decompress",
        "powershell", "pwsh",
    ),
}  # fmt: skip
"""Words (lowercase) at least one of which a line needs for a table's patterns to match: a
cheap test that spares most prose lines the regular expressions (kept in step with
instruction_patterns by tests/collect/test_instruction_content.py)."""
_PREFILTER = True


def _may_match(kind: str, low: str, mask: str) -> bool:
    if not _PREFILTER:
        return True
    if kind in _COMMENT_ONLY and "h" not in mask:
        return False
    words = _KEYWORDS.get(kind)
    return words is None or any(word in low for word in words)


def _line_matches(
    number: int, line: str, mask: str, markdown: bool, blobs: list[int]
) -> list[ContentMatch]:
    records: list[ContentMatch] = []
    if blobs[0] < MAX_BLOBS:  # first, so that a decoded payload is what the excerpt shows
        records.extend(_encoded(number, line, mask, blobs))
    low = line.lower()
    for kind, table in _TABLES:
        if not markdown and kind not in _SCRIPT_KINDS:
            continue
        if not _may_match(kind, low, mask):
            continue
        for name, expression in table:
            for match in expression.finditer(line):
                where = _where(mask, match.start())
                if kind in _COMMENT_ONLY and where != "comment":
                    continue
                if name == "end_of_sequence" and "<s>" in line[: match.start()].lower():
                    continue
                records.append(_record(number, kind, name, line, match, where, match.group(0)))
    records.extend(_exfil_urls(number, line, mask))
    return records


def _record(
    number: int,
    kind: ContentKind,
    name: str,
    line: str,
    match: re.Match[str],
    where: Where,
    shown: str,
) -> ContentMatch:
    return ContentMatch(number, kind, name, excerpt(shown), where, _negated(line, match.start()))


def _negated(line: str, start: int) -> bool:
    clause = 0
    for brk in _CLAUSE_BREAK.finditer(line, 0, start):
        clause = brk.end()
    return NEGATION.search(line, clause, start) is not None


def _where(mask: str, index: int) -> Where:
    char = mask[index] if index < len(mask) else "t"
    return "comment" if char == "h" else "code" if char == "c" else "text"


def _exfil_urls(number: int, line: str, mask: str) -> list[ContentMatch]:
    records: list[ContentMatch] = []
    for match in _URL.finditer(line):
        url = match.group(2)
        query = url.partition("?")[2]
        names = [next(g for g in p.groups() if g is not None) for p in _PLACEHOLDER.finditer(url)]
        in_query = [
            next(g for g in p.groups() if g is not None) for p in _PLACEHOLDER.finditer(query)
        ]
        if "$(" in query:
            name = "command_substitution"
        elif match.group(1) and (in_query or any(_DATA_NAME.search(n) for n in names)):
            name = "markdown_image"
        elif any(_DATA_NAME.search(n) for n in in_query) and _where(mask, match.start()) != "code":
            name = "data_in_query"
        else:
            continue
        where = _where(mask, match.start())
        records.append(_record(number, "exfil_url", name, line, match, where, url))
    return records


def _encoded(number: int, line: str, mask: str, blobs: list[int]) -> list[ContentMatch]:
    records: list[ContentMatch] = []
    for name, expression in (("base64_blob", _BASE64), ("hex_escapes", _HEX)):
        for match in expression.finditer(line):
            if blobs[0] >= MAX_BLOBS:
                return records
            blobs[0] += 1
            decoded = _decode(name, match.group(0))
            if decoded is None or not _risky(decoded):
                continue
            where = _where(mask, match.start())
            records.append(_record(number, "encoded_payload", name, line, match, where, decoded))
    return records


def _decode(name: str, blob: str) -> str | None:
    """The printable text a run encodes, or ``None`` (binary, invalid or too long)."""
    if len(blob) > MAX_BLOB_CHARS:
        return None
    try:
        if name == "hex_escapes":
            raw = bytes.fromhex(blob.replace("\\x", ""))
        elif "-" in blob or "_" in blob:
            raw = base64.urlsafe_b64decode(blob + "=" * (-len(blob) % 4))
        else:
            raw = base64.b64decode(blob + "=" * (-len(blob) % 4), validate=True)
        text = raw.decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    printable = sum(1 for c in text if c.isprintable() or c in "\n\t\r")
    return text if text and printable >= 0.95 * len(text) else None


def _risky(decoded: str) -> bool:
    """Decoded text that holds a command, or a URL outside a JSON document."""
    if _DECODED_RISK.search(decoded) or any(p.search(decoded) for _, p in REMOTE_EXEC):
        return True
    return "://" in decoded and not decoded.lstrip().startswith(("{", "["))


def _masks(lines: list[str]) -> list[str]:
    """Per character of each line: ``t`` text, ``c`` code, ``h`` HTML comment."""
    masks: list[str] = []
    fence = ""
    in_comment = False
    for line in lines:
        opener = _FENCE.match(line)
        if not in_comment and (fence or opener):
            if opener and (not fence or opener.group(1).startswith(fence)):
                fence = "" if fence else opener.group(1)
            masks.append("c" * len(line))
            continue
        if not in_comment and _REF_COMMENT.match(line):
            masks.append("h" * len(line))
            continue
        mask, in_comment = _line_mask(line, in_comment)
        masks.append(mask)
    return masks


def _line_mask(line: str, in_comment: bool) -> tuple[str, bool]:
    parts: list[str] = []
    i = 0
    while i < len(line):
        if in_comment:
            end = line.find("-->", i)
            stop = len(line) if end < 0 else end + 3
            parts.append("h" * (stop - i))
            i, in_comment = stop, end < 0
            continue
        special = _SPECIAL.search(line, i)
        if special is None:
            parts.append("t" * (len(line) - i))
            break
        parts.append("t" * (special.start() - i))
        if special.group(0) == "<!--":
            parts.append("hhhh")
            i, in_comment = special.end(), True
            continue
        close = line.find(special.group(0), special.end())
        if close < 0:
            parts.append("t" * len(special.group(0)))
            i = special.end()
        else:
            stop = close + len(special.group(0))
            parts.append("c" * (stop - special.start()))
            i = stop
    return "".join(parts), in_comment


def _joined(lines: list[str], masks: list[str]) -> list[tuple[int, str, str]]:
    """Lines with shell continuations (a trailing ``\\``) joined to the next, with masks."""
    joined: list[tuple[int, str, str]] = []
    start, text, mask = 0, "", ""
    for number, (line, line_mask) in enumerate(zip(lines, masks, strict=True), start=1):
        if not text:
            start = number
        stripped = line.rstrip()
        if stripped.endswith("\\") and number < len(lines):
            text += stripped[:-1] + " "
            mask += line_mask[: len(stripped) - 1] + (line_mask[-1:] or "t")
            continue
        joined.append((start, text + line, mask + line_mask))
        text, mask = "", ""
    if text:
        joined.append((start, text, mask))
    return joined
