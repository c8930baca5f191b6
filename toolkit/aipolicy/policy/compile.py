"""Compiling Rego into a WebAssembly bundle with the real ``opa build``.

One code path serves the shipped default bundle (``python -m aipolicy.policy.shipped``)
and custom ``--policy`` directories (compiled on demand, cached by content hash).
The revision written into the bundle manifest is a hash of the Rego sources and the
org data, so a stale shipped bundle is detectable from its manifest alone.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aipolicy import _subprocess
from aipolicy.errors import PolicyBuildError
from aipolicy.opa import OpaBinary, cache_root, require_opa
from aipolicy.policy.bundle import ENTRYPOINT
from aipolicy.policy.orgdata import data_files

logger = logging.getLogger(__name__)

MAX_REGO_FILES = 2_000
BUILD_TIMEOUT = 300.0


@dataclass(frozen=True)
class RegoSource:
    """One Rego file to compile: its name inside the bundle and its text."""

    name: str
    text: bytes


def rego_sources(policy_dir: Path) -> list[RegoSource]:
    """The Rego files of ``policy_dir`` that make up the policy (tests excluded)."""
    sources = []
    for path in sorted(policy_dir.rglob("*.rego")):
        if path.name.endswith("_test.rego") or not path.is_file():
            continue
        sources.append(RegoSource(path.relative_to(policy_dir).as_posix(), path.read_bytes()))
        if len(sources) > MAX_REGO_FILES:
            raise PolicyBuildError(f"{policy_dir}: more than {MAX_REGO_FILES} Rego files.")
    return sources


def revision(sources: list[RegoSource], data_paths: list[Path], root: Path) -> str:
    """Content hash of the Rego sources and org data files (names and bytes)."""
    digest = hashlib.sha256()
    for source in sorted(sources, key=lambda s: s.name):
        _feed(digest, "rego", source.name, source.text)
    for path in sorted(data_paths):
        _feed(digest, "data", path.relative_to(root).as_posix(), path.read_bytes())
    return "sha256:" + digest.hexdigest()


def policy_revision(policy_dir: Path) -> str:
    """:func:`revision` of everything in ``policy_dir``."""
    return revision(rego_sources(policy_dir), data_files(policy_dir), policy_dir)


def _feed(digest: Any, kind: str, name: str, content: bytes) -> None:
    for part in (kind.encode(), name.encode(), content):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)


def build_bundle(
    sources: list[RegoSource],
    data: dict[str, Any] | None,
    rev: str,
    output: Path,
    *,
    opa: OpaBinary | None = None,
    origins: Mapping[str, Path] | None = None,
) -> None:
    """Compile ``sources`` (plus ``data`` as ``data.json``) into a wasm bundle at ``output``.

    ``origins`` maps a source-name prefix to the directory those sources came from
    (``{"": policy_dir}`` when all come from one place): OPA's error messages are
    rewritten to name the user's files rather than the temporary build directory.
    """
    binary = opa or require_opa("compile Rego policies to WebAssembly")
    with tempfile.TemporaryDirectory(prefix="aipolicy-build-") as tmp:
        root = Path(tmp) / "bundle"
        for source in sources:
            target = root / source.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.text)
        root.mkdir(exist_ok=True)
        if data is not None:
            (root / "data.json").write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
        staged = Path(tmp) / "out.tar.gz"
        argv: list[str | Path] = [
            binary.path,
            "build",
            "--bundle",
            "--target",
            "wasm",
            "--entrypoint",
            ENTRYPOINT,
            "--revision",
            rev,
            "--output",
            staged,
            root,
        ]
        try:
            result = _subprocess.run(argv, timeout=BUILD_TIMEOUT)
        except _subprocess.SubprocessTimeout as exc:
            raise PolicyBuildError(f"opa build: {exc}") from None
        if result.returncode != 0:
            message = _user_paths((result.stderr or result.stdout).strip(), root, origins or {})
            raise PolicyBuildError(
                f"the policy does not compile (opa build):\n{message}",
                hint="Fix the Rego at the file and line above; `opa check --strict DIR` "
                "shows the same errors.",
            )
        output.parent.mkdir(parents=True, exist_ok=True)
        tmp_out = output.with_name(f".{output.name}.{os.getpid()}.tmp")
        shutil.copyfile(staged, tmp_out)
        tmp_out.replace(output)


def _user_paths(message: str, root: Path, origins: Mapping[str, Path]) -> str:
    message = message.replace(f"bundle {root}: ", "")
    for prefix in sorted(origins, key=len, reverse=True):
        message = message.replace(f"{root}/{prefix}", f"{origins[prefix]}/")
    return message.replace(f"{root}/", "")


def cached_bundle_path(rev: str) -> Path:
    """Where a custom policy compiled at revision ``rev`` is cached."""
    return cache_root() / "bundles" / (rev.replace(":", "-") + ".tar.gz")
