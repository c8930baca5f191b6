"""Plugins: enabledPlugins, extraKnownMarketplaces, strictKnownMarketplaces and skill folders."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from aipolicy.collect.parse import ParseError
from aipolicy.collect.plugins import (
    EnabledPlugin,
    Marketplace,
    MarketplaceSource,
    PluginFacts,
    PluginsCollector,
    PluginSettingsFile,
    Skill,
    SourceEntry,
    StrictMarketplaces,
)
from aipolicy.collect.repo import Repo
from tests.conftest import section_schema

REPOS = Path(__file__).resolve().parents[1] / "fixtures" / "repos"


def collect(path: Path) -> PluginFacts:
    return PluginsCollector().collect(Repo(path))


def github(repo: str) -> MarketplaceSource:
    return MarketplaceSource("github", repo, None, None, None, None, None)


def plugin(path: str, scope: str, line: int, key: str, enabled: bool | None) -> EnabledPlugin:
    name, _, market = key.rpartition("@") if "@" in key else (key, "", "")
    return EnabledPlugin("claude-code", path, scope, line, key, name, market or None, enabled, None)


def test_enabled_plugins_and_marketplaces_are_recorded_as_written() -> None:
    facts = collect(REPOS / "plugins-claude")
    settings, local = ".claude/settings.json", ".claude/settings.local.json"
    assert facts.settings_files == (
        PluginSettingsFile("claude-code", settings, "project", False, None),
        PluginSettingsFile("claude-code", local, "local", False, None),
    )
    assert facts.enabled_plugins == (
        plugin(settings, "project", 4, "commit-commands@claude-plugins-official", True),
        plugin(settings, "project", 5, "deploy-helper@team-tools", True),
        plugin(settings, "project", 6, "shell-tricks@community-market", True),
        plugin(settings, "project", 7, "old-thing@community-market", False),
        plugin(local, "local", 3, "my-experiment", True),
    )
    assert facts.marketplaces == (
        Marketplace(
            "claude-code",
            settings,
            "project",
            10,
            "team-tools",
            github("anthropics/claude-code"),
            None,
        ),
        Marketplace(
            "claude-code",
            settings,
            "project",
            13,
            "community-market",
            github("someone/agent-plugins"),
            None,
        ),
        Marketplace(
            "claude-code",
            settings,
            "project",
            16,
            "local-dev",
            MarketplaceSource("directory", None, None, "./tools/marketplace", None, None, None),
            None,
        ),
        Marketplace(
            "claude-code",
            settings,
            "project",
            19,
            "mirror",
            MarketplaceSource(
                "url", None, "http://plugins.example.com/marketplace.json", None, None, None, None
            ),
            None,
        ),
    )


def test_no_credential_or_query_string_of_a_marketplace_url_is_recorded() -> None:
    text = json.dumps(collect(REPOS / "plugins-claude").to_json())
    assert "user:pass" not in text
    assert "token=abc" not in text


def test_strict_known_marketplaces_of_a_managed_file() -> None:
    facts = collect(REPOS / "plugins-hardened")
    assert facts.settings_files[1] == PluginSettingsFile(
        "claude-code",
        "ops/managed-settings.json",
        "managed",
        False,
        StrictMarketplaces(
            2,
            (
                SourceEntry(3, github("anthropics/claude-plugins-official")),
                SourceEntry(
                    4,
                    MarketplaceSource(
                        "hostPattern", None, None, None, None, None, r"^github\.example\.com$"
                    ),
                ),
            ),
        ),
    )


def test_skills_are_inventoried_with_front_matter_and_scripts() -> None:
    facts = collect(REPOS / "plugins-claude")
    assert facts.skills == (
        Skill(
            ".agents/skills",
            ".agents/skills/lint",
            ".agents/skills/lint/SKILL.md",
            2,
            True,
            "lint",
            "Lint the code base with the project's own settings.",
            3,
            (),
        ),
        Skill(
            ".claude/skills",
            ".claude/skills/release",
            ".claude/skills/release/SKILL.md",
            2,
            True,
            "release",
            "Cut a release of this package and publish the changelog.",
            3,
            (".claude/skills/release/scripts/release.sh",),
        ),
        Skill(
            ".github/skills",
            ".github/skills/broken",
            ".github/skills/broken/SKILL.md",
            1,
            False,
            None,
            None,
            None,
            (),
        ),
    )
    assert facts.parse_errors == (
        ParseError(
            ".github/skills/broken/SKILL.md",
            3,
            "front matter: expected ',' or ']', but got '<stream end>'",
        ),
    )


def _write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return root


def test_odd_values_are_kept_without_guessing(tmp_path: Path) -> None:
    settings = {
        "enabledPlugins": {"a@m": ["1.0.0", "1.1.0"], "b@m": "yes"},
        "extraKnownMarketplaces": {"bare": {}, "odd": {"source": {"source": 3}, "autoUpdate": 1}},
        "strictKnownMarketplaces": [],
    }
    repo = _write(tmp_path, {".claude/settings.json": json.dumps(settings, indent=1)})
    facts = collect(repo)
    assert [(p.id, p.enabled, p.versions) for p in facts.enabled_plugins] == [
        ("a@m", True, ("1.0.0", "1.1.0")),
        ("b@m", None, None),
    ]
    assert [(m.name, m.source, m.auto_update) for m in facts.marketplaces] == [
        ("bare", None, None),
        ("odd", MarketplaceSource(None, None, None, None, None, None, None), None),
    ]
    assert facts.settings_files[0].strict_known_marketplaces == StrictMarketplaces(18, ())


def test_a_settings_file_that_does_not_parse_is_listed_with_its_error(tmp_path: Path) -> None:
    repo = _write(tmp_path, {".claude/settings.json": '{"enabledPlugins": {'})
    facts = collect(repo)
    assert facts.settings_files == (
        PluginSettingsFile("claude-code", ".claude/settings.json", "project", True, None),
    )
    assert facts.enabled_plugins == ()
    assert [e.path for e in facts.parse_errors] == [".claude/settings.json"]


def test_skill_without_front_matter_and_nested_skills(tmp_path: Path) -> None:
    repo = _write(
        tmp_path,
        {
            "pkg/.claude/skills/x/SKILL.md": "# no front matter\n",
            ".claude/skills/notes.md": "not a skill folder\n",
            ".claude/skills/y/SKILL.md": "---\nname: y\n",  # never closed
        },
    )
    assert [(s.path, s.root, s.front_matter, s.name) for s in collect(repo).skills] == [
        (".claude/skills/y/SKILL.md", ".claude/skills", False, None),
        ("pkg/.claude/skills/x/SKILL.md", "pkg/.claude/skills", False, None),
    ]


def test_a_repository_without_plugins_has_an_empty_section() -> None:
    assert collect(REPOS / "no-assistants").to_json() == {
        "settings_files": [],
        "enabled_plugins": [],
        "marketplaces": [],
        "skills": [],
    }


@pytest.mark.parametrize("repo", ["plugins-claude", "plugins-hardened", "no-assistants"])
def test_facts_match_the_schema(repo: str) -> None:
    schema = _schema()
    Draft202012Validator.check_schema(schema)
    Draft202012Validator(schema).validate(collect(REPOS / repo).to_json())


def _schema() -> dict[str, Any]:
    """The section's schema (with the shared definitions)."""
    return section_schema("plugins")
