"""Repository identity: which repository this is, and how far to trust that.

In order: the ``--repository`` option (the pipeline author says so), the CI
environment when it describes this very checkout (GitHub Actions: ``GITHUB_REPOSITORY``
with ``GITHUB_WORKSPACE``; GitLab CI: ``CI_PROJECT_PATH`` with ``CI_PROJECT_DIR``), and
last the repository's own ``.git/config`` remote ``origin``. The last is controlled by
the repository itself, so the policy never lets it unlock a waiver.

No git command runs and nothing is fetched. Only a ``.git`` directory inside the
repository is read; a ``.git`` file pointing elsewhere (worktrees, submodules) is not
followed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from aipolicy.collect.repo import Repo
from aipolicy.errors import UsageError
from aipolicy.facts import RepositoryIdentity

MAX_GIT_FILE_BYTES = 256 * 1024
_SHA = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")
_SCP_LIKE = re.compile(r"^(?:[^@/]+@)?([^:/]+):(?!//)(.+)$")
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://(?:[^@/]*@)?([^/:]+)(?::\d+)?/(.+)$", re.IGNORECASE)


class IdentityCollector:
    name = "identity"

    def __init__(
        self, repository: str | None = None, environ: Mapping[str, str] | None = None
    ) -> None:
        self._option = repository
        self._environ = environ or {}

    def collect(self, repo: Repo) -> RepositoryIdentity:
        has_git = repo.is_dir(".git")
        head = _head(repo) if has_git else None
        listed = (repo.listing_method, len(repo.files))
        if self._option is not None:
            remote = normalise_remote(self._option) or normalise_remote(f"https://{self._option}")
            if remote is None:
                raise UsageError(
                    f"--repository {self._option!r} is not a repository name.",
                    hint="Give it as host/owner/name, e.g. github.com/example-corp/payments.",
                )
            return RepositoryIdentity(repo.name, remote, head, "option", *listed)
        from_ci = ci_repository(self._environ, repo.root)
        if from_ci is not None:
            return RepositoryIdentity(repo.name, from_ci, head, "ci", *listed)
        origin = _origin(repo) if has_git else None
        source = "git-config" if origin is not None else "none"
        return RepositoryIdentity(repo.name, origin, head, source, *listed)


def ci_repository(environ: Mapping[str, str], root: Path) -> str | None:
    """The repository the CI job runs for, when ``root`` is the job's checkout."""
    if environ.get("GITHUB_ACTIONS") == "true":
        name, workspace = environ.get("GITHUB_REPOSITORY"), environ.get("GITHUB_WORKSPACE")
        server = environ.get("GITHUB_SERVER_URL", "https://github.com")
    elif environ.get("GITLAB_CI") == "true":
        name, workspace = environ.get("CI_PROJECT_PATH"), environ.get("CI_PROJECT_DIR")
        server = environ.get("CI_SERVER_URL", "https://gitlab.com")
    else:
        return None
    if not name or not workspace or not _same_dir(Path(workspace), root):
        return None
    return normalise_remote(f"{server.rstrip('/')}/{name}")


def _same_dir(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


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
