"""Agent permission depth rules (AIP180-AIP199) end to end: real settings files, collected and
judged."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import FIXTURES, NOW, findings_of

REPOS = FIXTURES / "repos"


def _permissions(repo: str, policy: Any) -> set[tuple[str, str, int | None]]:
    return {f for f in findings_of(REPOS / repo, policy) if 180 <= int(f[0][3:]) <= 199}


def test_broad_permissions_in_every_settings_file(current_policy: Any) -> None:
    # Deny and ask lists in the same files (Bash(sudo:*), Read(~/.ssh/**), ...) are not
    # reported; neither are Bash(npm run test *), Bash(git status), Edit(src/**),
    # ../shared-lib or DISABLE_TELEMETRY. Deny and ask win over allow in Claude Code, across
    # its settings files: Bash(sudo apt-get install:*) is denied by Bash(sudo:*), and
    # settings.local.json's Bash(git reset --hard:*) is asked for by settings.json.
    claude, local = ".claude/settings.json", ".claude/settings.local.json"
    assert _permissions("perms-broad", current_policy) == {
        ("AIP182", claude, 9),  # Bash(git push:*) allows git push --force
        ("AIP182", claude, 10),  # Bash(rm -rf:*)
        ("AIP183", claude, 12),  # Bash(chmod:*)
        ("AIP183", claude, 13),  # Bash(docker run:*) allows --privileged
        ("AIP180", claude, 14),  # Write
        ("AIP181", claude, 16),  # Edit(~/.zshrc)
        ("AIP184", claude, 17),  # Read(~/.aws/**)
        ("AIP185", claude, 18),  # Read(**/.env)
        ("AIP185", claude, 19),  # Bash(printenv:*)
        ("AIP186", claude, 23),  # additionalDirectories: ~/
        ("AIP187", claude, 26),  # ANTHROPIC_BASE_URL
        ("AIP188", claude, 27),  # NODE_TLS_REJECT_UNAUTHORIZED
        ("AIP180", local, 4),  # Edit(**)
        ("AIP184", local, 5),  # Read(//etc/**)
        ("AIP187", local, 9),  # HTTPS_PROXY
        ("AIP180", ".gemini/settings.json", 3),  # tools.allowed: write_file
        ("AIP182", ".gemini/settings.json", 3),  # tools.allowed: run_shell_command(git)
        ("AIP186", ".codex/config.toml", 6),  # writable_roots: /Users/alice
        ("AIP187", "docs/claude/managed-settings.json", 2),  # CLAUDE_CODE_USE_BEDROCK
        ("AIP182", "docs/claude/managed-settings.json", 3),  # Bash(git push --force:*)
    }


def test_sample_settings_under_docs_are_examples(current_policy: Any) -> None:
    from aipolicy.core import check

    decision = check(REPOS / "perms-broad", current_policy, now=NOW).decision
    judged = {
        (f.rule, f.severity, f.context)
        for f in decision.findings
        if f.location.path == "docs/claude/managed-settings.json"
    }
    # Two steps lower than in the project's own settings (medium -> info, high -> low).
    assert judged == {("AIP187", "info", "example"), ("AIP182", "low", "example")}


@pytest.mark.parametrize(
    "repo",
    [
        "rules-agent-hardening-hardened",
        "rules-agent-hardening-claude",
        "rules-agent-hardening-gemini-codex",
        "mcp-hardened",
        "hardened-confidential",
        "hardened-restricted",
        "plugins-hardened",
        "agentcfg-none",
    ],
)
def test_hardened_and_narrow_settings_have_no_permission_findings(
    repo: str, current_policy: Any
) -> None:
    # Scoped allow rules (Bash(npm run test *), WebFetch(domain:...)), deny and ask lists;
    # the agent-hardening fixtures' own problems are AIP100-AIP118's, not reported twice.
    assert _permissions(repo, current_policy) == set()
