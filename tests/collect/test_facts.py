"""collect_facts: every collector on one repository, as the repo-facts document."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from aipolicy.collect import collect_facts, utc_now
from aipolicy.errors import ConfigError, UsageError
from aipolicy.validation import load_schema, schema_errors
from tests.collect.test_manifest import VALID_MANIFEST_JSON

REPOS = Path(__file__).resolve().parents[1] / "fixtures" / "repos"
NOW = "2026-01-01T00:00:00Z"

ALL_ASSISTANTS_JSON = [
    {
        "tool": "claude-code",
        "files": [
            {"path": ".claude/commands/review.md", "kind": "commands"},
            {"path": ".claude/settings.json", "kind": "settings"},
            {"path": ".mcp.json", "kind": "mcp"},
            {"path": "CLAUDE.md", "kind": "instructions"},
        ],
    },
    {"tool": "codex", "files": [{"path": ".codex/config.toml", "kind": "settings"}]},
    {
        "tool": "copilot",
        "files": [
            {"path": ".github/copilot-instructions.md", "kind": "instructions"},
            {"path": ".github/instructions/python.instructions.md", "kind": "instructions"},
        ],
    },
    {
        "tool": "cursor",
        "files": [
            {"path": ".cursor/rules/style.mdc", "kind": "rules"},
            {"path": ".cursorignore", "kind": "ignore"},
        ],
    },
    {
        "tool": "gemini",
        "files": [
            {"path": ".gemini/settings.json", "kind": "settings"},
            {"path": "GEMINI.md", "kind": "instructions"},
        ],
    },
]


def test_facts_of_the_all_assistants_fixture_are_a_valid_repo_facts_document() -> None:
    doc = collect_facts(REPOS / "all-assistants", now=NOW).to_input()

    assert schema_errors(doc, "repo-facts") == []
    assert set(doc) == set(load_schema("repo-facts")["required"])
    assert doc["schema_version"] == 1
    assert doc["context"] == {"now": NOW, "fail_on": "high"}
    assert doc["repository"] == {
        "name": "all-assistants",
        "remote": None,
        "head": None,
        "identity_source": "none",
        "listing": "walk",
        "file_count": 13,
    }
    assert doc["manifest"] == {"present": False, "path": ".aipolicy.yaml"}
    assert doc["assistants"] == ALL_ASSISTANTS_JSON
    assert doc["parse_errors"] == []


def test_the_context_is_the_time_and_threshold_passed_in() -> None:
    facts = collect_facts(REPOS / "all-assistants", now="2030-06-15T08:30:00Z", fail_on="low")

    assert facts.to_input()["context"] == {"now": "2030-06-15T08:30:00Z", "fail_on": "low"}


def test_without_now_the_context_is_the_current_utc_time_to_the_second() -> None:
    before = utc_now()
    now = collect_facts(REPOS / "no-assistants").to_input()["context"]["now"]
    after = utc_now()

    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", now)
    assert before <= now <= after


def test_facts_with_a_manifest_carry_it_and_stay_schema_valid(tmp_path: Path) -> None:
    repo = tmp_path / "payments-api"
    shutil.copytree(REPOS / "all-assistants", repo)
    shutil.copy(REPOS / "manifest-valid" / ".aipolicy.yaml", repo / ".aipolicy.yaml")

    doc = collect_facts(repo, now=NOW).to_input()

    assert schema_errors(doc, "repo-facts") == []
    assert doc["repository"]["remote"] is None
    assert doc["repository"]["identity_source"] == "none"
    assert doc["manifest"] == VALID_MANIFEST_JSON
    assert doc["assistants"] == ALL_ASSISTANTS_JSON


def test_facts_of_a_repository_without_assistants_list_none() -> None:
    doc = collect_facts(REPOS / "no-assistants", now=NOW).to_input()

    assert schema_errors(doc, "repo-facts") == []
    assert doc["assistants"] == []


def test_an_invalid_manifest_stops_collection_with_a_config_error() -> None:
    with pytest.raises(ConfigError) as caught:
        collect_facts(REPOS / "manifest-invalid-enum", now=NOW)

    assert ".aipolicy.yaml:5: kind: 'microservice' is not one of" in caught.value.message


def test_a_missing_repository_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        collect_facts(tmp_path / "missing", now=NOW)
