"""Org data: the YAML files of a policy directory, merged and validated.

A policy directory keeps its org data in ``data/*.yaml`` (or, for a data-only
directory, ``*.yaml`` at its top). Each file holds top-level keys of one document;
two files may not set the same key. The result is validated against
``schema/org-policy.schema.json`` and handed to Rego as ``data.org``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aipolicy.errors import ConfigError
from aipolicy.validation import Locator, schema_errors
from aipolicy.yamlsource import LineMap, PathKey, dotted_path, load_yaml_file

MAX_DATA_FILES = 100


@dataclass(frozen=True)
class OrgData:
    """Validated org data and the files it came from."""

    document: dict[str, Any]
    """The merged org data (what Rego sees as ``data.org``)."""
    files: tuple[Path, ...]
    """The YAML files it was read from, sorted."""


def data_files(policy_dir: Path) -> list[Path]:
    """The org data YAML files of ``policy_dir`` (``data/*.yaml`` or ``*.yaml``)."""
    data_dir = policy_dir / "data"
    base = data_dir if data_dir.is_dir() else policy_dir
    files = sorted(p for p in base.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    if len(files) > MAX_DATA_FILES:
        raise ConfigError(f"{base}: more than {MAX_DATA_FILES} YAML files; expected a few.")
    return files


def load_org_data(policy_dir: Path) -> OrgData | None:
    """Load and validate the org data of ``policy_dir``; ``None`` when it has none."""
    files = data_files(policy_dir)
    if not files:
        return None
    merged: dict[str, Any] = {}
    line_maps: dict[str, LineMap] = {}
    for path in files:
        doc = load_yaml_file(path, _display(path))
        if doc.value is None:
            continue
        if not isinstance(doc.value, dict):
            raise ConfigError(
                f"{_display(path)}:1: the top level must be a mapping of org data keys "
                "(version, classifications, tools, ...)."
            )
        for key, value in doc.value.items():
            if key in merged:
                raise ConfigError(
                    f"{_display(path)}:{doc.lines.line_of((key,)) or 1}: '{key}' is already set "
                    f"in {line_maps[key].file}; each org data key belongs in one file."
                )
            merged[key] = value
            line_maps[key] = doc.lines
    locate = _locator(line_maps, _display(files[0]))
    problems = schema_errors(merged, "org-policy", locate)
    if problems:
        raise ConfigError(
            "org data is not valid:\n  " + "\n  ".join(problems),
            hint="Fix the fields named above (schema: schema/org-policy.schema.json), "
            "then run `aipolicy validate --policy DIR`.",
        )
    _check_references(merged, locate)
    _check_glob_budget(merged)
    return OrgData(merged, tuple(files))


def _locator(line_maps: dict[str, LineMap], first_file: str) -> Locator:
    """Locate a value in whichever file set its top-level key."""

    def locate(path: PathKey) -> str:
        if path and isinstance(path[0], str) and path[0] in line_maps:
            return line_maps[path[0]].where(path)
        return first_file

    return locate


def _check_references(doc: dict[str, Any], locate: Locator) -> None:
    """Classification ids used elsewhere must exist (the schema cannot say so)."""
    ids = [c["id"] for c in doc["classifications"]]
    known = set(ids)
    refs: list[tuple[PathKey, str]] = [(("default_classification",), doc["default_classification"])]
    refs += [
        (("tools", tool_id, "max_classification"), tool["max_classification"])
        for tool_id, tool in sorted(doc["tools"].items())
    ]
    refs += [
        (("inventory", index, "classification"), entry["classification"])
        for index, entry in enumerate(doc.get("inventory", []))
    ]
    refs += [
        (("controls", control_id, "required_from"), control["required_from"])
        for control_id, control in sorted(doc.get("controls", {}).items())
    ]
    problems = [
        f"{locate(path)}: {dotted_path(path)}: {value!r} is not one of the classifications "
        f"({', '.join(ids)})"
        for path, value in refs
        if value not in known
    ]
    categories = doc.get("data_categories")
    if categories is not None:
        problems += [
            f"{locate(('tools', tool_id, 'data_categories', i))}: "
            f"tools.{tool_id}.data_categories[{i}]: {category!r} is not one of the "
            f"data_categories ({', '.join(sorted(categories))})"
            for tool_id, tool in sorted(doc["tools"].items())
            for i, category in enumerate(tool.get("data_categories", []))
            if category not in categories
        ]
    problems += [
        f"{locate(('classifications', i, 'id'))}: classifications[{i}].id: {cid!r} is defined twice"
        for i, cid in enumerate(ids)
        if cid in ids[:i]
    ]
    if problems:
        raise ConfigError(
            "org data is not valid:\n  " + "\n  ".join(problems),
            hint="Use only ids defined under `classifications` and `data_categories`.",
        )


MAX_ORG_GLOBS = 30
"""Distinct glob patterns the org data may hold (example paths, waiver paths, MCP URL
patterns). Each becomes a regular expression in the evaluation, and OPA's Wasm library
breaks past 100 in one evaluation (the shipped rules use about 60; see
policies/lib/wildcard.rego)."""


def org_glob_patterns(doc: dict[str, Any]) -> set[str]:
    """The distinct glob patterns of the org data that the rules match with glob.match."""
    patterns = set(doc.get("contexts", {}).get("example", {}).get("paths", []))
    patterns |= {w["path"] for w in doc.get("exceptions", []) if "path" in w}
    patterns |= {
        s["url"] for s in doc.get("mcp", {}).get("allowed_servers", []) if "*" in s.get("url", "")
    }
    return patterns


def _check_glob_budget(doc: dict[str, Any]) -> None:
    patterns = org_glob_patterns(doc)
    if len(patterns) > MAX_ORG_GLOBS:
        raise ConfigError(
            f"org data holds {len(patterns)} distinct glob patterns "
            "(contexts.example.paths, exceptions[].path, mcp.allowed_servers[].url); "
            f"at most {MAX_ORG_GLOBS} are supported.",
            hint="Merge patterns (`docs/**` instead of one per folder) or list exact values: "
            "OPA's WebAssembly engine cannot evaluate more than about 100 distinct patterns "
            "at once, and the shipped rules use the rest.",
        )


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
