"""Parse error rules (AIP290-AIP299) end to end: files that do not parse are findings."""

from __future__ import annotations

from typing import Any

from tests.conftest import FIXTURES, findings_of

REPOS = FIXTURES / "repos"


def _parse_errors(repo: str, policy: Any) -> set[tuple[str, str, int | None]]:
    return {f for f in findings_of(REPOS / repo, policy) if 290 <= int(f[0][3:]) <= 299}


def test_unreadable_agent_configs_are_high_and_workflows_medium(current_policy: Any) -> None:
    assert _parse_errors("rules-parse-errors-broken", current_policy) == {
        ("AIP290", ".claude/settings.json", 4),
        ("AIP290", ".mcp.json", 3),
        ("AIP291", ".github/workflows/ci.yml", 3),
    }


def test_repository_whose_files_all_parse_has_no_parse_error_findings(
    current_policy: Any,
) -> None:
    assert _parse_errors("rules-ai-in-ci-github", current_policy) == set()
