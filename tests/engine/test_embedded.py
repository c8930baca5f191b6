"""The embedded engine: limits, the compiled-module cache, and failing closed."""

from __future__ import annotations

from pathlib import Path

import pytest

from aipolicy.engine import EngineError, create_engine
from aipolicy.engine.embedded import EmbeddedEngine, Limits, _module_cache_path
from aipolicy.errors import PolicyBuildError, UsageError
from aipolicy.opa import OpaBinary
from aipolicy.policy import load_policy
from aipolicy.policy.bundle import read_bundle
from aipolicy.policy.compile import build_bundle, rego_sources
from aipolicy.policy.source import LoadedPolicy


def _facts(**overrides: object) -> dict[str, object]:
    facts: dict[str, object] = {
        "schema_version": 1,
        "context": {"now": "2026-11-25T12:00:00Z", "fail_on": "high"},
        "repository": {"name": "x", "remote": None, "head": None},
        "manifest": {"present": False, "path": ".aipolicy.yaml"},
        "assistants": [],
    }
    facts.update(overrides)
    return facts


def _compile(tmp_path: Path, opa: OpaBinary, rego: str) -> LoadedPolicy:
    src = tmp_path / "src"
    src.mkdir()
    (src / "p.rego").write_text(rego)
    out = tmp_path / "b.tar.gz"
    build_bundle(rego_sources(src), None, "t", out, opa=opa, origins={"": src})
    return LoadedPolicy(read_bundle(out).wasm, {}, "t", "t", "t")


def test_unknown_engine_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown engine 'nope'"):
        create_engine("nope", load_policy())


def test_oversized_input_fails_closed() -> None:
    engine = EmbeddedEngine(load_policy(), Limits(max_input_bytes=1024))
    with pytest.raises(EngineError, match="could not be evaluated"):
        engine.evaluate(_facts(assistants=[{"tool": "x" * 2000, "files": []}]))


def test_undefined_decision_fails_closed() -> None:
    policy = load_policy()
    engine = EmbeddedEngine(LoadedPolicy(policy.wasm, {"org": {}}, "r", "r", "empty org data"))
    with pytest.raises(EngineError, match="no decision"):
        engine.evaluate(_facts())


def test_runaway_evaluation_is_stopped_by_the_deadline(tmp_path: Path, opa: OpaBinary) -> None:
    rego = (
        "package aipolicy.main\n\ndecision := count([x | some x in numbers.range(1, 100000000)])\n"
    )
    policy = _compile(tmp_path, opa, rego)
    engine = EmbeddedEngine(policy, Limits(eval_timeout_seconds=0.5))
    with pytest.raises(EngineError):
        engine.evaluate({})


def test_a_policy_needing_an_unprovided_builtin_is_rejected_by_name(
    tmp_path: Path, opa: OpaBinary
) -> None:
    rego = 'package aipolicy.main\n\ndecision := {"h": crypto.md5(input.s)}\n'
    policy = _compile(tmp_path, opa, rego)
    with pytest.raises(PolicyBuildError, match="crypto.md5"):
        EmbeddedEngine(policy)


def test_compiled_module_is_cached_and_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AIPOLICY_CACHE_DIR", str(tmp_path / "cache"))
    policy = load_policy()
    cached = _module_cache_path(policy.wasm)
    assert not cached.exists()
    first = EmbeddedEngine(policy).evaluate(_facts())
    assert cached.is_file()
    stamp = cached.stat().st_mtime_ns
    second = EmbeddedEngine(policy).evaluate(_facts())
    assert cached.stat().st_mtime_ns == stamp  # read back, not rewritten
    assert first == second


def test_a_corrupt_module_cache_is_discarded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AIPOLICY_CACHE_DIR", str(tmp_path / "cache"))
    policy = load_policy()
    cached = _module_cache_path(policy.wasm)
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"not a compiled module")
    decision = EmbeddedEngine(policy).evaluate(_facts())
    assert decision["verdict"] in {"pass", "fail"}  # a complete decision came back
    assert cached.read_bytes() != b"not a compiled module"


def test_a_policy_whose_memory_import_needs_more_than_two_pages_loads(
    tmp_path: Path, opa: OpaBinary, monkeypatch: pytest.MonkeyPatch
) -> None:
    from opapywasm import runtime

    monkeypatch.setattr(runtime, "_DEFAULT_MEMORY_PAGES", 2)  # the library's own default
    # Large constants become data segments: the module then declares a memory minimum
    # above opa-py-wasm's default of two pages (this broke as the rule catalogue grew).
    words = ", ".join(f'"{n:06d}-{"x" * 40}"' for n in range(6000))
    rego = f'package aipolicy.main\n\nwords := [{words}]\n\ndecision := {{"n": count(words)}}\n'
    policy = _compile(tmp_path, opa, rego)
    import wasmtime

    module = wasmtime.Module(wasmtime.Engine(), policy.wasm)
    memory = next(i for i in module.imports if i.name == "memory")
    assert isinstance(memory.type, wasmtime.MemoryType)
    assert memory.type.limits.min > 2
    assert EmbeddedEngine(policy).evaluate({}) == {"n": 6000}


def test_the_shipped_policy_instantiates_without_growing_its_memory(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from opapywasm import runtime

    monkeypatch.setattr(runtime, "_DEFAULT_MEMORY_PAGES", 2)  # the library's own default
    with caplog.at_level("WARNING"):
        decision = EmbeddedEngine(load_policy()).evaluate(_facts())
    assert decision["verdict"] in {"pass", "fail"}
    assert [r.getMessage() for r in caplog.records if r.name.startswith("opapywasm")] == []


REGEX_CACHE_REGO = """package aipolicy.main

decision := {"n": count(hits)}

hits contains [p, c] if {
	some p in input.patterns
	some c in input.commands
	regex.match(p, c)
}
"""


def test_opa_wasm_regex_cache_breaks_past_100_distinct_patterns(
    tmp_path: Path, opa: OpaBinary
) -> None:
    """Pins an upstream bug the policies are written around (see policies/lib/wildcard.rego).

    OPA's Wasm library caches at most 100 compiled regular expressions per evaluation and,
    once full, can free the one it is reusing (wasm/src/regex.cc, ``reuse``). Fewer than
    100 distinct patterns work; past 100 the evaluation traps or runs into the deadline.
    If this test starts failing after an OPA upgrade, the bug is fixed: the constraint on
    computed patterns (tests/test_rego_regex_budget.py) can then be relaxed.
    """
    policy = _compile(tmp_path, opa, REGEX_CACHE_REGO)
    commands = ["rm -rf ~", "git push --force", "printenv"] * 3
    engine = EmbeddedEngine(policy, Limits(eval_timeout_seconds=3))
    few = [f"^tool{i}( |$)" for i in range(80)]
    assert engine.evaluate({"patterns": few, "commands": commands}) == {"n": 0}
    many = [f"^tool{i}( |$)" for i in range(240)]
    with pytest.raises(EngineError):
        EmbeddedEngine(policy, Limits(eval_timeout_seconds=3)).evaluate(
            {"patterns": many, "commands": commands}
        )
