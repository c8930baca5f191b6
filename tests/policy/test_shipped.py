"""The shipped bundle is the compiled form of policies/, and nothing else."""

from __future__ import annotations

import shutil
from pathlib import Path

from aipolicy.policy.bundle import read_bundle
from aipolicy.policy.compile import policy_revision
from aipolicy.policy.orgdata import load_org_data
from aipolicy.policy.shipped import expected_revision, shipped_revision
from aipolicy.resources import SHIPPED_BUNDLE
from tests.conftest import ROOT


def test_shipped_bundle_is_not_stale() -> None:
    # The manifest revision is the content hash of policies/ (Rego and org data).
    assert shipped_revision() == expected_revision(), (
        "toolkit/aipolicy/_bundle is stale: run `python -m aipolicy.policy.shipped` and commit it"
    )


def test_shipped_bundle_carries_the_default_org_data() -> None:
    org = load_org_data(ROOT / "policies")
    assert org is not None
    assert read_bundle(SHIPPED_BUNDLE).data == {"org": org.document}


def test_revision_changes_with_any_rule_or_data(tmp_path: Path) -> None:
    copy = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", copy)
    base = policy_revision(copy)
    rule = copy / "rules" / "tools" / "tools.rego"
    rule.write_text(rule.read_text() + "\n# a comment is a change too\n")
    after_rule = policy_revision(copy)
    data = copy / "data" / "org-policy.yaml"
    data.write_text(
        data.read_text().replace("max_classification: internal", "max_classification: public", 1)
    )
    after_data = policy_revision(copy)
    assert len({base, after_rule, after_data}) == 3


def test_revision_ignores_rego_tests(tmp_path: Path) -> None:
    copy = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", copy)
    base = policy_revision(copy)
    (copy / "main" / "main_test.rego").write_text("package aipolicy.main_test\n")
    assert policy_revision(copy) == base
