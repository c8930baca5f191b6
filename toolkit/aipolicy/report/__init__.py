"""Reporters: one module per format, looked up by name."""

from __future__ import annotations

from collections.abc import Callable

from aipolicy.errors import UsageError
from aipolicy.report.interface import Reporter
from aipolicy.report.json_report import JsonReporter
from aipolicy.report.sarif import SarifReporter
from aipolicy.report.text import TextReporter

__all__ = ["REPORTERS", "Reporter", "get_reporter"]

REPORTERS: dict[str, Callable[..., Reporter]] = {
    "text": TextReporter,
    "json": JsonReporter,
    "sarif": SarifReporter,
}
"""Format name -> reporter class. JUnit, Markdown and GitHub land here later."""


def get_reporter(name: str, *, color: bool = False) -> Reporter:
    """The reporter for format ``name``; unknown names are an error, never a default."""
    if name not in REPORTERS:
        raise UsageError(
            f"unknown format {name!r}.", hint=f"Known formats: {', '.join(sorted(REPORTERS))}."
        )
    if name == "text":
        return TextReporter(color=color)
    return REPORTERS[name]()
