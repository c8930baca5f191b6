"""End to end: the human review, security testing and sandbox rules (AIP300-AIP349)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import FIXTURES, findings_of

REPOS = FIXTURES / "repos"


def family_findings(repo: Path, policy: Any) -> set[tuple[str, str, int | None]]:
    """(rule, path, line) of this family's findings only (other families fire too)."""
    return {f for f in findings_of(repo, policy) if f[0].startswith("AIP3") and f[0] < "AIP350"}


def test_internal_library_with_partial_review_and_local_secret_scanning(
    current_policy: Any,
) -> None:
    assert family_findings(REPOS / "rules-review-gaps", current_policy) == {
        # CODEOWNERS owns /docs/ and /src/billing/ only: no catch-all owner.
        ("AIP301", ".github/CODEOWNERS", None),
        # No pull request template while Claude Code is in use.
        ("AIP302", ".", None),
        # gitleaks runs only as a pre-commit hook, not on pull requests.
        ("AIP311", ".pre-commit-config.yaml", 5),
        # SAST, DAST and a sandbox are not required at 'internal'.
    }


def test_confidential_web_service_with_manual_scans_only(current_policy: Any) -> None:
    assert family_findings(REPOS / "rules-security-testing-web", current_policy) == {
        ("AIP300", ".", None),
        ("AIP302", ".", None),
        # semgrep runs only on workflow_dispatch: named at its step.
        ("AIP310", ".github/workflows/semgrep.yml", 6),
        # No secret scanner at all.
        ("AIP311", ".", None),
        # ZAP runs only on workflow_dispatch.
        ("AIP312", ".github/workflows/dast.yml", 10),
        # Copilot in use, no dev container and no assistant sandbox.
        ("AIP330", ".", None),
    }


def test_reference_sandbox_passes_and_unsafe_containers_are_reported(
    current_policy: Any,
) -> None:
    assert family_findings(REPOS / "rules-sandbox-containers", current_policy) == {
        # .devcontainer/devcontainer.json is the Claude Code reference design: its firewall
        # is the sandbox, and the NET_ADMIN it adds for it is no finding.
        ("AIP331", ".devcontainer/docker/devcontainer.json", 6),
        ("AIP332", ".devcontainer/docker/devcontainer.json", 4),
        ("AIP333", ".devcontainer/docker/devcontainer.json", 7),
        ("AIP334", ".devcontainer/docker/devcontainer.json", 5),
        ("AIP335", ".devcontainer/docker/devcontainer.json", 4),
        # The agent's compose service mounts the Docker socket.
        ("AIP333", "compose.agent.yaml", 5),
    }


def test_repository_without_assistants_needs_no_review_or_sandbox(current_policy: Any) -> None:
    # Internal by default: only secret scanning, which does not depend on assistants.
    assert family_findings(REPOS / "no-assistants", current_policy) == {("AIP311", ".", None)}
