"""End to end: the agent-hardening and MCP rules (AIP100-AIP129) on real fixture repositories."""

from __future__ import annotations

from typing import Any

from tests.conftest import FIXTURES, findings_of

REPOS = FIXTURES / "repos"


def agent_hardening(repo: str, policy: Any) -> set[tuple[str, str, int | None]]:
    """The findings of this family only (other families' rules fire on the same repos)."""
    return {f for f in findings_of(REPOS / repo, policy) if 100 <= int(f[0][3:]) <= 129}


def test_claude_code_settings_that_open_every_door(current_policy: Any) -> None:
    assert agent_hardening("rules-agent-hardening-claude", current_policy) == {
        ("AIP100", ".claude/settings.json", 4),  # defaultMode: bypassPermissions
        ("AIP101", ".claude/settings.local.json", 5),  # skipDangerousModePermissionPrompt
        ("AIP102", ".claude/settings.local.json", 3),  # allow: Bash
        ("AIP103", ".claude/settings.json", 8),  # allow: Bash(curl *)
        ("AIP104", ".claude/settings.json", 9),  # allow: WebFetch
        ("AIP106", ".claude/settings.json", None),  # no Read(./.env) deny rule
        ("AIP107", ".claude/settings.json", 5),  # disableBypassPermissionsMode: true
        ("AIP120", ".mcp.json", 8),  # scraper: not on the allowlist (github is)
        ("AIP123", ".claude/settings.json", 15),  # enableAllProjectMcpServers: true
    }


def test_gemini_and_codex_without_approvals_or_sandbox(current_policy: Any) -> None:
    assert agent_hardening("rules-agent-hardening-gemini-codex", current_policy) == {
        ("AIP102", ".gemini/settings.json", 8),  # tools.allowed: run_shell_command
        ("AIP110", ".gemini/settings.json", 2),  # autoAccept: true
        ("AIP111", ".gemini/settings.json", 4),  # defaultApprovalMode: yolo
        ("AIP112", ".gemini/settings.json", 7),  # tools.sandbox: false
        ("AIP115", ".codex/config.toml", 3),  # never + danger-full-access
        ("AIP122", ".gemini/settings.json", 11),  # MCP server trust: true
    }


def test_hardened_claude_code_settings_pass(current_policy: Any) -> None:
    assert agent_hardening("rules-agent-hardening-hardened", current_policy) == set()
