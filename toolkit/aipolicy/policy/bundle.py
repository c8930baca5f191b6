"""Reading OPA bundles (``.tar.gz``) built with ``opa build -t wasm``.

Only what aipolicy needs is read: ``/policy.wasm``, ``/data.json`` and ``/.manifest``.
Members are size-capped and only regular files are read, so a hostile or corrupt
bundle fails with a clear error instead of exhausting memory.
"""

from __future__ import annotations

import json
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aipolicy.errors import ConfigError

ENTRYPOINT = "aipolicy/main/decision"
MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_MEMBERS = 10_000


@dataclass(frozen=True)
class Bundle:
    """The parts of a compiled policy bundle aipolicy uses."""

    wasm: bytes
    """The policy compiled to WebAssembly by OPA."""
    data: dict[str, Any] | None
    """The bundle's data document (``data.json``), if it has one."""
    revision: str
    """The manifest's revision (aipolicy writes the policy's content hash there)."""


def read_bundle(path: Path) -> Bundle:
    """Read a wasm bundle; :class:`ConfigError` if it is not one aipolicy can use."""
    what = f"bundle {path}"
    try:
        with tarfile.open(path, mode="r:gz") as archive:
            members = _wanted_members(archive, what)
            raw = {name: _read_member(archive, member, what) for name, member in members.items()}
    except (OSError, tarfile.TarError, EOFError) as exc:
        raise ConfigError(
            f"{what}: cannot read it as a .tar.gz OPA bundle: {exc}",
            hint="Build one with `opa build -t wasm -e aipolicy/main/decision ...`.",
        ) from None
    manifest = _json(raw.get(".manifest", b"{}"), f"{what}: .manifest")
    if "policy.wasm" not in raw:
        raise ConfigError(
            f"{what}: has no policy.wasm; it was not built for WebAssembly.",
            hint="Build it with `opa build -t wasm -e aipolicy/main/decision ...`.",
        )
    entrypoints = [w.get("entrypoint") for w in manifest.get("wasm", []) if isinstance(w, dict)]
    if entrypoints and ENTRYPOINT not in entrypoints:
        raise ConfigError(
            f"{what}: its wasm entrypoints are {entrypoints}, not {ENTRYPOINT}.",
            hint=f"Build it with `-e {ENTRYPOINT}`.",
        )
    data = _json(raw["data.json"], f"{what}: data.json") if "data.json" in raw else None
    revision = manifest.get("revision", "")
    return Bundle(raw["policy.wasm"], data, revision if isinstance(revision, str) else "")


def _wanted_members(archive: tarfile.TarFile, what: str) -> dict[str, tarfile.TarInfo]:
    wanted: dict[str, tarfile.TarInfo] = {}
    for count, member in enumerate(archive):
        if count > MAX_MEMBERS:
            raise ConfigError(f"{what}: more than {MAX_MEMBERS} members; not a policy bundle.")
        name = member.name.lstrip("/")
        if name in ("policy.wasm", "data.json", ".manifest") and member.isreg():
            wanted[name] = member
    return wanted


def _read_member(archive: tarfile.TarFile, member: tarfile.TarInfo, what: str) -> bytes:
    if member.size > MAX_MEMBER_BYTES:
        raise ConfigError(f"{what}: {member.name} is larger than {MAX_MEMBER_BYTES >> 20} MiB.")
    handle = archive.extractfile(member)
    if handle is None:
        raise ConfigError(f"{what}: cannot read {member.name}.")
    return handle.read(MAX_MEMBER_BYTES)


def _json(raw: bytes, what: str) -> dict[str, Any]:
    try:
        value = json.loads(raw)
    except ValueError as exc:
        raise ConfigError(f"{what}: not valid JSON: {exc}") from None
    if not isinstance(value, dict):
        raise ConfigError(f"{what}: must be a JSON object.")
    return value
