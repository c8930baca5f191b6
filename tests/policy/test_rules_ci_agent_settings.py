"""End to end: AI agent settings in CI (AIP240-AIP249) on a real workflow."""

from __future__ import annotations

from typing import Any

from tests.conftest import FIXTURES, findings_of


def test_unsafe_agent_settings_in_ci_are_each_reported(current_policy: Any) -> None:
    found = {
        f
        for f in findings_of(FIXTURES / "repos" / "ciagent-settings", current_policy)
        if 240 <= int(f[0][3:]) <= 249
    }
    workflow = ".github/workflows/agents.yml"
    assert found == {
        ("AIP240", workflow, 11),  # claude: Bash(*)
        ("AIP241", workflow, 20),  # codex: sandbox danger-full-access
        ("AIP242", workflow, 20),  # codex: allow-users "*"
        ("AIP241", workflow, 30),  # gemini: settings sandbox false
    }
