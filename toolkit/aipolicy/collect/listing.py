"""Listing a repository's files: ``git ls-files`` in a git work tree, a pruned walk otherwise.

Vendored and generated trees (node_modules, .venv, vendor, dist, build, .git, ...) are
skipped. Git runs with every configuration hook that could execute a command switched
off (``core.fsmonitor`` in a hostile ``.git/config`` would otherwise run), with the
system and global configuration ignored, and only when ``.git`` is a real directory
inside the repository. Names that are not UTF-8 are kept (surrogate-escaped) so the
file can still be read; :func:`display_path` renders them for facts and reports.
"""

from __future__ import annotations

import logging
import os
import re
import stat
from pathlib import Path

from aipolicy import _subprocess

logger = logging.getLogger(__name__)

SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        ".venv",
        "venv",
        "vendor",
        "dist",
        "build",
        "__pycache__",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        "target",
        ".gradle",
        ".terraform",
        "bower_components",
        ".next",
        ".nuxt",
        "site-packages",
        "third_party",
    }
)
"""Directory names never descended into (vendored, generated or tool state)."""

MAX_FILES = 1_000_000
MAX_DEPTH = 64
GIT_TIMEOUT = 60.0

_SAFE_GIT = (
    "-c",
    "core.fsmonitor=false",
    "-c",
    "core.untrackedCache=false",
    "-c",
    "core.quotePath=false",
    "-c",
    "core.hooksPath=/dev/null",
    "-c",
    "protocol.allow=never",
)


def display_path(rel: str) -> str:
    """``rel`` as text for facts: undecodable bytes shown as ``\\xNN`` escapes."""
    return rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


_SKIPPED = re.compile("(?:^|/)(?:" + "|".join(re.escape(d) for d in sorted(SKIP_DIRS)) + ")/")


def skipped(rel: str) -> bool:
    """Whether ``rel`` lies inside a skipped directory."""
    return _SKIPPED.search(rel) is not None


def list_repository(root: Path) -> tuple[list[str], str]:
    """All files of the repository at ``root`` (relative, '/'-separated, sorted) and how.

    The second element says which method listed them: ``"git"`` or ``"walk"``.
    """
    git_dir = root / ".git"
    if git_dir.is_dir() and not git_dir.is_symlink():
        files = _git_ls_files(root)
        if files is not None:
            return files, "git"
    return _walk(root), "walk"


def _git_ls_files(root: Path) -> list[str] | None:
    argv = [
        "git",
        *_SAFE_GIT,
        "-C",
        str(root),
        "ls-files",
        "-z",
        "--cached",
        "--others",
        "--exclude-standard",
        "--deduplicate",
    ]
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    try:
        result = _subprocess.run_bytes(argv, timeout=GIT_TIMEOUT, env=env)
    except (OSError, _subprocess.SubprocessTimeout) as exc:
        logger.debug("git ls-files unavailable (%s); walking instead", exc)
        return None
    if result.returncode != 0:
        logger.debug("git ls-files failed (%s); walking instead", result.stderr[:200])
        return None
    # --deduplicate: each name once; cached and untracked entries come in two sorted runs.
    names = os.fsdecode(result.stdout).split("\0")
    files = sorted(n for n in names if n and not _SKIPPED.search(n))
    return files[:MAX_FILES]


def _walk(root: Path) -> list[str]:
    found: list[str] = []
    stack: list[tuple[str, int]] = [("", 0)]
    while stack and len(found) < MAX_FILES:
        rel, depth = stack.pop()
        try:
            with os.scandir(root / rel if rel else root) as entries:
                for entry in entries:
                    child = f"{rel}/{entry.name}" if rel else entry.name
                    try:
                        mode = entry.stat(follow_symlinks=False).st_mode
                    except OSError:
                        continue
                    if stat.S_ISDIR(mode):
                        if entry.name not in SKIP_DIRS and depth < MAX_DEPTH:
                            stack.append((child, depth + 1))
                    elif stat.S_ISREG(mode) or stat.S_ISLNK(mode):
                        found.append(child)
        except OSError:
            continue
    return sorted(found)
