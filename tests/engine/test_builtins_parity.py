"""Host builtins return what OPA itself returns, on the same inputs.

A tiny policy calling each host builtin is compiled to Wasm by the pinned opa and
run by the embedded engine; the same Rego is evaluated by ``opa eval``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from aipolicy.engine.builtins import parse_rfc3339_ns, provided_builtins
from aipolicy.engine.embedded import EmbeddedEngine
from aipolicy.opa import OpaBinary
from aipolicy.policy.bundle import read_bundle
from aipolicy.policy.compile import build_bundle, rego_sources
from aipolicy.policy.source import LoadedPolicy
from tests.conftest import opa_eval_decision

PROBE = """package aipolicy.main

decision := {
	"ns": [time.parse_rfc3339_ns(t) | some t in input.times],
	"formatted": [sprintf(f, args) | some [f, args] in input.formats],
}
"""

TIMES = [
    "2026-11-25T12:00:00Z",
    "1970-01-01T00:00:00Z",
    "1969-12-31T23:59:59Z",
    "2026-02-28T23:59:59.123456789Z",
    "2026-06-01T08:30:00.5+02:00",
    "2026-06-01T08:30:00-07:30",
    "2024-02-29T00:00:00Z",
    "1677-09-21T00:12:43.145224192Z",
    "2262-04-11T23:47:16.854775807Z",
]

FORMATS = [
    ["%s is prohibited", ["windsurf"]],
    ["%s approved up to '%s'", ["cursor", "internal"]],
    ["%d finding(s)", [3]],
    ["%d%%", [50]],
    ["plain", []],
]


def _compile(tmp_path: Path, opa: OpaBinary) -> tuple[Path, LoadedPolicy]:
    src = tmp_path / "probe"
    src.mkdir()
    (src / "probe.rego").write_text(PROBE)
    out = tmp_path / "probe.tar.gz"
    build_bundle(rego_sources(src), None, "probe", out, opa=opa, origins={"": src})
    bundle = read_bundle(out)
    return src, LoadedPolicy(bundle.wasm, {}, "probe", "probe", "none")


def test_host_builtins_match_opa_eval(tmp_path: Path, opa: OpaBinary) -> None:
    src, policy = _compile(tmp_path, opa)
    facts: dict[str, Any] = {"times": TIMES, "formats": FORMATS}
    embedded = EmbeddedEngine(policy).evaluate(facts)
    assert embedded == opa_eval_decision(opa, facts, {}, policy_dir=src)
    assert embedded["ns"][0] == 1_795_608_000_000_000_000


def test_the_probe_really_calls_the_host(tmp_path: Path, opa: OpaBinary) -> None:
    # If OPA ever compiled these into the module, the parity test above would prove nothing.
    from opapywasm import OpaWasmPolicy

    _, policy = _compile(tmp_path, opa)
    assert {"time.parse_rfc3339_ns", "sprintf"} <= set(
        OpaWasmPolicy.from_wasm_bytes(policy.wasm).builtins
    )
    assert {"time.parse_rfc3339_ns", "sprintf"} <= provided_builtins()


@pytest.mark.parametrize(
    "bad",
    [
        "2026-13-01T00:00:00Z",
        "2026-02-30T00:00:00Z",
        "not a time",
        "2026-01-01 00:00:00Z",
        "2024-02-29T00:00:00z",
        "2000-01-01t00:00:00Z",
        "2262-04-11T23:47:16.854775808Z",
        "0001-01-01T00:00:00Z",
        7,
    ],
)
def test_times_opa_leaves_undefined_raise_so_evaluation_fails_closed(
    bad: Any, opa: OpaBinary
) -> None:
    from opapywasm import OpaBuiltinError

    from aipolicy import _subprocess

    if isinstance(bad, str):
        query = f"x := time.parse_rfc3339_ns({json.dumps(bad)})"
        result = _subprocess.run([opa.path, "eval", "--format", "raw", query], timeout=30)
        assert result.stdout.strip() == "", f"opa defines {bad!r}: {result.stdout}"

    with pytest.raises(OpaBuiltinError):
        parse_rfc3339_ns(bad)
