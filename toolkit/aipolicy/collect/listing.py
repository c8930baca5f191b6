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
"""Directory names left out of the repository's files (vendored, generated or tool state)."""

VENDORED_DIRS = frozenset({"vendor", "third_party"})
"""Of those, the committed copies of other projects' source: left out of the files every
collector reads, but listed apart (:func:`list_repository_parts`) for the agentic
collectors, so an instruction file or plugin vendored into the repository is judged (as
``context: example``) rather than silently dropped."""
TOOL_STATE_DIRS = SKIP_DIRS - VENDORED_DIRS
"""Skipped directories that are never read at all (generated files and tool state)."""
MAX_VENDORED = 50_000

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
_TOOL_STATE = re.compile(
    "(?:^|/)(?:" + "|".join(re.escape(d) for d in sorted(TOOL_STATE_DIRS)) + ")/"
)


def skipped(rel: str) -> bool:
    """Whether ``rel`` lies inside a skipped directory."""
    return _SKIPPED.search(rel) is not None


def list_repository(root: Path) -> tuple[list[str], str]:
    """All files of the repository at ``root`` (relative, '/'-separated, sorted) and how.

    The second element says which method listed them: ``"git"`` or ``"walk"``.
    """
    files, _, method = list_repository_parts(root)
    return files, method


def list_repository_parts(root: Path) -> tuple[list[str], list[str], str]:
    """The repository's files, the files of its vendored trees (:data:`VENDORED_DIRS`,
    outside tool state), both sorted, and the method that listed them."""
    git_dir = root / ".git"
    if git_dir.is_dir() and not git_dir.is_symlink():
        listed = _git_ls_files(root)
        if listed is not None:
            return listed[0], listed[1], "git"
    files, vendored = _walk(root)
    return files, vendored, "walk"


def _git_ls_files(root: Path) -> tuple[list[str], list[str]] | None:
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
    files: list[str] = []
    vendored: list[str] = []
    for name in os.fsdecode(result.stdout).split("\0"):
        if not name:
            continue
        if _SKIPPED.search(name) is None:
            files.append(name)
        elif _TOOL_STATE.search(name) is None:
            vendored.append(name)
    files.sort()
    vendored.sort()
    return files[:MAX_FILES], vendored[:MAX_VENDORED]


def _walk(root: Path) -> tuple[list[str], list[str]]:
    found: list[str] = []
    vendored: list[str] = []
    stack: list[tuple[str, int, bool]] = [("", 0, False)]
    while stack and len(found) < MAX_FILES:
        rel, depth, in_vendored = stack.pop()
        try:
            with os.scandir(root / rel if rel else root) as entries:
                for entry in entries:
                    child = f"{rel}/{entry.name}" if rel else entry.name
                    try:
                        mode = entry.stat(follow_symlinks=False).st_mode
                    except OSError:
                        continue
                    if stat.S_ISDIR(mode):
                        if depth >= MAX_DEPTH or entry.name in TOOL_STATE_DIRS:
                            continue
                        vendor = in_vendored or entry.name in VENDORED_DIRS
                        if not vendor or len(vendored) < MAX_VENDORED:
                            stack.append((child, depth + 1, vendor))
                    elif stat.S_ISREG(mode) or stat.S_ISLNK(mode):
                        (vendored if in_vendored else found).append(child)
        except OSError:
            continue
    return sorted(found), sorted(vendored)[:MAX_VENDORED]
