"""End to end: the supply-chain rules (AIP400-AIP449) on real fixture repositories."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, findings_of

REPOS = FIXTURES / "repos"


def supply_chain(repo: Path, policy: Any) -> set[tuple[str, str, int | None]]:
    """(rule, path, line) of the supply-chain findings (AIP400-AIP449) only."""
    return {f for f in findings_of(repo, policy) if 400 <= int(f[0][3:]) <= 449}


def test_python_indexes_sources_and_hygiene(current_policy: Any) -> None:
    assert supply_chain(REPOS / "rules-supply-chain-python", current_policy) == {
        ("AIP400", "requirements.txt", 2),  # --extra-index-url https://pypi.org/simple
        ("AIP401", "requirements.txt", 3),  # --trusted-host
        ("AIP402", "services/billing/pyproject.toml", 7),  # index-strategy unsafe-best-match
        ("AIP404", "pyproject.toml", 11),  # supplemental internal source below PyPI
        ("AIP405", "requirements.txt", 6),  # example-corp-utils beside an extra index
        ("AIP405", "services/billing/pyproject.toml", 4),  # example-corp-ledger, unsafe strategy
        ("AIP407", "pyproject.toml", None),  # Poetry project without poetry.lock
        ("AIP408", "requirements.txt", 5),  # flask>=2.0,<3
        ("AIP409", "requirements.txt", 7),  # git dependency on a branch
    }


def test_node_scope_without_registry_mapping(current_policy: Any) -> None:
    assert supply_chain(REPOS / "rules-supply-chain-node", current_policy) == {
        ("AIP403", ".npmrc", 2),  # @other registry over plain HTTP
        ("AIP406", "package.json", 5),  # @example-corp has no registry mapping
        ("AIP407", "package.json", None),  # no package-lock.json
        ("AIP409", "package.json", 8),  # github:...#main without a lockfile
    }


@pytest.mark.parametrize("repo", ["rules-supply-chain-hardened"])
def test_hardened_repository_has_no_supply_chain_findings(repo: str, current_policy: Any) -> None:
    assert supply_chain(REPOS / repo, current_policy) == set()
