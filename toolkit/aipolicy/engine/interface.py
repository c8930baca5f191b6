"""The engine seam: something that evaluates ``data.aipolicy.main.decision`` with real OPA."""

from __future__ import annotations

from typing import Any, Protocol

from aipolicy.errors import EvaluationError

__all__ = ["Engine", "EngineError"]


class EngineError(EvaluationError):
    """The engine could not produce a complete decision (exit 3: fail closed)."""


class Engine(Protocol):
    """Evaluates the policy's decision for one input document.

    Implementations: ``embedded`` (OPA's Wasm build, in-process). An OPA-server
    engine slots in beside it with the same two members.
    """

    name: str

    def evaluate(self, facts: dict[str, Any]) -> dict[str, Any]:
        """The decision document for ``facts`` (the repo-facts JSON), or :class:`EngineError`."""
        ...
