"""Safe, bounded access to a repository that may be hostile.

Nothing here executes anything. Paths are resolved and must stay inside the
repository root (a symlink pointing out of it is treated as absent); only regular
files are read (never fifos, sockets or devices, opened non-blocking); every read
is capped.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from aipolicy.errors import RepositoryError, UsageError

MAX_FILE_BYTES = 1024 * 1024
MAX_DIR_ENTRIES = 5_000

_NAMED_GROUP = re.compile(r"\(\?P<\w+>")
_GLOB_CHARS = re.compile(r"[*?\[\]\\]")

# Linux lets a process read where each of its descriptors points (/proc/self/fd).
_FD_LINKS = hasattr(os, "O_PATH") and os.path.isdir("/proc/self/fd")


@dataclass(frozen=True)
class FileRead:
    """Bytes read from a repository file."""

    data: bytes
    truncated: bool
    """True when the file was larger than the cap and only its start was read."""


class Repo:
    """A repository on disk, read through checks that keep reads inside it."""

    def __init__(self, root: Path) -> None:
        if not root.exists():
            raise UsageError(
                f"{root}: no such directory.", hint="Pass the path of a repository checkout."
            )
        if not root.is_dir():
            raise UsageError(f"{root}: not a directory.", hint="Pass a repository directory.")
        try:
            self.root = root.resolve(strict=True)
            os.listdir(self.root)
            self._root_text = str(self.root)
            self._root_prefix = self._root_text.rstrip("/") + "/"
        except OSError as exc:
            raise RepositoryError(
                f"{root}: cannot read the directory: {exc.strerror or exc}",
                hint="Check the permissions of the repository checkout.",
            ) from None

    @property
    def name(self) -> str:
        return self.root.name

    @cached_property
    def _listing(self) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
        from aipolicy.collect.listing import list_repository_parts

        files, vendored, method = list_repository_parts(self.root)
        return tuple(files), method, tuple(vendored)

    @property
    def files(self) -> tuple[str, ...]:
        """Every file of the repository, relative and sorted, vendored/generated trees skipped.

        From ``git ls-files`` (tracked plus untracked-not-ignored) in a git work tree,
        a pruned walk otherwise. Entries may be symlinks; read them through :meth:`read`.
        """
        return self._listing[0]

    @property
    def vendored_files(self) -> tuple[str, ...]:
        """Files of the vendored trees (``vendor/``, ``third_party/``) left out of
        :attr:`files`; the agentic collectors read them too (judged as examples)."""
        return self._listing[2]

    @cached_property
    def agentic_files(self) -> tuple[str, ...]:
        """:attr:`files` and :attr:`vendored_files`, sorted: where the collectors of agent
        instructions, skills and plugins look, so vendored ones are not silently dropped."""
        if not self.vendored_files:
            return self.files
        return tuple(sorted((*self.files, *self.vendored_files)))

    @property
    def listing_method(self) -> str:
        """How :attr:`files` was produced: ``"git"`` or ``"walk"``."""
        return self._listing[1]

    def glob(self, *patterns: str) -> list[str]:
        """Files matching any of the gitignore-style ``patterns`` (e.g. ``**/*.tf``).

        Results are remembered per pattern set; when every pattern ends in a literal file
        name, only files of that name are tested (a dictionary lookup, not a scan).
        """
        if patterns not in self._globs:
            self._globs[patterns] = self._match(patterns)
        return list(self._globs[patterns])

    @cached_property
    def _globs(self) -> dict[tuple[str, ...], list[str]]:
        return {}

    @cached_property
    def _by_basename(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = {}
        for rel in self.files:
            index.setdefault(rel.rsplit("/", 1)[-1], []).append(rel)
        return index

    def _match(self, patterns: tuple[str, ...]) -> list[str]:
        import pathspec

        spec = pathspec.GitIgnoreSpec.from_lines(patterns)
        candidates: Iterable[str] = self.files
        names = [p.rstrip("/").rsplit("/", 1)[-1] for p in patterns]
        if all(n and not _GLOB_CHARS.search(n) for n in names) and not any(
            p.startswith("!") or p.endswith("/") for p in patterns
        ):
            candidates = sorted({f for n in names for f in self._by_basename.get(n, [])})
        compiled = [getattr(p, "regex", None) for p in spec.patterns]
        if all(p.include for p in spec.patterns) and all(r is not None for r in compiled):
            # No negations: one combined expression, searched in C, is equivalent and fast.
            alternatives = (_NAMED_GROUP.sub("(?:", r.pattern) for r in compiled if r)
            combined = re.compile("|".join(f"(?:{a})" for a in alternatives))
            return [f for f in candidates if combined.match(f)]
        return [f for f in candidates if spec.match_file(f)]

    def _inside(self, rel: str) -> Path | None:
        """The real path of ``rel`` if it exists and stays inside the root."""
        real = self._real(rel)
        return Path(real) if real is not None else None

    def _real(self, rel: str) -> str | None:
        """Resolved path of ``rel`` (as text) if it exists and stays inside the root.

        Fast path (Linux): open the path itself (``O_PATH | O_NOFOLLOW``, nothing is
        read) and ask the kernel where the descriptor really points; only a final
        component that is itself a symlink needs the slower ``realpath`` walk.
        """
        candidate = os.path.join(self._root_text, rel)
        if _FD_LINKS:
            try:
                fd = os.open(candidate, os.O_PATH | os.O_NOFOLLOW | os.O_CLOEXEC)
            except (OSError, ValueError):
                return None
            try:
                if not stat.S_ISLNK(os.fstat(fd).st_mode):
                    return self._contained(os.readlink(f"/proc/self/fd/{fd}"))
            except OSError:
                return None
            finally:
                os.close(fd)
        try:
            return self._contained(os.path.realpath(candidate, strict=True))
        except (OSError, ValueError):
            return None

    def _contained(self, real: str) -> str | None:
        return real if real == self._root_text or real.startswith(self._root_prefix) else None

    def is_file(self, rel: str) -> bool:
        real = self._inside(rel)
        return real is not None and _is_regular(real)

    def is_dir(self, rel: str) -> bool:
        real = self._inside(rel)
        return real is not None and real.is_dir()

    def list_files(self, rel: str, *, recursive: bool = False, max_depth: int = 6) -> list[str]:
        """Regular files under directory ``rel`` (relative, '/'-separated, sorted)."""
        found: list[str] = []
        self._walk(rel, recursive, max_depth, found)
        return sorted(found)

    def _walk(self, rel: str, recursive: bool, depth: int, found: list[str]) -> None:
        real = self._inside(rel)
        if real is None or not real.is_dir():
            return
        try:
            with os.scandir(real) as entries:
                names = sorted(
                    e.name for _, e in zip(range(MAX_DIR_ENTRIES), entries, strict=False)
                )
        except OSError:
            return
        for name in names:
            child = f"{rel}/{name}" if rel else name
            if self.is_file(child):
                found.append(child)
            elif recursive and depth > 0 and not os.path.islink(self.root / child):
                self._walk(child, recursive, depth - 1, found)

    def read(self, rel: str, limit: int = MAX_FILE_BYTES) -> FileRead | None:
        """Read at most ``limit`` bytes of regular file ``rel``; ``None`` if it cannot be."""
        flags = os.O_RDONLY | os.O_CLOEXEC | getattr(os, "O_NONBLOCK", 0)
        nofollow = getattr(os, "O_NOFOLLOW", 0)
        fd = -1
        if _FD_LINKS:
            # One open: where the descriptor really points is then checked (an
            # intermediate symlinked directory could lead out of the repository).
            try:
                fd = os.open(os.path.join(self._root_text, rel), flags | nofollow)
            except OSError:
                fd = -1
            if fd >= 0 and self._contained(os.readlink(f"/proc/self/fd/{fd}")) is None:
                os.close(fd)
                return None
        if fd < 0:  # not Linux, or the final component is a symlink: resolve it first
            real = self._real(rel)
            if real is None:
                return None
            try:
                fd = os.open(real, flags | nofollow)
            except OSError:
                return None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                return None
            # One read normally returns the whole file; loop only if its size changed.
            chunks = [os.read(fd, min(limit + 1, info.st_size + 1))]
            size = len(chunks[0])
            while chunks[-1] and size <= limit and size != info.st_size:
                chunks.append(os.read(fd, limit + 1 - size))
                size += len(chunks[-1])
        except OSError:
            return None
        finally:
            os.close(fd)
        data = b"".join(chunks)
        return FileRead(data[:limit], len(data) > limit)


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False
