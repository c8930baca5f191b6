"""AI in CI rules (AIP200-AIP249) end to end: real workflows, collected and judged."""

from __future__ import annotations

from typing import Any

from tests.conftest import FIXTURES, findings_of

REPOS = FIXTURES / "repos"


def _ai_in_ci(repo: str, policy: Any) -> set[tuple[str, str, int | None]]:
    return {f for f in findings_of(REPOS / repo, policy) if 200 <= int(f[0][3:]) <= 249}


def test_github_agents_exposed_to_commenters_and_run_unattended(current_policy: Any) -> None:
    comment = ".github/workflows/claude-comment.yml"
    assert _ai_in_ci("rules-ai-in-ci-github", current_policy) == {
        # issue_comment, no author_association check, contents/pull-requests: write, NPM_TOKEN
        ("AIP200", comment, 16),
        ("AIP203", comment, 16),
        ("AIP204", comment, 16),
        # allowed_non_write_users: "*"
        ("AIP205", comment, 16),
        # `git push` after the agent's step
        ("AIP206", comment, 16),
        # codex exec --dangerously-bypass-approvals-and-sandbox
        ("AIP202", ".github/workflows/codex-nightly.yml", 15),
        # claude-guarded.yml (author_association check, read token, last step): nothing
    }


def test_gitlab_agent_with_auto_approval_and_a_later_section(current_policy: Any) -> None:
    assert _ai_in_ci("rules-ai-in-ci-gitlab", current_policy) == {
        ("AIP202", ".gitlab-ci.yml", 12),
        ("AIP206", ".gitlab-ci.yml", 12),
    }


def test_a_repository_without_ci_agents_has_no_ai_in_ci_findings(current_policy: Any) -> None:
    assert _ai_in_ci("ci-none", current_policy) == set()
