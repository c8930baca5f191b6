"""Assistants: which AI coding assistants a repository is configured for, by their files."""

from __future__ import annotations

import os
from pathlib import Path

from aipolicy.collect.assistants import AssistantsCollector
from aipolicy.collect.repo import Repo
from aipolicy.facts import AssistantUse, FileRef

REPOS = Path(__file__).resolve().parents[1] / "fixtures" / "repos"


def collect(path: Path) -> tuple[AssistantUse, ...]:
    return AssistantsCollector().collect(Repo(path))


def test_every_assistant_is_reported_with_its_files_sorted_by_tool_then_path() -> None:
    assert collect(REPOS / "all-assistants") == (
        AssistantUse(
            "claude-code",
            (
                FileRef(".claude/commands/review.md", "commands"),
                FileRef(".claude/settings.json", "settings"),
                FileRef(".mcp.json", "mcp"),
                FileRef("CLAUDE.md", "instructions"),
            ),
        ),
        AssistantUse("codex", (FileRef(".codex/config.toml", "settings"),)),
        AssistantUse(
            "copilot",
            (
                FileRef(".github/copilot-instructions.md", "instructions"),
                FileRef(".github/instructions/python.instructions.md", "instructions"),
            ),
        ),
        AssistantUse(
            "cursor",
            (
                FileRef(".cursor/rules/style.mdc", "rules"),
                FileRef(".cursorignore", "ignore"),
            ),
        ),
        AssistantUse(
            "gemini",
            (
                FileRef(".gemini/settings.json", "settings"),
                FileRef("GEMINI.md", "instructions"),
            ),
        ),
    )


def test_assistant_uses_serialise_to_the_facts_document_shape() -> None:
    assert [use.to_json() for use in collect(REPOS / "all-assistants")] == [
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


def test_repository_without_assistant_files_reports_none() -> None:
    assert collect(REPOS / "no-assistants") == ()


def test_wrongly_cased_names_are_not_reported() -> None:
    # claude.md, Gemini.md and .Claude/settings.json are not the names the assistants read.
    # (On a case-insensitive filesystem they would be; Linux is case-sensitive.)
    assert sorted(os.listdir(REPOS / "wrong-case")) == [".Claude", "Gemini.md", "claude.md"]

    assert collect(REPOS / "wrong-case") == ()


def test_files_in_nested_directories_of_a_directory_signature_all_count(tmp_path: Path) -> None:
    (tmp_path / ".claude" / "agents" / "team").mkdir(parents=True)
    (tmp_path / ".claude" / "agents" / "team" / "reviewer.md").write_text("# reviewer\n")
    (tmp_path / ".claude" / "agents" / "planner.md").write_text("# planner\n")

    assert collect(tmp_path) == (
        AssistantUse(
            "claude-code",
            (
                FileRef(".claude/agents/planner.md", "agents"),
                FileRef(".claude/agents/team/reviewer.md", "agents"),
            ),
        ),
    )


def test_an_empty_signature_directory_does_not_count(tmp_path: Path) -> None:
    (tmp_path / ".cursor" / "rules").mkdir(parents=True)
    (tmp_path / ".claude" / "commands").mkdir(parents=True)

    assert collect(tmp_path) == ()


def test_a_directory_named_like_a_signature_file_does_not_count(tmp_path: Path) -> None:
    (tmp_path / "CLAUDE.md").mkdir()
    (tmp_path / "CLAUDE.md" / "notes.txt").write_text("not an instructions file\n")

    assert collect(tmp_path) == ()


def test_a_single_file_is_enough_to_report_its_assistant(tmp_path: Path) -> None:
    (tmp_path / ".aiderignore").write_text("secrets/\n")

    assert collect(tmp_path) == (AssistantUse("aider", (FileRef(".aiderignore", "ignore"),)),)


def test_symlinked_config_pointing_outside_the_repo_is_not_reported(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    outside = tmp_path / "outside"
    root.mkdir()
    (outside / "rules").mkdir(parents=True)
    (outside / "CLAUDE.md").write_text("# elsewhere\n")
    (outside / "rules" / "style.mdc").write_text("rule\n")
    (root / ".cursor").mkdir()
    os.symlink(outside / "CLAUDE.md", root / "CLAUDE.md")
    os.symlink(outside / "rules", root / ".cursor" / "rules")
    (root / "GEMINI.md").write_text("# real\n")

    assert collect(root) == (AssistantUse("gemini", (FileRef("GEMINI.md", "instructions"),)),)


def test_symlinked_config_pointing_inside_the_repo_is_reported_under_its_own_name(
    tmp_path: Path,
) -> None:
    (tmp_path / "AGENTS.md").write_text("# shared instructions\n")
    os.symlink("AGENTS.md", tmp_path / "CLAUDE.md")

    assert collect(tmp_path) == (
        AssistantUse("claude-code", (FileRef("CLAUDE.md", "instructions"),)),
    )


def test_a_fifo_in_place_of_a_config_file_is_not_reported(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / ".mcp.json")
    (tmp_path / ".cursor" / "rules").mkdir(parents=True)
    os.mkfifo(tmp_path / ".cursor" / "rules" / "style.mdc")

    assert collect(tmp_path) == ()
