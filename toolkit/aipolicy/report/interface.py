"""The reporter seam: a decision in, a string out. Reporters never print."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from aipolicy.core import CheckResult

__all__ = ["Reporter"]


class Reporter(Protocol):
    """Renders one check result in one format."""

    name: str

    def render(self, result: CheckResult) -> str:
        """The whole report as text."""
        ...
