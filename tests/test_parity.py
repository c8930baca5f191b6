"""The embedded engine (OPA's Wasm, in-process) decides exactly as ``opa eval`` does."""

from __future__ import annotations

from pathlib import Path

import pytest

from aipolicy.collect import collect_facts
from aipolicy.core import evaluate
from aipolicy.opa import OpaBinary
from aipolicy.policy import load_policy
from tests.conftest import EXAMPLES, FIXTURES, NOW, opa_eval_decision

REPOS = sorted(p for p in EXAMPLES.iterdir() if p.is_dir()) + sorted(
    p for p in (FIXTURES / "repos").glob("*") if p.is_dir() and "manifest-" not in p.name
)


@pytest.mark.parametrize("repo", REPOS, ids=lambda p: f"{p.parent.name}/{p.name}")
@pytest.mark.parametrize("fail_on", ["high", "low"])
def test_embedded_decision_equals_opa_eval(repo: Path, fail_on: str, opa: OpaBinary) -> None:
    facts = collect_facts(repo, now=NOW, fail_on=fail_on).to_input()
    policy = load_policy()
    embedded = evaluate(facts, policy).raw
    assert embedded == opa_eval_decision(opa, facts, policy.data)


def test_parity_covers_the_examples() -> None:
    names = {p.name for p in REPOS}
    assert {"docs-site", "shadow-ai-service"} <= names
