"""Every subprocess aipolicy starts goes through :func:`run`: fixed argv, no shell, timeout."""

from __future__ import annotations

import logging
import subprocess  # noqa: S404 - argv lists only, never a shell
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 120.0


@dataclass(frozen=True)
class Completed:
    """Outcome of a finished process."""

    returncode: int
    stdout: str
    stderr: str


class SubprocessTimeout(Exception):
    """The process did not finish in time (it has been killed)."""


def run(
    argv: Sequence[str | Path],
    *,
    timeout: float = DEFAULT_TIMEOUT,
    cwd: Path | None = None,
    input_text: str | None = None,
) -> Completed:
    """Run ``argv`` to completion and capture its output as text."""
    args = [str(a) for a in argv]
    logger.debug("running %s", args)
    try:
        proc = subprocess.run(  # noqa: S603 - argv from aipolicy, never from the repository
            args,
            cwd=cwd,
            input=input_text,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise SubprocessTimeout(f"{args[0]} did not finish within {timeout:.0f} s") from None
    return Completed(proc.returncode, proc.stdout, proc.stderr)


@dataclass(frozen=True)
class CompletedBytes:
    """Outcome of a finished process, output as bytes."""

    returncode: int
    stdout: bytes
    stderr: bytes


def run_bytes(
    argv: Sequence[str | Path],
    *,
    timeout: float = DEFAULT_TIMEOUT,
    env: Mapping[str, str] | None = None,
) -> CompletedBytes:
    """Like :func:`run`, keeping the output as bytes (for ``-z`` listings)."""
    args = [str(a) for a in argv]
    logger.debug("running %s", args)
    try:
        proc = subprocess.run(  # noqa: S603 - argv from aipolicy, never from the repository
            args,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            check=False,
            env=dict(env) if env is not None else None,
        )
    except subprocess.TimeoutExpired:
        raise SubprocessTimeout(f"{args[0]} did not finish within {timeout:.0f} s") from None
    return CompletedBytes(proc.returncode, proc.stdout, proc.stderr)
