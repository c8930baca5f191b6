"""The Rego is clean and its unit tests pass under the real, pinned opa."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from aipolicy import _subprocess
from aipolicy.opa import OPA_VERSION, OpaBinary
from tests.conftest import FIXTURES, ROOT

POLICIES = ROOT / "policies"


def test_the_pinned_opa_is_the_one_used(opa: OpaBinary) -> None:
    assert opa.version == OPA_VERSION


def test_rego_unit_tests_pass(opa: OpaBinary) -> None:
    result = _subprocess.run([opa.path, "test", "--format", "json", POLICIES], timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    outcomes = json.loads(result.stdout)
    assert len(outcomes) >= 30
    assert all("fail" not in o and "error" not in o for o in outcomes)


def test_a_broken_rule_makes_the_rego_tests_fail(tmp_path: Path, opa: OpaBinary) -> None:
    copy = tmp_path / "policies"
    shutil.copytree(POLICIES, copy)
    rule = copy / "rules" / "tools" / "tools.rego"
    rule.write_text(rule.read_text().replace('== "prohibited"', '== "forbidden"', 1))
    result = _subprocess.run([opa.path, "test", copy], timeout=120)
    assert result.returncode != 0
    assert "test_prohibited_tool_is_reported" in result.stdout


def test_rego_is_strict_clean_and_formatted(opa: OpaBinary) -> None:
    check = _subprocess.run([opa.path, "check", "--strict", POLICIES], timeout=60)
    assert check.returncode == 0, check.stdout + check.stderr
    fmt = _subprocess.run([opa.path, "fmt", "--list", POLICIES], timeout=60)
    assert fmt.stdout.strip() == "", f"run `opa fmt -w policies`: {fmt.stdout}"


def test_every_rule_file_has_tests_beside_it() -> None:
    for tree in (POLICIES, FIXTURES / "policies" / "extra-rule"):
        for rego in tree.rglob("*.rego"):
            if not rego.name.endswith("_test.rego"):
                assert rego.with_name(rego.stem + "_test.rego").is_file(), rego


def test_every_rule_carries_complete_metadata(opa: OpaBinary) -> None:
    result = _subprocess.run(
        [opa.path, "inspect", "--annotations", "--format", "json", POLICIES], timeout=60
    )
    assert result.returncode == 0, result.stderr
    annotations = json.loads(result.stdout)["annotations"]
    rules = [a for a in annotations if a["annotations"].get("scope") == "rule"]
    ids = [a["annotations"]["custom"]["id"] for a in rules]
    assert len(ids) == len(set(ids)) >= 8
    for entry in rules:
        meta = entry["annotations"]
        assert meta.get("title") and meta.get("description"), entry["location"]
        assert set(meta["custom"]) >= {
            "id",
            "severity",
            "remediation",
            "risk",
            "cwe",
            "owasp",
            "evidence",
        }, entry["location"]


def test_the_docs_list_every_rule(opa: OpaBinary) -> None:
    result = _subprocess.run(
        [opa.path, "inspect", "--annotations", "--format", "json", POLICIES], timeout=60
    )
    annotations = json.loads(result.stdout)["annotations"]
    ids = {
        a["annotations"]["custom"]["id"]
        for a in annotations
        if a["annotations"].get("scope") == "rule"
    }
    page = (ROOT / "docs" / "policy-model.md").read_text()
    assert sorted(i for i in ids if f"| {i} |" not in page) == []


def test_taxonomy_metadata_is_well_formed(opa: OpaBinary) -> None:
    result = _subprocess.run(
        [opa.path, "inspect", "--annotations", "--format", "json", POLICIES], timeout=60
    )
    rules = [
        a["annotations"]
        for a in json.loads(result.stdout)["annotations"]
        if a["annotations"].get("scope") == "rule"
    ]
    for meta in rules:
        custom = meta["custom"]
        for key in ("cwe", "owasp", "evidence"):
            values = custom[key] if isinstance(custom[key], list) else [custom[key]]
            assert all(isinstance(v, str) for v in values), (custom["id"], key, values)
        cwes = custom["cwe"] if isinstance(custom["cwe"], list) else [custom["cwe"]]
        assert all(re.fullmatch(r"CWE-\d+", c) for c in cwes), (custom["id"], cwes)
        owasp = custom["owasp"] if isinstance(custom["owasp"], list) else [custom["owasp"]]
        assert all(re.fullmatch(r"(LLM\d\d:2025|ASI\d\d:2026)", o) for o in owasp), (
            custom["id"],
            owasp,
        )
