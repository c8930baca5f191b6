"""The embedded engine: OPA's own Wasm build of the policy, run in-process.

``opa build -t wasm`` compiles the Rego; opa-py-wasm (on wasmtime) runs it with hard
limits (evaluation deadline, memory cap, input and result size), so a hostile input
cannot hang or exhaust the gate. Compiling the Wasm to machine code is the slowest
part of start-up, so the compiled module is cached on disk (wasmtime serialises it),
keyed by the module's hash and the wasmtime version.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import logging
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import wasmtime
from opapywasm import (
    UNDEFINED,
    OpaInvalidPolicyError,
    OpaWasmError,
    OpaWasmPolicy,
    PolicyConfig,
)
from opapywasm import policy as _opa_policy
from opapywasm.runtime import EpochTicker, WasmtimeRuntimeFactory

from aipolicy.engine.builtins import HOST_BUILTINS, provided_builtins
from aipolicy.engine.interface import EngineError
from aipolicy.errors import PolicyBuildError
from aipolicy.opa import cache_root
from aipolicy.policy.bundle import ENTRYPOINT
from aipolicy.policy.source import LoadedPolicy

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limits:
    """Bounds on one evaluation."""

    eval_timeout_seconds: float = 10.0
    max_memory_pages: int = 4096
    """64 KiB pages: 4096 = 256 MiB."""
    max_input_bytes: int = 16 * 1024 * 1024
    max_result_bytes: int = 16 * 1024 * 1024


class EmbeddedEngine:
    """Evaluates a :class:`LoadedPolicy` in-process with opa-py-wasm."""

    name = "embedded"

    def __init__(self, policy: LoadedPolicy, limits: Limits | None = None) -> None:
        limits = limits or Limits()
        config = PolicyConfig(
            pool_size=1,
            default_entrypoint=ENTRYPOINT,
            eval_timeout_seconds=limits.eval_timeout_seconds,
            max_memory_pages=limits.max_memory_pages,
            max_input_bytes=limits.max_input_bytes,
            max_data_bytes=max(limits.max_input_bytes, 64 * 1024 * 1024),
            max_result_bytes=limits.max_result_bytes,
            max_cstring_scan_bytes=limits.max_result_bytes,
        )
        self._policy = _instantiate(policy.wasm, config)
        missing = sorted(set(self._policy.builtins) - provided_builtins())
        if missing:
            self._policy.close()
            raise PolicyBuildError(_missing_message(missing))
        for name, function in HOST_BUILTINS.items():
            self._policy.register_builtin(name, function)
        try:
            self._policy.set_data(policy.data)
        except OpaWasmError as exc:
            self._policy.close()
            raise EngineError(f"the org data could not be loaded into the policy: {exc}") from None

    def evaluate(self, facts: dict[str, Any]) -> dict[str, Any]:
        try:
            result = self._policy.evaluate(facts)
        except OpaWasmError as exc:
            raise EngineError(
                f"the policy could not be evaluated: {exc}",
                hint="The decision is incomplete, so the check fails closed. "
                "Run with --verbose for details.",
            ) from None
        if result is UNDEFINED:
            raise EngineError(
                "the policy returned no decision (data.aipolicy.main.decision is undefined).",
                hint="The org data may lack a required part, or a custom rule broke the "
                "aggregator; `aipolicy validate --policy DIR` and `opa test` help find it.",
            )
        if not isinstance(result, dict):
            raise EngineError(
                f"the policy returned {type(result).__name__}, not a decision object."
            )
        return result

    def close(self) -> None:
        self._policy.close()


def verify_builtins(wasm: bytes) -> None:
    """:class:`PolicyBuildError` naming any host builtin the policy needs but aipolicy lacks."""
    policy = _instantiate(wasm, PolicyConfig(pool_size=1))
    try:
        missing = sorted(set(policy.builtins) - provided_builtins())
    finally:
        policy.close()
    if missing:
        raise PolicyBuildError(_missing_message(missing))


def _missing_message(missing: list[str]) -> str:
    return (
        f"the policy uses builtin(s) the embedded engine does not provide: {', '.join(missing)}. "
        "Rewrite the rule without them, or ask for them to be added to aipolicy's host builtins."
    )


# -- compiled-module cache ---------------------------------------------------------

_FACTORY_LOCK = threading.Lock()
CRANELIFT_OPT_LEVEL = "none"


def _instantiate(wasm: bytes, config: PolicyConfig) -> OpaWasmPolicy:
    try:
        with _cached_factory():
            return OpaWasmPolicy.from_wasm_bytes(wasm, config)
    except OpaInvalidPolicyError as exc:
        raise EngineError(f"the compiled policy cannot be loaded: {exc}") from None


@contextlib.contextmanager
def _cached_factory() -> Iterator[None]:
    """Make OpaWasmPolicy build its runtime from the on-disk module cache.

    opa-py-wasm (pinned in pyproject.toml) constructs its runtime factory inside
    ``OpaWasmPolicy.__init__``; swapping the class for the duration of construction
    is the one seam that lets the compiled module be reused across processes.
    """
    with _FACTORY_LOCK:
        original = _opa_policy.WasmtimeRuntimeFactory  # type: ignore[attr-defined]
        _opa_policy.WasmtimeRuntimeFactory = _CachingRuntimeFactory  # type: ignore[attr-defined]
        try:
            yield
        finally:
            _opa_policy.WasmtimeRuntimeFactory = original  # type: ignore[attr-defined]


class _CachingRuntimeFactory(WasmtimeRuntimeFactory):
    """A WasmtimeRuntimeFactory whose module comes from (and goes to) a disk cache."""

    def __init__(self, wasm_bytes: bytes, *, max_memory_pages: int | None = None) -> None:
        if not wasm_bytes:
            raise OpaInvalidPolicyError("policy wasm is empty")
        self._max_memory_pages = max_memory_pages
        config = wasmtime.Config()
        config.epoch_interruption = True
        # Unoptimised machine code compiles a third faster (0.21 s against 0.31 s for the
        # shipped policy) and a decision still takes milliseconds: start-up wins.
        config.cranelift_opt_level = CRANELIFT_OPT_LEVEL
        self._engine = wasmtime.Engine(config)
        self._epoch = EpochTicker(self._engine)
        self._module = _load_module(self._engine, wasm_bytes)
        self._validate_required_env_imports()
        _reserve_initial_memory(self._module)


INITIAL_MEMORY_PAGES = 32
"""Wasm pages (64 KiB) every instance starts with: 2 MiB, room for the shipped policy's
data segments and a typical evaluation, so instantiation does not trap and retry."""


def _reserve_initial_memory(module: wasmtime.Module) -> None:
    """Start instances with at least the memory the module's import declares.

    opa-py-wasm 1.2.1 creates the imported ``env.memory`` with 2 pages and only retries
    (doubling, with a warning) on an out-of-bounds trap, but a larger policy (its data
    segments) needs more, or declares a higher minimum, and the link then fails with
    "incompatible import type". Raising the library's initial page count (never lowering
    it) to :data:`INITIAL_MEMORY_PAGES` or the declared minimum fixes both.
    """
    from opapywasm import runtime

    if runtime._DEFAULT_MEMORY_PAGES < INITIAL_MEMORY_PAGES:
        runtime._DEFAULT_MEMORY_PAGES = INITIAL_MEMORY_PAGES
    for item in module.imports:
        if (
            item.module == "env"
            and item.name == "memory"
            and isinstance(item.type, wasmtime.MemoryType)
        ):
            required = int(item.type.limits.min)
            if required > runtime._DEFAULT_MEMORY_PAGES:
                runtime._DEFAULT_MEMORY_PAGES = required


def _module_cache_path(wasm: bytes) -> Path:
    key = hashlib.sha256(wasm).hexdigest()[:32]
    try:
        version = importlib.metadata.version("wasmtime")
    except importlib.metadata.PackageNotFoundError:
        version = "unknown"
    return cache_root() / "wasmtime" / f"{key}-{version}-{CRANELIFT_OPT_LEVEL}.cwasm"


def _load_module(engine: wasmtime.Engine, wasm: bytes) -> wasmtime.Module:
    path = _module_cache_path(wasm)
    if path.is_file():
        try:
            return wasmtime.Module.deserialize_file(engine, str(path))
        except wasmtime.WasmtimeError:
            logger.debug("discarding unusable module cache %s", path)
            path.unlink(missing_ok=True)
    try:
        module = wasmtime.Module(engine, wasm)
    except wasmtime.WasmtimeError as exc:
        raise OpaInvalidPolicyError(f"invalid policy wasm: {exc}") from exc
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(module.serialize())
        tmp.replace(path)
    except OSError as exc:  # a read-only cache only costs speed
        logger.debug("cannot write module cache %s: %s", path, exc)
    return module
