"""Finding the pinned ``opa`` binary: the policy compiler and test runner.

``opa`` is needed only to compile custom Rego and to run Rego unit tests; checking a
repository with the shipped policy (or org data only) never needs it. The version is
pinned here, in one place; ``.ci/install-opa`` reads it from this file.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from aipolicy import _subprocess
from aipolicy.errors import OpaNotFoundError

OPA_VERSION = "1.22.2"
OPA_MODULE = "github.com/open-policy-agent/opa"


def cache_root() -> Path:
    """aipolicy's cache directory (``$AIPOLICY_CACHE_DIR`` or ``~/.cache/aipolicy``)."""
    explicit = os.environ.get("AIPOLICY_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "aipolicy"


def pinned_install_dir() -> Path:
    """Where ``.ci/install-opa`` puts the pinned binary."""
    return cache_root() / "opa" / f"v{OPA_VERSION}"


def install_hint() -> str:
    return (
        f"Install the pinned opa v{OPA_VERSION} with Go:\n"
        f"  GOBIN={pinned_install_dir()} go install {OPA_MODULE}@v{OPA_VERSION}\n"
        "(or run .ci/install-opa in an aipolicy checkout), or set AIPOLICY_OPA to an opa binary."
    )


@dataclass(frozen=True)
class OpaBinary:
    """An ``opa`` executable and the version it reports."""

    path: Path
    version: str

    @property
    def is_pinned(self) -> bool:
        return self.version == OPA_VERSION


@cache
def find_opa() -> OpaBinary | None:
    """The ``opa`` to use: ``$AIPOLICY_OPA``, then the pinned cache, then ``PATH``."""
    candidates: list[Path] = []
    explicit = os.environ.get("AIPOLICY_OPA")
    if explicit:
        candidates.append(Path(explicit))
    candidates.append(pinned_install_dir() / "opa")
    on_path = shutil.which("opa")
    if on_path:
        candidates.append(Path(on_path))
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            version = _version_of(candidate)
            if version is not None:
                return OpaBinary(candidate, version)
    return None


def require_opa(purpose: str) -> OpaBinary:
    """The ``opa`` binary, or :class:`OpaNotFoundError` explaining how to get one."""
    found = find_opa()
    if found is None:
        raise OpaNotFoundError(
            f"opa is needed to {purpose}, but it was not found.", hint=install_hint()
        )
    return found


def _version_of(binary: Path) -> str | None:
    try:
        result = _subprocess.run([binary, "version"], timeout=20)
    except (OSError, _subprocess.SubprocessTimeout):
        return None
    match = re.search(r"^Version:\s*v?(\S+)", result.stdout, re.MULTILINE)
    return match.group(1) if result.returncode == 0 and match else None
