"""Org data: merged from YAML files, validated, errors at file:line."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from aipolicy.errors import ConfigError
from aipolicy.policy.orgdata import load_org_data
from tests.conftest import FIXTURES, ROOT, findings_of

DEFAULT = (ROOT / "policies" / "data" / "org-policy.yaml").read_text()


def test_default_org_data_is_valid() -> None:
    org = load_org_data(ROOT / "policies")
    assert org is not None
    assert [c["id"] for c in org.document["classifications"]] == [
        "public",
        "internal",
        "confidential",
        "restricted",
    ]
    assert {"claude-code", "copilot", "cursor", "gemini", "codex"} <= set(org.document["tools"])


def test_data_may_be_split_across_files(tmp_path: Path) -> None:
    head, _, inventory = DEFAULT.partition("\ninventory:")
    (tmp_path / "a-org.yaml").write_text(head)
    (tmp_path / "b-inventory.yaml").write_text("inventory:" + inventory)
    org = load_org_data(tmp_path)
    assert org is not None
    assert len(org.document["inventory"]) == 2
    assert [p.name for p in org.files] == ["a-org.yaml", "b-inventory.yaml"]


def test_errors_point_into_the_file_that_set_the_key(tmp_path: Path) -> None:
    head, _, _ = DEFAULT.partition("\ninventory:")
    (tmp_path / "a-org.yaml").write_text(head)
    (tmp_path / "b-inventory.yaml").write_text(
        "# inventory\ninventory:\n  - repository: github.com/x/y\n    classification: internal\n"
        "    colour: blue\n"
    )
    with pytest.raises(ConfigError) as caught:
        load_org_data(tmp_path)
    assert "b-inventory.yaml:5: inventory[0]: Additional properties are not allowed" in str(
        caught.value.diagnostics()
    )


def test_a_key_set_in_two_files_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(DEFAULT)
    (tmp_path / "b.yaml").write_text("\ntools: {}\n")
    with pytest.raises(ConfigError, match=r"b.yaml:2: 'tools' is already set in .*a.yaml"):
        load_org_data(tmp_path)


def test_missing_required_key_names_it(tmp_path: Path) -> None:
    (tmp_path / "org.yaml").write_text(DEFAULT.replace("default_classification: internal\n", ""))
    with pytest.raises(ConfigError, match="'default_classification' is required"):
        load_org_data(tmp_path)


def test_duplicate_classification_ids_are_rejected(tmp_path: Path) -> None:
    (tmp_path / "org.yaml").write_text(DEFAULT.replace("  - id: internal", "  - id: public"))
    with pytest.raises(ConfigError, match=r"classifications\[1\].id: 'public' is defined twice"):
        load_org_data(tmp_path)


def test_a_directory_without_yaml_has_no_org_data(tmp_path: Path) -> None:
    (tmp_path / "rule.rego").write_text("package x\n")
    assert load_org_data(tmp_path) is None


def _with_example_paths(count: int) -> str:
    paths = ", ".join(f'"area{i}/**"' for i in range(count))
    return DEFAULT.replace('paths: ["docs/**"', f'paths: [{paths}, "docs/**"', 1)


def test_more_glob_patterns_than_the_engine_can_hold_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "org.yaml").write_text(_with_example_paths(40))
    with pytest.raises(ConfigError) as caught:
        load_org_data(tmp_path)
    text = caught.value.diagnostics()
    assert "distinct glob patterns" in text and "at most 30" in text
    assert "docs/**" in text  # the hint says how to merge them


def test_the_glob_budget_leaves_room_for_every_shipped_rule(
    tmp_path: Path, current_policy: Any
) -> None:
    """At the limit, a repository that makes most rule families run is still evaluated."""
    from aipolicy.policy.orgdata import MAX_ORG_GLOBS, org_glob_patterns

    (tmp_path / "base").mkdir()
    (tmp_path / "base" / "org.yaml").write_text(DEFAULT)
    default = load_org_data(tmp_path / "base")
    assert default is not None
    room = MAX_ORG_GLOBS - len(org_glob_patterns(default.document))
    (tmp_path / "org.yaml").write_text(_with_example_paths(room))
    org = load_org_data(tmp_path)
    assert org is not None
    assert len(org_glob_patterns(org.document)) == MAX_ORG_GLOBS
    policy = dataclasses.replace(current_policy, data={"org": org.document})
    for repo in (
        "rules-agent-hardening-claude",
        "ciinj-issue-title",
        "hooks-dangerous",
        "perms-broad",
        "instr-injection",
        "mcp-secret-args",
        "rules-sandbox-containers",
        "rules-supply-chain-node",
        "rules-ai-in-ci-github-output",
    ):
        assert findings_of(FIXTURES / "repos" / repo, policy), repo
