"""Engines: real OPA, behind one small protocol (see :mod:`aipolicy.engine.interface`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from aipolicy.engine.interface import Engine, EngineError
from aipolicy.errors import UsageError

if TYPE_CHECKING:
    from aipolicy.policy.source import LoadedPolicy

__all__ = ["ENGINES", "Engine", "EngineError", "create_engine"]


def _embedded(policy: LoadedPolicy) -> Engine:
    from aipolicy.engine.embedded import EmbeddedEngine

    return EmbeddedEngine(policy)


ENGINES: dict[str, Callable[[LoadedPolicy], Engine]] = {"embedded": _embedded}
"""Engine name -> factory. The OPA-server engine registers here when it lands."""


def create_engine(name: str, policy: LoadedPolicy) -> Engine:
    """The engine called ``name`` for ``policy``; unknown names are an error."""
    try:
        factory = ENGINES[name]
    except KeyError:
        raise UsageError(
            f"unknown engine {name!r}.", hint=f"Known engines: {', '.join(sorted(ENGINES))}."
        ) from None
    return factory(policy)
