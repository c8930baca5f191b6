"""Safe YAML loading that remembers where every value came from.

Values come back as plain JSON-compatible Python (dict, list, str, int, float, bool,
None) with a :class:`LineMap` from each value's path to its 1-based line, so
validation errors and findings can point at ``file:line``. The loader never builds
Python objects from tags, rejects duplicate keys, bounds the input size and the number
of nodes (alias expansion included, so a "billion laughs" document is refused).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aipolicy.errors import ConfigError

MAX_YAML_BYTES = 1024 * 1024
MAX_NODES = 200_000

PathKey = tuple[str | int, ...]


class YamlSyntaxError(ConfigError):
    """A document that is not valid YAML (or not acceptable YAML: tags, huge)."""

    def __init__(self, file: str, line: int | None, problem: str | None) -> None:
        self.file = file
        self.line = line
        self.problem = problem or "invalid YAML"
        where = f"{file}:{line}" if line else file
        super().__init__(
            f"{where}: not valid YAML: {self.problem}",
            hint="Fix the YAML syntax at that line (a YAML linter shows the exact spot).",
        )


@dataclass
class LineMap:
    """1-based line of each value, keyed by its path (tuple of keys and indexes)."""

    file: str
    lines: dict[PathKey, int] = field(default_factory=dict)

    def where(self, path: PathKey) -> str:
        """``file:line`` of ``path`` (``file`` alone when no line is known)."""
        line = self.line_of(path)
        return f"{self.file}:{line}" if line else self.file

    def line_of(self, path: PathKey) -> int | None:
        """Line of ``path``, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None


@dataclass(frozen=True)
class YamlDocument:
    """A parsed YAML document and where its values are."""

    value: Any
    """The document as plain JSON-compatible data."""
    lines: LineMap
    """Line of every value."""


def load_yaml_text(text: str, file: str) -> YamlDocument:
    """Parse ``text`` (one YAML document) safely; errors name ``file`` and the line."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = False
    try:
        root = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlSyntaxError(
            file, mark.line + 1 if mark is not None else None, exc.problem or exc.context
        ) from None
    except YAMLError as exc:
        raise YamlSyntaxError(file, None, str(exc)) from None
    lines = LineMap(file)
    converter = _Converter(file, lines)
    value = converter.convert(root, ())
    return YamlDocument(value, lines)


def load_yaml_file(path: Path, display: str | None = None) -> YamlDocument:
    """Read and parse a YAML file of at most :data:`MAX_YAML_BYTES`."""
    name = display or str(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_YAML_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"{name}: cannot read: {exc.strerror or exc}") from None
    if len(raw) > MAX_YAML_BYTES:
        raise ConfigError(
            f"{name}: larger than {MAX_YAML_BYTES // 1024} KiB; refusing to parse it.",
            hint="Policy and manifest files are small; check that this is the right file.",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{name}: not UTF-8 text (byte {exc.start}).") from None
    return load_yaml_text(text, name)


class _Converter:
    """Turns ruamel's round-trip nodes into plain data, recording lines."""

    def __init__(self, file: str, lines: LineMap) -> None:
        self._file = file
        self._lines = lines
        self._nodes = 0

    def convert(self, node: Any, path: PathKey) -> Any:
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise ConfigError(
                f"{self._file}: more than {MAX_NODES} values (after expanding aliases); "
                "refusing to process it."
            )
        if isinstance(node, Mapping):
            return self._mapping(node, path)
        if isinstance(node, list):
            result_list = []
            for index, item in enumerate(node):
                self._record(node, index, path + (index,), is_key=False)
                result_list.append(self.convert(item, path + (index,)))
            return result_list
        return _scalar(node, self._file, path, self._lines)

    def _mapping(self, node: Mapping[Any, Any], path: PathKey) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, item in node.items():
            if not isinstance(key, str):
                line = self._lines.line_of(path)
                where = f":{line}" if line else ""
                raise ConfigError(
                    f"{self._file}{where}: {_dotted(path) or 'top level'}: key {key!r} is not a "
                    "string; quote it."
                )
            self._record(node, key, path + (key,), is_key=True)
            result[key] = self.convert(item, path + (key,))
        return result

    def _record(self, node: Any, key: str | int, path: PathKey, *, is_key: bool) -> None:
        lc = getattr(node, "lc", None)
        if lc is None:
            return
        try:
            position = lc.key(key) if is_key else lc.item(key)
        except (KeyError, IndexError, TypeError):
            return
        if position is not None:
            self._lines.lines[path] = int(position[0]) + 1


def _scalar(node: Any, file: str, path: PathKey, lines: LineMap) -> Any:
    from ruamel.yaml.scalarbool import ScalarBoolean

    if node is None:
        return None
    if isinstance(node, bool | ScalarBoolean):
        return bool(node)
    if isinstance(node, str):
        return str(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, datetime.date | datetime.datetime):
        return node.isoformat()
    line = lines.line_of(path)
    where = f":{line}" if line else ""
    raise ConfigError(
        f"{file}{where}: {_dotted(path) or 'top level'}: unsupported YAML value of type "
        f"{type(node).__name__}; use plain strings, numbers, lists and mappings."
    )


def _dotted(path: PathKey) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


dotted_path = _dotted
