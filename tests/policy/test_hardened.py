"""Hardened repositories pass with no finding at all: the rules judge context, so
protection (deny lists, blocking hooks, pinned servers, sandboxes) is never reported."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import FIXTURES, findings_of


@pytest.mark.parametrize("name", ["hardened-confidential", "hardened-restricted"])
def test_hardened_repository_has_no_findings(name: str, current_policy: Any) -> None:
    assert findings_of(FIXTURES / "repos" / name, current_policy, fail_on="info") == set()
