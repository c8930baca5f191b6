"""End to end: the secrets and context-exclusion rules (AIP500-AIP549) on real repositories."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import FIXTURES, findings_of

REPOS = FIXTURES / "repos"


def family_findings(repo: Path, policy: Any) -> set[tuple[str, str, int | None]]:
    """(rule, path, line) of this family's findings only (other families fire too)."""
    return {f for f in findings_of(repo, policy) if f[0].startswith("AIP5")}


def test_secrets_partly_excluded_from_claude_code_and_cursor(current_policy: Any) -> None:
    assert family_findings(REPOS / "rules-secrets-exposed", current_policy) == {
        # .env: denied to Claude Code, excluded by Cursor's default: committed, not exposed.
        ("AIP501", ".env", None),
        # secrets/.netrc: denied and ignored: a committed credential, not exposed.
        ("AIP500", "secrets/.netrc", None),
        # Neither tool excludes these: exposed, at the first content match.
        ("AIP502", "deploy/id_ed25519", 1),
        ("AIP502", "scripts/release.sh", 3),
        # data/customers/ is ignored by Cursor, not denied to Claude Code; exports/ is both.
        ("AIP520", ".aipolicy.yaml", 12),
    }


def test_assistants_without_exclusion_mechanism_read_everything(current_policy: Any) -> None:
    assert family_findings(REPOS / "rules-secrets-no-mechanism", current_policy) == {
        ("AIP502", "config/.env.production", None),
        ("AIP520", ".aipolicy.yaml", 12),
    }


def test_repository_without_secrets_or_data_paths_has_none(current_policy: Any) -> None:
    assert family_findings(REPOS / "no-assistants", current_policy) == set()


def test_placeholders_are_recorded_and_real_keys_judged(current_policy: Any) -> None:
    found = {
        f
        for f in findings_of(FIXTURES / "repos" / "secrets-placeholders", current_policy)
        if f[0].startswith("AIP5")
    }
    assert found == {
        ("AIP504", "src/config_example.py", 2),
        ("AIP502", "src/settings.py", 3),  # Claude Code is in use and nothing excludes it
    }
