"""Every subprocess aipolicy starts goes through here: fixed argv, no shell, a timeout."""

from __future__ import annotations

import logging
import subprocess  # noqa: S404 - argv lists only, never a shell
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 120.0


@dataclass(frozen=True)
class CompletedBytes:
    """Outcome of a finished process, output as bytes."""

    returncode: int
    stdout: bytes
    stderr: bytes


@dataclass(frozen=True)
class Completed:
    """Outcome of a finished process, output as text (undecodable bytes replaced)."""

    returncode: int
    stdout: str
    stderr: str


class SubprocessTimeout(Exception):
    """The process did not finish in time (it has been killed)."""


def run_bytes(
    argv: Sequence[str | Path],
    *,
    timeout: float = DEFAULT_TIMEOUT,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    stdin: bytes | None = None,
) -> CompletedBytes:
    """Run ``argv`` to completion and capture its output as bytes."""
    args = [str(a) for a in argv]
    logger.debug("running %s", args)
    try:
        proc = subprocess.run(  # noqa: S603 - argv from aipolicy, never from the repository
            args,
            cwd=cwd,
            input=stdin,
            stdin=subprocess.DEVNULL if stdin is None else None,
            capture_output=True,
            timeout=timeout,
            check=False,
            env=dict(env) if env is not None else None,
        )
    except subprocess.TimeoutExpired:
        raise SubprocessTimeout(f"{args[0]} did not finish within {timeout:.0f} s") from None
    return CompletedBytes(proc.returncode, proc.stdout, proc.stderr)


def run(
    argv: Sequence[str | Path],
    *,
    timeout: float = DEFAULT_TIMEOUT,
    cwd: Path | None = None,
    input_text: str | None = None,
) -> Completed:
    """Like :func:`run_bytes`, with text in and out."""
    result = run_bytes(
        argv,
        timeout=timeout,
        cwd=cwd,
        stdin=input_text.encode() if input_text is not None else None,
    )
    return Completed(
        result.returncode,
        result.stdout.decode("utf-8", "replace"),
        result.stderr.decode("utf-8", "replace"),
    )
