"""Parsing configuration files from the repository into data that remembers its lines.

JSON, JSONC (comments and trailing commas, as VS Code, Claude Code and Cursor accept),
YAML (safe) and TOML. A file that does not parse is not an error here: it becomes a
:class:`ParseError` fact with its location, and the policy decides what that means (an
unreadable agent configuration must not pass silently).
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from typing import Any, Literal

from aipolicy.collect.listing import display_path
from aipolicy.collect.repo import Repo
from aipolicy.errors import ConfigError
from aipolicy.yamlsource import LineMap, PathKey, load_yaml_text

Format = Literal["json", "jsonc", "yaml", "toml"]
MAX_CONFIG_BYTES = 1024 * 1024


@dataclass(frozen=True)
class ParseError:
    """A configuration file that could not be parsed."""

    path: str
    """Path relative to the repository root."""
    line: int | None
    """1-based line of the problem, when known."""
    message: str
    """What is wrong, from the parser."""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path, "message": self.message}
        if self.line is not None:
            out["line"] = self.line
        return out


@dataclass(frozen=True)
class Parsed:
    """A parsed configuration file, or the reason it could not be parsed."""

    path: str
    """Path relative to the repository root (display form)."""
    value: Any = None
    """The content as plain JSON-compatible data (``None`` when it did not parse)."""
    lines: LineMap = field(default_factory=lambda: LineMap(""))
    """Line of each value, by path."""
    error: ParseError | None = None
    """Set when the file did not parse."""

    def line(self, *path: str | int) -> int:
        """Line of the value at ``path`` (nearest known ancestor; 1 if none)."""
        return self.lines.line_of(tuple(path)) or 1


def parse_file(repo: Repo, rel: str, fmt: Format, limit: int = MAX_CONFIG_BYTES) -> Parsed | None:
    """Parse ``rel``; ``None`` when it is absent or cannot be read (not a regular file)."""
    shown = display_path(rel)
    read = repo.read(rel, limit)
    if read is None:
        return None
    if read.truncated:
        return _failed(shown, None, f"larger than {limit // 1024} KiB; not parsed")
    try:
        text = read.data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return _failed(shown, _line_at(read.data, exc.start), f"not UTF-8 (byte {exc.start})")
    return parse_text(text, shown, fmt)


def parse_text(text: str, shown: str, fmt: Format) -> Parsed:
    """Parse ``text`` (the content of ``shown``) as ``fmt``."""
    if fmt == "yaml":
        try:
            doc = load_yaml_text(text, shown)
        except ConfigError as exc:
            line = getattr(exc, "line", None)
            problem = getattr(exc, "problem", None) or exc.message
            return _failed(shown, line, str(problem))
        return Parsed(shown, doc.value, doc.lines)
    if fmt == "toml":
        try:
            value = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            match = re.search(r"at line (\d+)", str(exc))
            return _failed(shown, int(match.group(1)) if match else None, str(exc))
        return Parsed(shown, value, LineMap(shown, toml_lines(text)))
    source = strip_jsonc(text) if fmt == "jsonc" else text
    try:
        value = json.loads(source)
    except json.JSONDecodeError as exc:
        return _failed(shown, exc.lineno, exc.msg)
    except RecursionError:
        return _failed(shown, None, "nested too deeply")
    return Parsed(shown, value, LineMap(shown, json_lines(source)))


def _failed(shown: str, line: int | None, message: str) -> Parsed:
    return Parsed(shown, None, LineMap(shown), ParseError(shown, line, message))


def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def strip_jsonc(text: str) -> str:
    """JSON with ``//`` and ``/* */`` comments and trailing commas made plain JSON.

    Comments become spaces (newlines kept), so line numbers do not move.
    """
    out: list[str] = []
    i, n = 0, len(text)
    in_string = False
    while i < n:
        char = text[i]
        if in_string:
            out.append(char)
            if char == "\\" and i + 1 < n:
                out.append(text[i + 1])
                i += 1
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
            out.append(char)
        elif text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end == -1 else end
            out.append(" " * (end - i))
            i = end
            continue
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end == -1 else end + 2
            out.append("".join(c if c == "\n" else " " for c in text[i:end]))
            i = end
            continue
        else:
            out.append(char)
        i += 1
    return re.sub(r",(\s*[}\]])", r" \1", "".join(out))


def json_lines(text: str) -> dict[PathKey, int]:
    """Line of every key and array element of a (valid) JSON document, by path."""
    lines: dict[PathKey, int] = {(): 1}
    stack: list[list[Any]] = []  # [kind, key-or-index, expecting_key]
    line = 1
    i, n = 0, len(text)

    def path() -> PathKey:
        return tuple(frame[1] for frame in stack if frame[1] is not None)

    def value_starts() -> None:
        if stack and stack[-1][0] == "array":
            lines[path()] = line

    while i < n:
        char = text[i]
        if char == "\n":
            line += 1
        elif char == '"':
            end = i + 1
            while end < n and text[end] != '"':
                end += 2 if text[end] == "\\" else 1
            if stack and stack[-1][0] == "object" and stack[-1][2]:
                stack[-1][1] = json.loads(text[i : end + 1])
                stack[-1][2] = False
                lines[path()] = line
            else:
                value_starts()
            i = end
        elif char in "{[":
            value_starts()
            stack.append(["object", None, True] if char == "{" else ["array", 0, False])
        elif char in "}]":
            if stack:
                stack.pop()
        elif char == ",":
            if stack and stack[-1][0] == "object":
                stack[-1][2] = True
            elif stack:
                stack[-1][1] += 1
        elif not char.isspace() and char != ":":
            value_starts()
            while i + 1 < n and text[i + 1] not in ",}]\n \t\r":
                i += 1
        i += 1
    return lines


_TOML_TABLE = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_TOML_KEY = re.compile(r"^\s*([A-Za-z0-9_\-\"'.\s]+?)\s*=")


def toml_lines(text: str) -> dict[PathKey, int]:
    """Line of each table and key of a TOML document (best effort, by path)."""
    lines: dict[PathKey, int] = {(): 1}
    table: PathKey = ()
    for number, raw in enumerate(text.splitlines(), start=1):
        header = _TOML_TABLE.match(raw)
        if header:
            table = _toml_key_path(header.group(1))
            lines.setdefault(table, number)
            continue
        key = _TOML_KEY.match(raw)
        if key:
            lines.setdefault(table + _toml_key_path(key.group(1)), number)
    return lines


def _toml_key_path(dotted: str) -> PathKey:
    parts = re.findall(r'"([^"]*)"|\'([^\']*)\'|([^.\s]+)', dotted)
    return tuple(a or b or c for a, b, c in parts)
