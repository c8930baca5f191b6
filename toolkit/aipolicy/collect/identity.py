"""Repository identity: the git ``origin`` remote (normalised) and HEAD, read from files.

No git command runs and nothing is fetched. Only a ``.git`` directory inside the
repository is read; a ``.git`` file pointing elsewhere (worktrees, submodules) is not
followed, and the identity is then unknown.
"""

from __future__ import annotations

import re

from aipolicy.collect.repo import Repo
from aipolicy.facts import RepositoryIdentity

MAX_GIT_FILE_BYTES = 256 * 1024
_SHA = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")
_SCP_LIKE = re.compile(r"^(?:[^@/]+@)?([^:/]+):(?!//)(.+)$")
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://(?:[^@/]*@)?([^/:]+)(?::\d+)?/(.+)$", re.IGNORECASE)


class IdentityCollector:
    name = "identity"

    def collect(self, repo: Repo) -> RepositoryIdentity:
        if not repo.is_dir(".git"):
            return RepositoryIdentity(repo.name, None, None)
        return RepositoryIdentity(repo.name, _origin(repo), _head(repo))


def normalise_remote(url: str) -> str | None:
    """``host/owner/name`` for a network remote URL (credentials dropped), else ``None``."""
    url = url.strip()
    match = _URL.match(url) or (None if "://" in url else _SCP_LIKE.match(url))
    if match is None:
        return None
    host, path = match.group(1).lower(), match.group(2)
    path = path.strip("/").lower()
    if path.endswith(".git"):
        path = path[:-4]
    parts = [p for p in path.split("/") if p]
    if not parts or any(p in (".", "..") for p in parts):
        return None
    if not re.fullmatch(r"[a-z0-9.-]+", host):
        return None
    if not all(re.fullmatch(r"[a-z0-9._~-]+", p) for p in parts):
        return None
    return "/".join([host, *parts])


def _text(repo: Repo, rel: str) -> str | None:
    read = repo.read(rel, MAX_GIT_FILE_BYTES)
    if read is None or read.truncated:
        return None
    return read.data.decode("utf-8", errors="replace")


def _origin(repo: Repo) -> str | None:
    text = _text(repo, ".git/config")
    if text is None:
        return None
    url = git_config_value(text, 'remote "origin"', "url")
    return normalise_remote(url) if url else None


_SECTION = re.compile(r'^\s*\[\s*([A-Za-z0-9.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\]\s*(.*)$')
_ENTRY = re.compile(r"^\s*([A-Za-z][A-Za-z0-9-]*)\s*(?:=\s*(.*))?$")


def git_config_value(text: str, section: str, key: str) -> str | None:
    """The first value of ``key`` in ``section`` (e.g. ``remote "origin"``), as git reads it.

    Section and key names are case-insensitive, subsection names are not; values may
    be quoted and may end in a ``#``/``;`` comment. Continuation lines and includes are
    not followed (an include could point outside the repository).
    """
    name, _, sub = section.partition(" ")
    want = (name.lower(), sub.strip('"') if sub else None)
    current: tuple[str, str | None] | None = None
    for line in text.splitlines():
        header = _SECTION.match(line)
        if header:
            current = (header.group(1).lower(), header.group(2))
            line = header.group(3)
            if not line.strip():
                continue
        entry = _ENTRY.match(line)
        if current == want and entry and entry.group(1).lower() == key.lower():
            return _config_value(entry.group(2) or "")
    return None


def _config_value(raw: str) -> str:
    out: list[str] = []
    quoted = False
    escapes = {"n": "\n", "t": "\t", "b": "\b", '"': '"', "\\": "\\"}
    chars = iter(raw)
    for char in chars:
        if char == '"':
            quoted = not quoted
        elif char == "\\":
            out.append(escapes.get(next(chars, ""), ""))
        elif char in "#;" and not quoted:
            break
        else:
            out.append(char)
    return "".join(out).strip()


def _head(repo: Repo) -> str | None:
    head = _text(repo, ".git/HEAD")
    if head is None:
        return None
    head = head.strip()
    if _SHA.match(head):
        return head
    if not head.startswith("ref: "):
        return None
    ref = head[5:].strip()
    if not re.fullmatch(r"refs/[A-Za-z0-9._/-]+", ref) or ".." in ref:
        return None
    loose = _text(repo, f".git/{ref}")
    if loose is not None and _SHA.match(loose.strip()):
        return loose.strip()
    packed = _text(repo, ".git/packed-refs") or ""
    for line in packed.splitlines():
        sha, _, name = line.partition(" ")
        if name.strip() == ref and _SHA.match(sha):
            return sha
    return None
