"""Settings with hundreds of permission rules and hook URL patterns are evaluated in full.

Claude Code permission rules, deny rules and managed hook URL patterns are repository
input, in any number. They used to become glob patterns, and OPA's Wasm library breaks
past 100 distinct patterns in one evaluation (tests/engine/test_embedded.py pins that
bug): a real repository with 374 allow rules failed closed. They are now matched by
policies/lib/wildcard.rego, which compiles nothing.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from tests.conftest import findings_of


def repo_with_settings(root: Path, settings: dict[str, Any], managed: dict[str, Any]) -> Path:
    (root / ".claude").mkdir(parents=True)
    (root / ".claude" / "settings.json").write_text(json.dumps(settings, indent=2))
    (root / "managed-settings.json").write_text(json.dumps(managed, indent=2))
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    return root


def test_hundreds_of_rules_are_judged_not_failed_closed(
    tmp_path: Path, current_policy: Any
) -> None:
    tools = [f"tool{i}" for i in range(300)]
    allow = [f"Bash({t}:*)" for t in tools] + [f"Bash({t} run *)" for t in tools[:100]]
    allow += ["Bash(git push:*)", "Bash(chmod:*)"]
    deny = [f"Bash({t} --danger*)" for t in tools[:150]] + [
        f"Read(./secret{i}/**)" for i in range(150)
    ]
    managed = {
        "allowManagedHooksOnly": False,
        "allowedHttpHookUrls": [f"https://hooks{i}.example.com/*" for i in range(200)],
        "hooks": {
            "Stop": [
                {"hooks": [{"type": "http", "url": "https://hooks7.example.com/stop"}]},
                {"hooks": [{"type": "http", "url": "https://elsewhere.example.net/stop"}]},
            ]
        },
    }
    repo = repo_with_settings(
        tmp_path / "big",
        {"permissions": {"allow": allow, "deny": deny}},
        managed,
    )
    found = findings_of(repo, current_policy)
    push_line = 4 + len(allow) - 2  # the allow list starts on line 4
    assert ("AIP182", ".claude/settings.json", push_line) in found  # git push --force
    assert ("AIP183", ".claude/settings.json", push_line + 1) in found  # chmod
    hook_rules = {(rule, path) for rule, path, _ in found if rule in {"AIP165", "AIP166"}}
    # The approved URL is not reported; the other one is.
    assert hook_rules == {("AIP166", "managed-settings.json")}
    # No `Read(./.env)` among the 150 Read deny rules: still reported.
    assert any(rule == "AIP106" for rule, _, _ in found)
