"""Where the files that ship with aipolicy are: schemas, default policy, compiled bundle.

In a wheel they sit inside the package (``aipolicy/schema``, ``aipolicy/policies``,
``aipolicy/_bundle``); in a source checkout (editable install, tests) the schemas and
policies are read from the repository's top-level ``schema/`` and ``policies/``.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent.parent

SHIPPED_BUNDLE = _PACKAGE / "_bundle" / "aipolicy-policy.tar.gz"


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[0]


def schema_dir() -> Path:
    """Directory holding the JSON Schemas (``*.schema.json``)."""
    return _first_existing(_PACKAGE / "schema", _CHECKOUT / "schema")


def policies_dir() -> Path:
    """Directory holding the default Rego policies and org data."""
    return _first_existing(_PACKAGE / "policies", _CHECKOUT / "policies")


def checkout_root() -> Path | None:
    """The source checkout this package runs from, if it runs from one."""
    return _CHECKOUT if (_CHECKOUT / "pyproject.toml").is_file() else None
