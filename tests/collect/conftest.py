"""Helpers for the collector tests."""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from types import FrameType

import pytest


class DeadlineExceeded(AssertionError):
    """The code under test ran (or blocked) longer than it may."""


@contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Fail, rather than hang, when the block runs longer than ``seconds``.

    SIGALRM interrupts pure-Python loops and blocking system calls (such as opening a
    fifo that has no writer) alike, so a regression fails the test instead of hanging
    the whole run.
    """

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        raise DeadlineExceeded(f"did not finish within {seconds} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def deadline() -> Callable[[float], AbstractContextManager[None]]:
    """``with deadline(5): ...`` fails the test if the block takes more than 5 s."""
    return _deadline
