"""The agentic docs list every rule of their packages, and the comparison cites real ids."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from aipolicy.opa import OpaBinary
from tests.conftest import ROOT

DOCS = ROOT / "docs"

PAGES = {
    "mcp": "agentic/mcp.md",
    "mcp_hygiene": "agentic/mcp.md",
    "ai_in_ci": "agentic/ci.md",
    "ci_injection": "agentic/ci.md",
    "ci_agent_settings": "agentic/ci.md",
    "instructions": "agentic/instructions.md",
    "plugins": "agentic/plugins.md",
    "hooks": "agentic/hooks.md",
    "permissions": "agentic/permissions.md",
}
"""Rule package (the folder under policies/rules) and the page that documents it."""

RULE_ID = re.compile(r"\bAIP\d{3}\b")


@pytest.fixture(scope="module")
def rule_ids(opa: OpaBinary) -> dict[str, str]:
    """Every rule id in policies/, with its package folder, as ``opa inspect`` reads them."""
    result = subprocess.run(
        [str(opa.path), "inspect", "--annotations", "--format", "json", str(ROOT / "policies")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    found: dict[str, str] = {}
    for entry in json.loads(result.stdout)["annotations"]:
        rule_id = (entry["annotations"].get("custom") or {}).get("id")
        if rule_id is None:
            continue
        parts = Path(entry["location"]["file"]).parts
        if "rules" in parts:
            found[rule_id] = parts[parts.index("rules") + 1]
    assert found, "no rule METADATA found"
    return found


def test_every_agentic_rule_is_on_its_page(rule_ids: dict[str, str]) -> None:
    for package, page in PAGES.items():
        ids = sorted(i for i, p in rule_ids.items() if p == package)
        assert ids, f"no rules in package {package}"
        text = (DOCS / page).read_text(encoding="utf-8")
        missing = [i for i in ids if f"## {i}\n" not in text]
        assert not missing, f"{page} has no section for {missing}"


def test_agentic_pages_cite_only_their_own_rules(rule_ids: dict[str, str]) -> None:
    for page in set(PAGES.values()):
        own = {i for i, p in rule_ids.items() if PAGES.get(p) == page}
        sections = set(re.findall(r"^## (AIP\d{3})$", (DOCS / page).read_text(), re.MULTILINE))
        assert sections == own, page


def test_agentic_index_links_every_page() -> None:
    text = (DOCS / "agentic/index.md").read_text(encoding="utf-8")
    for page in set(PAGES.values()):
        assert f"({Path(page).name}" in text, page
    assert "context: example" in text


def test_comparison_cites_only_existing_rules(rule_ids: dict[str, str]) -> None:
    page = DOCS / "comparison.md"
    assert page.is_file()
    cited = set(RULE_ID.findall(page.read_text(encoding="utf-8")))
    assert cited, "the comparison cites no aipolicy rule"
    unknown = sorted(cited - set(rule_ids))
    assert not unknown, f"comparison.md cites rules that do not exist: {unknown}"


def test_comparison_pages_are_in_the_nav() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for page in ["comparison.md", "agentic/index.md", *PAGES.values()]:
        assert page in nav, page
