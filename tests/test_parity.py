"""The embedded engine (OPA's Wasm, in-process) decides exactly as ``opa eval`` does.

Every example and every fixture repository that is a valid repository (some fixtures
exist to hold an invalid manifest: those are checked to be exactly the ones named so).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aipolicy.collect import collect_facts
from aipolicy.core import evaluate
from aipolicy.errors import ConfigError
from aipolicy.opa import OpaBinary
from aipolicy.policy import load_policy
from tests.conftest import EXAMPLES, FIXTURES, NOW, opa_eval_decision

CANDIDATES = sorted(p for p in EXAMPLES.iterdir() if p.is_dir()) + sorted(
    p for p in (FIXTURES / "repos").glob("*") if p.is_dir()
)
INVALID_BY_DESIGN = re.compile(r"manifest-|malformed|invalid|bad-")


def _valid(repo: Path) -> bool:
    try:
        collect_facts(repo, now=NOW)
    except ConfigError:
        return False
    return True


VALID = [p for p in CANDIDATES if _valid(p)]


@pytest.mark.parametrize("repo", VALID, ids=lambda p: f"{p.parent.name}/{p.name}")
@pytest.mark.parametrize("fail_on", ["high", "low"])
def test_embedded_decision_equals_opa_eval(repo: Path, fail_on: str, opa: OpaBinary) -> None:
    facts = collect_facts(repo, now=NOW, fail_on=fail_on).to_input()
    policy = load_policy()
    embedded = evaluate(facts, policy).raw
    assert embedded == opa_eval_decision(opa, facts, policy.data)


def test_only_fixtures_meant_to_be_invalid_are_left_out() -> None:
    left_out = {p.name for p in CANDIDATES} - {p.name for p in VALID}
    assert all(INVALID_BY_DESIGN.search(name) for name in left_out), left_out
    assert {"docs-site", "shadow-ai-service"} <= {p.name for p in VALID}
    assert len(VALID) >= 10
