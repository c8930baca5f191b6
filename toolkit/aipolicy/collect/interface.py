"""The collector seam: read one concern of a repository into typed facts, no judgement."""

from __future__ import annotations

from typing import Protocol, TypeVar

from aipolicy.collect.repo import Repo

__all__ = ["Collector"]

T_co = TypeVar("T_co", covariant=True)


class Collector(Protocol[T_co]):
    """Reads one concern of a repository. Never executes anything from it."""

    name: str
    """Short name, used in logs and ``aipolicy facts --verbose``."""

    def collect(self, repo: Repo) -> T_co:
        """The facts this collector is responsible for."""
        ...
