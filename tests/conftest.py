"""Shared fixtures: the checkout, the examples, the pinned opa, a fixed clock."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest

from aipolicy import _subprocess
from aipolicy.opa import OpaBinary, find_opa
from aipolicy.policy.compile import rego_sources

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
NOW = "2026-11-25T12:00:00Z"


@pytest.fixture(scope="session")
def opa() -> OpaBinary:
    """The pinned opa. Missing: a failure under CI=true, a skip only on a dev machine."""
    found = find_opa()
    if found is None:
        message = "opa not found; run .ci/install-opa (CI=true makes this a failure)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)  # never under CI=true: see above
    return found


def opa_eval_decision(
    opa: OpaBinary, facts: dict[str, Any], data: dict[str, Any], policy_dir: Path | None = None
) -> dict[str, Any]:
    """``data.aipolicy.main.decision`` as the real ``opa eval`` computes it."""
    policy_dir = policy_dir or ROOT / "policies"
    with tempfile.TemporaryDirectory() as tmp:
        input_file = Path(tmp) / "input.json"
        data_file = Path(tmp) / "data.json"
        input_file.write_text(json.dumps(facts))
        data_file.write_text(json.dumps(data))
        argv: list[str | Path] = [opa.path, "eval", "--format", "json", "-i", input_file]
        for source in rego_sources(policy_dir):
            argv += ["-d", policy_dir / source.name]
        argv += ["-d", data_file, "data.aipolicy.main.decision"]
        result = _subprocess.run(argv, timeout=60)
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    value: dict[str, Any] = output["result"][0]["expressions"][0]["value"]
    return value


def section_schema(key: str) -> dict[str, Any]:
    """The repo-facts schema of one top-level section, standalone (with the shared $defs)."""
    from aipolicy.validation import load_schema

    full = load_schema("repo-facts")
    return {
        "$schema": full["$schema"],
        "$defs": full.get("$defs", {}),
        **full["properties"][key],
    }


@pytest.fixture(scope="session")
def current_policy(opa: OpaBinary, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The policy as it is in policies/ now, compiled by the pinned opa (not the shipped
    bundle, which is regenerated separately and checked for staleness)."""
    from aipolicy.policy.bundle import read_bundle
    from aipolicy.policy.compile import build_bundle
    from aipolicy.policy.orgdata import load_org_data
    from aipolicy.policy.source import LoadedPolicy

    org = load_org_data(ROOT / "policies")
    assert org is not None
    out = tmp_path_factory.mktemp("current-policy") / "bundle.tar.gz"
    build_bundle(rego_sources(ROOT / "policies"), None, "current", out, opa=opa)
    return LoadedPolicy(
        read_bundle(out).wasm, {"org": org.document}, "current", "policies/", "policies/data"
    )


def findings_of(repo: Path, policy: Any, **kwargs: Any) -> set[tuple[str, str, int | None]]:
    """(rule, path, line) of every finding ``policy`` raises on the repository ``repo``."""
    from aipolicy.core import check

    decision = check(repo, policy, now=NOW, **kwargs).decision
    return {(f.rule, f.location.path, f.location.line) for f in decision.findings}
