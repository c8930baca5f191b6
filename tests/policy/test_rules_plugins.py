"""Plugin rules (AIP150-AIP159) end to end: real settings files, collected and judged
with the example org data (policies/data/org-policy.yaml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aipolicy.collect import collect_facts
from aipolicy.collect.plugins import PluginsCollector
from aipolicy.collect.repo import Repo
from aipolicy.engine import create_engine
from tests.conftest import FIXTURES, NOW

REPOS = FIXTURES / "repos"


def _facts(repo: Path) -> dict[str, Any]:
    """The repo-facts input with the plugins section, whether or not Facts carries it yet."""
    facts = collect_facts(repo, now=NOW).to_input()
    facts["plugins"] = PluginsCollector().collect(Repo(repo)).to_json()
    return facts


def _plugins(repo: str, policy: Any) -> set[tuple[str, str, int | None]]:
    decision = create_engine("embedded", policy).evaluate(_facts(REPOS / repo))
    return {
        (f["rule"], f["location"]["path"], f["location"].get("line"))
        for f in decision["findings"]
        if 150 <= int(f["rule"][3:]) <= 159
    }


def test_unlisted_plugins_and_marketplaces_are_reported(current_policy: Any) -> None:
    settings = ".claude/settings.json"
    assert _plugins("plugins-claude", current_policy) == {
        # deploy-helper@team-tools, shell-tricks@community-market (old-thing is disabled)
        ("AIP150", settings, 5),
        ("AIP150", settings, 6),
        # my-experiment, enabled in the personal settings file
        ("AIP150", ".claude/settings.local.json", 3),
        # team-tools is sourced from anthropics/claude-code, which is allowed: not reported
        ("AIP151", settings, 13),  # community-market: someone/agent-plugins
        ("AIP151", settings, 16),  # local-dev
        ("AIP152", settings, 16),  # ... from a local directory
        ("AIP151", settings, 19),  # mirror
        ("AIP152", settings, 19),  # ... over plain http
    }


def test_allowed_plugins_and_marketplaces_pass(current_policy: Any) -> None:
    # Allowed by id and by marketplace name, a git URL equal to an allowed GitHub repo, a
    # disabled plugin, and a managed strictKnownMarketplaces list (protection, not risk).
    assert _plugins("plugins-hardened", current_policy) == set()


def test_repositories_without_plugins_have_no_plugin_findings(current_policy: Any) -> None:
    assert _plugins("no-assistants", current_policy) == set()
    assert _plugins("rules-agent-hardening-claude", current_policy) == set()


def test_messages_name_the_file_the_plugin_and_the_source(current_policy: Any) -> None:
    decision = create_engine("embedded", current_policy).evaluate(_facts(REPOS / "plugins-claude"))
    messages = {f["message"] for f in decision["findings"] if f["rule"] in {"AIP151", "AIP152"}}
    assert messages >= {
        ".claude/settings.json adds plugin marketplace 'mirror' "
        "(url http://plugins.example.com/marketplace.json), "
        "which is not on the organisation's allowlist",
        ".claude/settings.json adds plugin marketplace 'local-dev' "
        "from a local directory (./tools/marketplace)",
    }
