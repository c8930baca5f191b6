"""The schemas are valid 2020-12 and document every field (the docs site renders them)."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft202012Validator

from aipolicy.validation import SCHEMAS, load_schema


@pytest.mark.parametrize("name", SCHEMAS)
def test_schema_is_valid_draft_2020_12(name: str) -> None:
    schema = load_schema(name)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def _undocumented(node: Any, path: str) -> list[str]:
    missing = []
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            missing.extend(
                f"{path}.{name}: no {key}" for key in ("title", "description") if key not in sub
            )
            missing += _undocumented(sub, f"{path}.{name}")
        for name, sub in node.get("$defs", {}).items():
            missing += [f"$defs.{name}: no {k}" for k in ("title", "description") if k not in sub]
            missing += _undocumented(sub, f"$defs.{name}")
        for key in ("items", "additionalProperties"):
            if isinstance(node.get(key), dict):
                missing += _undocumented(node[key], f"{path}.{key}")
    return missing


@pytest.mark.parametrize("name", SCHEMAS)
def test_every_field_has_a_title_and_description(name: str) -> None:
    schema = load_schema(name)
    assert "title" in schema and "description" in schema
    assert _undocumented(schema, name) == []
