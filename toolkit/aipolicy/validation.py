"""JSON Schema validation (draft 2020-12) with errors that point at file and line."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from typing import Any

from aipolicy.errors import ConfigError
from aipolicy.resources import schema_dir
from aipolicy.yamlsource import PathKey, dotted_path

Locator = Callable[[PathKey], str]
"""Maps a value's path to where it is, e.g. ``'org.yaml:14'``."""

SCHEMAS = ("org-policy", "repo-manifest", "repo-facts", "decision")
MAX_ERRORS = 10


@cache
def load_schema(name: str) -> dict[str, Any]:
    """The packaged JSON Schema called ``name`` (e.g. ``"org-policy"``)."""
    if name not in SCHEMAS:
        raise ValueError(f"unknown schema {name!r}; known: {', '.join(SCHEMAS)}")
    path = schema_dir() / f"{name}.schema.json"
    with path.open(encoding="utf-8") as handle:
        schema: dict[str, Any] = json.load(handle)
    return schema


def schema_errors(instance: Any, schema_name: str, locate: Locator | None = None) -> list[str]:
    """Every violation of ``schema_name`` by ``instance``, as ``file:line: field: problem``."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(load_schema(schema_name))
    errors = sorted(validator.iter_errors(instance), key=lambda e: [str(p) for p in e.path])
    out = []
    for error in errors[:MAX_ERRORS]:
        path = tuple(error.absolute_path)
        field = dotted_path(path) or "(top level)"
        where = f"{locate(path + _unexpected(error))}: " if locate is not None else ""
        out.append(f"{where}{field}: {_describe(error)}")
    if len(errors) > MAX_ERRORS:
        out.append(f"... and {len(errors) - MAX_ERRORS} more")
    return out


def validate(instance: Any, schema_name: str, locate: Locator | None = None, *, what: str) -> None:
    """Raise :class:`ConfigError` listing the problems when ``instance`` is invalid."""
    problems = schema_errors(instance, schema_name, locate)
    if problems:
        raise ConfigError(
            f"{what} is not valid:\n  " + "\n  ".join(problems),
            hint=f"Fix the fields named above (schema: schema/{schema_name}.schema.json).",
        )


def _unexpected(error: Any) -> tuple[str, ...]:
    """For an unexpected property, the first offending key (so its line can be found)."""
    if error.validator != "additionalProperties" or not isinstance(error.instance, dict):
        return ()
    known = set(error.schema.get("properties", {}))
    extra = sorted(k for k in error.instance if k not in known)
    return (extra[0],) if extra else ()


def _describe(error: Any) -> str:
    """A short, human message for one jsonschema error."""
    validator = error.validator
    value = error.instance
    if validator == "enum":
        options = ", ".join(str(o) for o in error.validator_value)
        return f"{value!r} is not one of {options}"
    if validator == "const":
        return f"{value!r} must be {error.validator_value!r}"
    if validator == "required":
        return str(error.message).replace("is a required property", "is required")
    if validator == "additionalProperties":
        return f"{error.message} (allowed: {', '.join(sorted(error.schema.get('properties', {})))})"
    if validator == "type":
        return f"{value!r} is not of type {error.validator_value}"
    if validator == "pattern":
        return f"{value!r} does not match the pattern {error.validator_value}"
    return str(error.message)
