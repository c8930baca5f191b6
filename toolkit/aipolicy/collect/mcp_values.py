"""Secrets in the values of MCP servers' environment variables and headers.

Only the names of an MCP server's variables and headers reach the facts, and AIP130 judges
a literal value by its name (``GITHUB_TOKEN``). A value can hold a secret under any name,
though: a DSN with a password under ``DATABASE_URL``, a GitHub token under ``GH``.
:func:`value_secret` finds in a value the shapes :mod:`aipolicy.collect.mcp_redact` finds in
arguments (content-scan tokens, URL and DSN passwords, credential query parameters,
``--api-key value``, ``NAME=value``); references (``${VAR}``) and placeholders are not
secrets. Only the name, the kind and the line are recorded, never the value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from aipolicy.collect.mcp_redact import redact_words
from aipolicy.collect.secrets import secret_tokens

_NAMED_TABLES: tuple[tuple[Literal["env", "header"], str], ...] = (
    ("env", "env"),
    ("header", "headers"),
    ("header", "http_headers"),
)
"""The tables of a server entry whose values :func:`named_value_secrets` judges."""


@dataclass(frozen=True)
class NamedSecret:
    """A secret in the value of an MCP server's environment variable or header."""

    where: Literal["env", "header"]
    """In an environment variable or in a header."""
    table: str
    """Key of the table in the server's entry (``env``, ``headers``, ``http_headers``)."""
    name: str
    """The variable's or header's name (never its value)."""
    kind: str
    """What it looked like (:func:`value_secret`)."""


def named_value_secrets(entry: dict[str, Any]) -> list[NamedSecret]:
    """The secrets in the string values of a server entry's ``env``, ``headers`` and
    ``http_headers`` tables, one per name, in file order."""
    found = []
    for where, table in _NAMED_TABLES:
        values = entry.get(table)
        for name, value in values.items() if isinstance(values, dict) else ():
            kind = value_secret(value) if isinstance(value, str) else None
            if kind is not None:
                found.append(NamedSecret(where, table, str(name), kind))
    return found


def value_secret(value: str) -> str | None:
    """The kind of secret an environment variable's or header's value holds, judged whatever
    its name: a token of the content scan, else the first secret of its space-separated
    words as an argument's would be (a URL's password or credential query parameter,
    ``--api-key value``, ``NAME=value``, ...); ``None`` when it holds none. The value
    itself is never recorded."""
    tokens = [t for t in secret_tokens(value) if not t.placeholder]
    if tokens:
        return tokens[0].kind
    _, found = redact_words(value.split())
    return found[0].kind if found else None
